import type { Engine } from "../../engine/Engine.ts";
import type { KubeletState, ProbeWorker } from "../../model/kubelet.ts";
import type { MachineState, RuntimeContainer } from "../../model/machine.ts";
import type { Node } from "../../model/node.ts";
import type { Container, Pod, Probe, ProbeType } from "../../model/pod.ts";
import { containerKey, stopContainer } from "../../runtime/containers.ts";
import { podRef } from "../../runtime/puller.ts";
import { isTerminal, reportPodStatus } from "../status.ts";
import { runProbe } from "./probe.ts";
import { PROBE_TYPES, probedStarted, probeKey, probeOf } from "./results.ts";

/**
 * The kubelet's prober (pkg/kubelet/prober/worker.go): one worker per container and probe type,
 * ticking every periodSeconds from when the kubelet added the pod. A probe runs once the container
 * runs and initialDelaySeconds have passed; liveness and readiness wait for the startup probe. After
 * failureThreshold failures in a row (successThreshold successes) the result flips: readiness drives
 * the container's ready flag and the pod's Ready condition; a liveness or startup failure kills the
 * container, which is restarted per restartPolicy. Every failed probe is an Unhealthy event.
 */
const INITIAL: Record<ProbeType, ProbeWorker["result"]> = {
  liveness: "success",
  readiness: "failure",
  startup: "unknown",
};

const TITLE: Record<ProbeType, string> = { liveness: "Liveness", readiness: "Readiness", startup: "Startup" };

/** Containers the prober watches: app containers and sidecars (restartable init containers). */
export function probedContainers(pod: Pod): Container[] {
  return [
    ...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always"),
    ...pod.spec.containers,
  ];
}

/**
 * The prober's visit of every worker on the node. `manual`: a student holds the kubelet seat and runs
 * each probe when it comes due (RunProbe); the prober only keeps time, results and kills.
 */
export function runProbes(
  engine: Engine,
  node: Node,
  machine: MachineState,
  kubelet: KubeletState,
  manual = false,
): void {
  kubelet.probes ??= {};
  for (const pod of engine.podsOnNode(node.metadata.name)) {
    const uid = pod.metadata.uid;
    if (!kubelet.admitted[uid] || isTerminal(pod)) continue;
    let changed = false;
    // the workers' memory is part of the kubelet's view (result, run, next probe): said changed when it is
    let remembered = false;
    for (const container of probedContainers(pod)) {
      const instance = machine.containers[containerKey(uid, container.name)];
      for (const type of PROBE_TYPES) {
        const probe = probeOf(container, type);
        if (!probe) continue;
        const key = probeKey(uid, container.name, type);
        let w = kubelet.probes[key];
        if (!w) {
          w = { since: engine.now, result: INITIAL[type], run: 0 };
          kubelet.probes[key] = w;
          remembered = true;
        }
        const before = workerMemory(w);
        if (doProbe(engine, node, pod, container, instance, type, probe, w, manual)) changed = true;
        if (!remembered && workerMemory(w) !== before) remembered = true;
      }
    }
    if (changed || remembered) engine.podChanged("Kubelet", node.metadata.name, uid);
    if (changed) reportPodStatus(engine, pod, true);
  }
}

/** The first point of the worker's grid at or after `t`. */
function onGrid(w: ProbeWorker, probe: Probe, t: number): number {
  const period = probe.periodSeconds * 1000;
  return w.since + Math.max(0, Math.ceil((t - w.since) / period)) * period;
}

/** One visit of a worker; true when the result the status reads changed. */
/** A worker's memory in one string, to tell whether a visit changed it. */
function workerMemory(w: ProbeWorker): string {
  return `${w.containerID}|${w.result}|${w.lastResult}|${w.run}|${w.output}|${w.onHold}|${w.nextAt}`;
}

function doProbe(
  engine: Engine,
  node: Node,
  pod: Pod,
  container: Container,
  instance: RuntimeContainer | undefined,
  type: ProbeType,
  probe: Probe,
  w: ProbeWorker,
  manual: boolean,
): boolean {
  const now = engine.now;
  if (!instance || instance.startedAt === undefined) return false;
  let changed = false;
  if (w.containerID !== instance.id) {
    w.containerID = instance.id;
    w.result = INITIAL[type];
    w.run = 0;
    delete w.lastResult;
    delete w.onHold;
    delete w.nextAt;
    changed = true;
  }
  if (instance.finishedAt !== undefined) {
    // A container that is not running is not ready (the results manager is set to failure).
    if (w.result !== "failure") {
      w.result = "failure";
      changed = true;
    }
    return changed;
  }
  if (w.onHold || instance.stopRequestedAt !== undefined) return changed;
  // While the pod terminates, only readiness is probed.
  if (pod.metadata.deletionTimestamp !== undefined && type !== "readiness") return changed;
  if (type === "startup" && w.result === "success") return changed;
  if (type !== "startup" && !probedStarted(engine, pod, container, instance.id)) {
    delete w.nextAt;
    return changed;
  }
  if (w.nextAt === undefined) {
    const earliest = Math.max(now, instance.startedAt + probe.initialDelaySeconds * 1000);
    // Readiness without a result is triggered at once when the container runs (UpdatePodStatus).
    w.nextAt =
      type === "readiness" && probe.initialDelaySeconds === 0 ? earliest : onGrid(w, probe, earliest);
  }
  if (w.nextAt > now) {
    engine.wake(`node:${node.metadata.name}`, w.nextAt);
    return changed;
  }
  // due: the student's to run (RunProbe), until then it stays due
  if (manual) return changed;
  return probeOnce(engine, node, pod, container, instance, type, probe, w) || changed;
}

