import { CONTAINER_ID_PREFIX } from "../apiserver/objects.ts";
import type { Engine } from "../engine/Engine.ts";
import { stateHash } from "../hash.ts";
import type { MachineState, RuntimeContainer } from "../model/machine.ts";
import type { ContainerRuntimeName, Node } from "../model/node.ts";
import type { Container, Pod } from "../model/pod.ts";
import { containerSpec } from "../model/podcontainers.ts";
import type { ImageManifest } from "../model/registry.ts";
import { findManifest } from "../registry/images.ts";
import { kernelOomMessage, memoryLimit, oomKillAt, reportsKernelOom } from "./limits.ts";
import { observe } from "./network.ts";
import type { ProcessRun } from "./process.ts";
import { evaluateProcess, ignoresSigterm, podView, prepareProcess, sigtermExitCode } from "./processes.ts";
import { podRef } from "./puller.ts";

/**
 * Containers on one machine: created, then started after the runtime's creation time, running their
 * process (the process model: runtime/process.ts) until it exits by itself or is stopped. Stopping
 * sends SIGTERM: a server exits within a second; a shell or `sleep` running as PID 1 ignores it and
 * is killed when the grace period ends.
 */
export const CREATE_MS: Record<ContainerRuntimeName, number> = { containerd: 200, podman: 300, docker: 400 };
export const SANDBOX_MS = 600;
const SIGTERM_EXIT_MS = 400;
/** How often the kubelet looks whether the cluster answers a process's questions differently. */
const OBSERVE_MS = 1_000;

export function containerKey(podUID: string, name: string): string {
  return `${podUID}/${name}`;
}

export function createContainer(
  engine: Engine,
  node: Node,
  machine: MachineState,
  pod: Pod,
  container: Container,
  manifest: ImageManifest,
): RuntimeContainer {
  const seq = machine.nextContainerSeq++;
  const id = stateHash(`${node.metadata.name}:${pod.metadata.uid}:${container.name}:${seq}`).repeat(4);
  const instance: RuntimeContainer = {
    id: `${CONTAINER_ID_PREFIX[node.machine.runtime]}${id}`,
    podUID: pod.metadata.uid,
    podKey: `${pod.metadata.namespace}/${pod.metadata.name}`,
    name: container.name,
    image: container.image,
    ref: `${manifest.repository}:${manifest.tag}`,
    imageID: `${manifest.repository}@${manifest.digest}`,
    createdAt: engine.now,
    process: prepareProcess(engine.state, pod, container, manifest),
  };
  const key = containerKey(pod.metadata.uid, container.name);
  const before = machine.containers[key];
  if (before) machine.previous[key] = before;
  machine.containers[key] = instance;
  engine.podChanged("Machine", node.metadata.name, pod.metadata.uid);
  engine.emit({
    type: "Normal",
    reason: "Created",
    message: `Created container ${container.name}`,
    involvedObject: podRef(pod, container.name),
    source: { component: "kubelet", host: node.metadata.name },
  });
  engine.wake(`node:${node.metadata.name}`, engine.now + CREATE_MS[node.machine.runtime]);
  return instance;
}

export type ContainerTransition = { instance: RuntimeContainer; to: "running" | "exited" };

