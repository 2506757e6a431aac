import type {
  KubeletStepView,
  ProbeView,
  PullView,
  RuntimeContainerView,
  RuntimeView,
} from "../protocol/state.ts";
import type { Engine } from "../sim/engine/Engine.ts";
import { PROBE_TYPES, probeKey, probeOf } from "../sim/kubelet/prober/results.ts";
import { type ContainerStep, containerStep } from "../sim/kubelet/step.ts";
import { unmounted } from "../sim/kubelet/volumes.ts";
import type { KubeletState } from "../sim/model/kubelet.ts";
import type { ImagePull, MachineState, RuntimeContainer } from "../sim/model/machine.ts";
import type { Container, Pod } from "../sim/model/pod.ts";
import { allContainers } from "../sim/model/podcontainers.ts";
import { containerKey } from "../sim/runtime/containers.ts";

/**
 * The machine behind a node as its kubelet sees it (pulls, containers, images), and the kubelet's next
 * step for each container. Pull progress is not here: it is a function of time the client computes
 * (shared/sim/runtime/puller.ts), so a pull changes the view only when it starts, fails or ends.
 */
export interface MachineViewResult {
  view: RuntimeView;
  /** The next simulated time at which the view changes without any write (a back-off ends), or Infinity. */
  changesAt: number;
}

function pullView(pull: ImagePull): PullView {
  return {
    id: pull.id,
    image: pull.image,
    ref: pull.ref,
    pod: pull.podKey,
    container: pull.container,
    registry: pull.registry ?? "",
    enqueuedAt: pull.enqueuedAt,
    startedAt: pull.startedAt ?? 0,
    downloadStartAt: pull.downloadStartAt ?? 0,
    bandwidth: pull.bandwidth ?? 0,
    doneAt: pull.doneAt ?? 0,
    error: pull.error ?? "",
    layers: (pull.layers ?? []).map((l) => ({ digest: l.digest, size: l.size, cached: l.cached })),
  };
}

function containerView(c: RuntimeContainer): RuntimeContainerView {
  return {
    id: c.id,
    pod: c.podKey,
    name: c.name,
    image: c.image,
    state: c.finishedAt !== undefined ? "exited" : c.startedAt !== undefined ? "running" : "created",
    startedAt: c.startedAt ?? 0,
    finishedAt: c.finishedAt ?? 0,
    exitCode: c.exitCode ?? 0,
    reason: c.reason ?? "",
  };
}

/** The prober's workers of one container, in the order they gate each other: startup, liveness, readiness. */
function probeViews(
  machine: MachineState,
  kubelet: KubeletState,
  pod: Pod,
  container: Container,
): ProbeView[] {
  const out: ProbeView[] = [];
  const instance = machine.containers[containerKey(pod.metadata.uid, container.name)];
  const running = instance?.startedAt !== undefined && instance.finishedAt === undefined;
  for (const type of PROBE_TYPES) {
    const probe = probeOf(container, type);
    if (!probe) continue;
    const w = kubelet.probes?.[probeKey(pod.metadata.uid, container.name, type)];
    out.push({
      type,
      result: w?.result ?? "unknown",
      lastResult: w?.lastResult ?? "",
      run: w?.run ?? 0,
      threshold: w?.lastResult === "success" ? probe.successThreshold : probe.failureThreshold,
      // only the running instance's worker comes due (a stopped container's probes wait for the next)
      nextAt: w?.onHold || !running || w?.containerID !== instance?.id ? 0 : (w?.nextAt ?? 0),
      output: w?.lastResult === "failure" ? (w.output ?? "") : "",
    });
  }
  return out;
}

/** Copies an unchanged pod's steps from the last view; false when it has not all of them (made anew). */
function keptSteps(
  previous: RuntimeView,
  pod: Pod,
  podKey: string,
  steps: Map<string, KubeletStepView>,
): boolean {
  const kept: KubeletStepView[] = [];
  for (const container of allContainers(pod.spec)) {
    const step = previous.steps.get(`${podKey}/${container.name}`);
    if (!step) return false;
    kept.push(step);
  }
  for (const step of kept) steps.set(step.key, step);
  return true;
}