/** A probe that is due, run now: its event, the worker's run and result, a kill past the threshold. */
function probeOnce(
  engine: Engine,
  node: Node,
  pod: Pod,
  container: Container,
  instance: RuntimeContainer,
  type: ProbeType,
  probe: Probe,
  w: ProbeWorker,
): boolean {
  const now = engine.now;
  let changed = false;
  w.nextAt = onGrid(w, probe, now + 1);
  engine.wake(`node:${node.metadata.name}`, w.nextAt);
  const outcome = runProbe(engine.state, pod, container, instance, probe);
  if (outcome.result === "failure") {
    engine.emit({
      type: "Warning",
      reason: "Unhealthy",
      message: `${TITLE[type]} probe failed: ${outcome.output}`,
      involvedObject: podRef(pod, container.name),
      source: { component: "kubelet", host: node.metadata.name },
    });
  }
  if (outcome.result === "failure") w.output = outcome.output;
  else delete w.output;
  if (w.lastResult === outcome.result) w.run++;
  else {
    w.lastResult = outcome.result;
    w.run = 1;
  }
  const threshold = outcome.result === "failure" ? probe.failureThreshold : probe.successThreshold;
  if (w.run < threshold) return changed;
  if (w.result !== outcome.result) {
    w.result = outcome.result;
    changed = true;
  }
  if (outcome.result === "failure" && type !== "readiness") {
    w.onHold = true;
    w.run = 0;
    killForProbe(engine, node, pod, container, instance, type, probe);
  }
  return changed;
}

/**
 * A student's RunProbe at the kubelet seat: the container's probe of this type, if it is due (its
 * initialDelaySeconds passed, its period come round); refused with the reason otherwise.
 */
export function runDueProbe(
  engine: Engine,
  node: Node,
  machine: MachineState,
  kubelet: KubeletState,
  pod: Pod,
  container: Container,
  type: ProbeType,
): { ok: true } | { ok: false; message: string } {
  const probe = probeOf(container, type);
  const field = `${type}Probe`;
  if (!probe) return { ok: false, message: `container ${container.name} has no ${field}` };
  const instance = machine.containers[containerKey(pod.metadata.uid, container.name)];
  const w = kubelet.probes?.[probeKey(pod.metadata.uid, container.name, type)];
  if (!instance || instance.startedAt === undefined || instance.finishedAt !== undefined || !w) {
    return { ok: false, message: `container ${container.name} is not running: nothing to probe` };
  }
  if (w.onHold || instance.stopRequestedAt !== undefined) {
    return { ok: false, message: `container ${container.name} is being stopped: no more probes` };
  }
  if (w.containerID !== instance.id) {
    return {
      ok: false,
      message: `container ${container.name} has just started again: its ${field} starts over (initialDelaySeconds: ${probe.initialDelaySeconds})`,
    };
  }
  if (w.nextAt === undefined) {
    return {
      ok: false,
      message:
        type === "startup" && w.result === "success"
          ? `container ${container.name} has started: its startupProbe is done`
          : `the ${field} of container ${container.name} waits for its startupProbe`,
    };
  }
  if (w.nextAt > engine.now) {
    const s = Math.ceil((w.nextAt - engine.now) / 1000);
    return {
      ok: false,
      message: `the ${field} of container ${container.name} is not due for ${s}s (initialDelaySeconds: ${probe.initialDelaySeconds}, periodSeconds: ${probe.periodSeconds})`,
    };
  }
  if (probeOnce(engine, node, pod, container, instance, type, probe, w)) reportPodStatus(engine, pod, true);
  engine.podChanged("Kubelet", node.metadata.name, pod.metadata.uid);
  return { ok: true };
}

/** When the oldest due probe on the node came due (for a student's seat: work waiting), if any. */
export function dueProbesSince(
  engine: Engine,
  nodeName: string,
  machine: MachineState,
  kubelet: KubeletState,
): number | undefined {
  let since: number | undefined;
  for (const pod of engine.podsOnNode(nodeName)) {
    for (const container of probedContainers(pod)) {
      for (const type of PROBE_TYPES) {
        const w = kubelet.probes?.[probeKey(pod.metadata.uid, container.name, type)];
        if (!isDue(engine.now, machine, pod, container, w) || w?.nextAt === undefined) continue;
        since = since === undefined ? w.nextAt : Math.min(since, w.nextAt);
      }
    }
  }
  return since;
}

/** Is this worker's probe due now, on the container instance it probes (running, not being stopped)? */
export function isDue(
  now: number,
  machine: MachineState,
  pod: Pod,
  container: Container,
  w: ProbeWorker | undefined,
): boolean {
  if (w?.nextAt === undefined || w.nextAt > now || w.onHold) return false;
  const instance = machine.containers[containerKey(pod.metadata.uid, container.name)];
  return (
    instance !== undefined &&
    instance.id === w.containerID &&
    instance.startedAt !== undefined &&
    instance.finishedAt === undefined &&
    instance.stopRequestedAt === undefined
  );
}

/** computePodActions' kill of a container that failed its liveness or startup probe. */
function killForProbe(
  engine: Engine,
  node: Node,
  pod: Pod,
  container: Container,
  instance: RuntimeContainer,
  type: ProbeType,
  probe: Probe,
): void {
  const restart = pod.spec.restartPolicy !== "Never" || container.restartPolicy === "Always";
  engine.emit({
    type: "Normal",
    reason: "Killing",
    message: `Container ${container.name} failed ${type} probe${restart ? ", will be restarted" : ""}`,
    involvedObject: podRef(pod, container.name),
    source: { component: "kubelet", host: node.metadata.name },
  });
  const grace = probe.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds;
  stopContainer(engine, node, instance, grace * 1000);
}