/** Starts created containers whose creation finished and ends those whose process exits by now. */
export function advanceContainers(engine: Engine, node: Node, machine: MachineState): ContainerTransition[] {
  const now = engine.now;
  const transitions: ContainerTransition[] = [];
  const createMs = CREATE_MS[node.machine.runtime];
  for (const key of Object.keys(machine.containers).sort()) {
    const c = machine.containers[key] as RuntimeContainer;
    if (c.finishedAt !== undefined) continue;
    if (c.startedAt === undefined && c.createdAt + createMs <= now) {
      startProcess(engine, node, c);
      transitions.push({ instance: c, to: c.finishedAt === undefined ? "running" : "exited" });
      continue;
    }
    const end = Math.min(c.exitAt ?? Number.POSITIVE_INFINITY, c.stopAt ?? Number.POSITIVE_INFINITY);
    if (c.startedAt !== undefined && c.oomAt !== undefined && c.oomAt <= Math.min(end, now)) {
      oomKill(engine, node, c);
      transitions.push({ instance: c, to: "exited" });
      continue;
    }
    if (c.startedAt !== undefined && end <= now) {
      const killed = c.exitAt === undefined || (c.stopAt !== undefined && c.stopAt < c.exitAt);
      c.finishedAt = end;
      // A server exits cleanly on SIGTERM; a process still there at the end of the grace period is SIGKILLed.
      if (killed)
        c.exitCode =
          (c.stopAt ?? end) - (c.stopRequestedAt ?? end) <= SIGTERM_EXIT_MS ? (c.sigtermExitCode ?? 0) : 137;
      c.reason = c.exitCode === 0 ? "Completed" : "Error";
      transitions.push({ instance: c, to: "exited" });
    }
  }
  for (const t of transitions) engine.podChanged("Machine", node.metadata.name, t.instance.podUID);
  return transitions;
}

/** The kernel's OOM killer: SIGKILL at the moment the process's memory passes its cgroup's limit. */
function oomKill(engine: Engine, node: Node, c: RuntimeContainer): void {
  c.finishedAt = c.oomAt;
  c.exitCode = 137;
  c.reason = "OOMKilled";
  const pod = engine.state.pods[c.podKey];
  const limit = memoryLimit(pod ? containerSpec(pod, c.name) : undefined);
  if (!pod || limit === undefined || !reportsKernelOom(node)) return;
  engine.emit({
    type: "Warning",
    reason: "OOMKilling",
    message: kernelOomMessage(pod, c, limit, node.status.capacity.memory),
    involvedObject: { kind: "Node", name: node.metadata.name, uid: node.metadata.uid },
    source: { component: "kernel-monitor", host: node.metadata.name },
  });
}

function startProcess(engine: Engine, node: Node, c: RuntimeContainer): void {
  const pod = engine.state.pods[c.podKey];
  const container = pod ? containerSpec(pod, c.name) : undefined;
  const manifest = findManifest(engine.state, c.ref);
  const now = engine.now;
  if (!pod || !container) {
    c.finishedAt = now;
    c.exitCode = 137;
    c.reason = "Error";
    return;
  }
  c.startedAt = now;
  const result = evaluateProcess(engine.state, pod, c, manifest, 0, true);
  if (result.end.kind === "start-error") {
    c.finishedAt = now;
    c.exitCode = 128;
    c.reason = "StartError";
    c.message = result.end.message;
    engine.emit({
      type: "Warning",
      reason: "Failed",
      message: `Error: ${result.end.message}`,
      involvedObject: podRef(pod, c.name),
      source: { component: "kubelet", host: node.metadata.name },
    });
    return;
  }
  c.ignoresSigterm = ignoresSigterm(pod, c, manifest);
  applyRun(engine, node, c, result, container);
  const sigterm = sigtermExitCode(manifest, c.serves);
  if (sigterm !== 0) c.sigtermExitCode = sigterm;
  engine.emit({
    type: "Normal",
    reason: "Started",
    message: `Started container ${c.name}`,
    involvedObject: podRef(pod, c.name),
    source: { component: "kubelet", host: node.metadata.name },
  });
  if (result.run.notes.length > 0) {
    // Said where the student looks (events, logs), not only on stderr.
    const notes = result.run.notes.map((n) => n.charAt(0).toUpperCase() + n.slice(1));
    engine.emit({
      type: "Normal",
      reason: "NotSimulated",
      message: notes.join("; "),
      involvedObject: podRef(pod, c.name),
      source: { component: "kubeclass" },
    });
  }
}