function stepView(
  key: string,
  pod: string,
  container: string,
  step: ContainerStep,
  init = false,
  probes: ProbeView[] = [],
): KubeletStepView {
  return {
    init,
    probes,
    key,
    pod,
    container,
    step: step.step,
    reason: step.step === "wait" ? step.reason : step.step === "none" ? step.why : "",
    message: step.step === "wait" ? step.message : step.step === "none" ? "" : step.ref,
    until: step.step === "wait" ? (step.until ?? 0) : 0,
  };
}

/** What a node's machine view may keep of its last one. */
export interface MachineReuse {
  previous: RuntimeView;
  /**
   * The pods (uids) whose part of the machine or of the kubelet's memory changed since (the change feed's
   * `pods`): made again; every other pod's steps and containers are the last view's.
   */
  changed: ReadonlySet<string>;
}

/**
 * The machine's view with the kubelet's next step for every container of the pods bound to the node
 * (shared/sim/kubelet/step.ts): what its bot would do, and what a player on the seat may do. No steps
 * while the machine is down. The kubelet's side (the steps and the runtime's containers) is read only
 * by the kubelet panel: without `kubeletSide` both are left empty, and only what the board draws (up,
 * network, pulls, images) is made. With `reuse`, only the changed pods' part is made again.
 */
export function machineView(
  engine: Engine,
  node: string,
  kubeletSide = true,
  reuse?: MachineReuse,
): MachineViewResult | undefined {
  const machine = engine.state.machines[node];
  if (!machine) return undefined;
  const now = engine.now;
  let changesAt = Number.POSITIVE_INFINITY;
  const steps = new Map<string, KubeletStepView>();
  const kubelet = engine.state.kubelets[node];
  if (kubeletSide && machine.up && kubelet) {
    for (const pod of engine.podsOnNode(node)) {
      const podKey = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (reuse && !reuse.changed.has(pod.metadata.uid) && keptSteps(reuse.previous, pod, podKey, steps))
        continue;
      const sandbox = machine.sandboxes[pod.metadata.uid];
      if (sandbox && sandbox.readyAt > now) changesAt = Math.min(changesAt, sandbox.readyAt);
      // WaitForAttachAndMount: no sandbox while a volume cannot be mounted, and the kubelet says why
      const mountError =
        !sandbox && kubelet.mounts?.[pod.metadata.uid]?.mounted === false
          ? unmounted(engine, pod).find((u) => u.error)
          : undefined;
      const inits = new Set((pod.spec.initContainers ?? []).map((c) => c.name));
      for (const container of allContainers(pod.spec)) {
        const key = `${podKey}/${container.name}`;
        const step: ContainerStep = mountError
          ? {
              step: "wait",
              reason: "FailedMount",
              message: `MountVolume.SetUp failed for volume "${mountError.volume}" : ${mountError.error}`,
            }
          : containerStep(engine, machine, kubelet, pod, container);
        if (step.step === "wait" && step.until !== undefined && step.until > now) {
          changesAt = Math.min(changesAt, step.until);
        }
        const probes = probeViews(machine, kubelet, pod, container);
        steps.set(key, stepView(key, podKey, container.name, step, inits.has(container.name), probes));
      }
    }
  }
  const view: RuntimeView = {
    up: machine.up,
    networkUp: machine.networkUp,
    pulls: new Map(machine.pulls.map((p) => [String(p.id), pullView(p)])),
    containers: new Map(
      kubeletSide
        ? Object.entries(machine.containers).map(([k, c]) => [
            k,
            (reuse && !reuse.changed.has(c.podUID) && reuse.previous.containers.get(k)) || containerView(c),
          ])
        : [],
    ),
    images: new Set(Object.keys(machine.images)),
    steps,
  };
  return { view, changesAt };
}