/** What a run of the process says about the container: when it exits, what it holds, when to look again. */
function applyRun(
  engine: Engine,
  node: Node,
  c: RuntimeContainer,
  result: ProcessRun & { lastAsk: number },
  container: Container | undefined,
): void {
  const start = c.startedAt ?? engine.now;
  const { end, run } = result;
  if (run.memory > 0) {
    c.memoryBytes = run.memory;
    c.memoryFrom = start + run.memorySince;
    c.memoryFullAt = start + run.memoryRampMs;
  }
  const oomAt = oomKillAt(c, container);
  if (oomAt === undefined) delete c.oomAt;
  else {
    c.oomAt = oomAt;
    engine.wake(`node:${node.metadata.name}`, oomAt);
  }
  if (run.cpu > 0) c.cpuMillis = run.cpu;
  if (run.serving) {
    c.serves = run.serving.program;
    if (run.serving.listens) c.listens = run.serving.listens;
  }
  delete c.exitAt;
  delete c.nextPollAt;
  delete c.plannedUntil;
  delete c.asksUntil;
  const wake = (at: number) => engine.wake(`node:${node.metadata.name}`, at);
  if (end.kind === "exits") {
    c.exitAt = start + end.at;
    c.exitCode = end.exitCode;
    wake(c.exitAt);
  } else if (end.kind === "running" && start + end.until > engine.now) {
    // Computed an hour ahead (or as far as its step budget went): compute on when that time comes.
    c.plannedUntil = start + end.until;
  }
  // A process that will still ask the cluster (wget, nslookup) depends on it: look every second
  // whether the answers changed, until its last question.
  const asks = result.lastAsk >= 0 && start + result.lastAsk > engine.now;
  if (asks) c.asksUntil = start + result.lastAsk;
  const next = asks ? engine.now + OBSERVE_MS : undefined;
  c.nextPollAt = next === undefined ? c.plannedUntil : Math.min(next, c.plannedUntil ?? next);
  if (c.nextPollAt === undefined) delete c.nextPollAt;
  else wake(c.nextPollAt);
}

/** The kubelet looks again at processes that depend on the cluster or were computed only so far. */
export function pollProcesses(engine: Engine, node: Node, machine: MachineState): void {
  for (const key of Object.keys(machine.containers).sort()) {
    const c = machine.containers[key] as RuntimeContainer;
    if (c.nextPollAt === undefined || c.nextPollAt > engine.now || c.finishedAt !== undefined) continue;
    if (c.startedAt === undefined || c.stopRequestedAt !== undefined) continue;
    const pod = engine.state.pods[c.podKey];
    if (!pod) continue;
    const present = engine.now - c.startedAt;
    const changed = c.observed
      ? observe(engine.state, podView(engine.state, pod), c.observed, present)
      : false;
    if (!changed && (c.plannedUntil === undefined || engine.now < c.plannedUntil)) {
      const observing = c.asksUntil !== undefined && engine.now < c.asksUntil;
      const next = Math.min(
        observing ? engine.now + OBSERVE_MS : Number.POSITIVE_INFINITY,
        c.plannedUntil ?? Number.POSITIVE_INFINITY,
      );
      if (next === Number.POSITIVE_INFINITY) delete c.nextPollAt;
      else {
        c.nextPollAt = next;
        engine.wake(`node:${node.metadata.name}`, next);
      }
      continue;
    }
    const result = evaluateProcess(engine.state, pod, c, findManifest(engine.state, c.ref), present, true);
    if (result.end.kind === "start-error") continue;
    applyRun(engine, node, c, result, containerSpec(pod, c.name));
  }
}

/** Sends SIGTERM; PID 1 without a handler (shells, sleep) only dies at the end of the grace period. */
export function stopContainer(engine: Engine, node: Node, c: RuntimeContainer, gracePeriodMs: number): void {
  if (c.finishedAt !== undefined || c.stopRequestedAt !== undefined) return;
  const now = engine.now;
  c.stopRequestedAt = now;
  engine.podChanged("Machine", node.metadata.name, c.podUID);
  if (c.startedAt === undefined) {
    c.startedAt = now;
    c.stopAt = now;
  } else {
    const ignores = c.ignoresSigterm ?? c.exitAt !== undefined;
    c.stopAt = now + (ignores ? gracePeriodMs : Math.min(SIGTERM_EXIT_MS, gracePeriodMs));
  }
  engine.wake(`node:${node.metadata.name}`, c.stopAt);
}
