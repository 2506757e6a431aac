import type { KubeletStepView, PullView, RuntimeContainerView, RuntimeView } from "../protocol/state.ts";
import type { Engine } from "../sim/engine/Engine.ts";
import { type ContainerStep, containerStep } from "../sim/kubelet/step.ts";
import type { ImagePull, RuntimeContainer } from "../sim/model/machine.ts";

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

function stepView(key: string, pod: string, container: string, step: ContainerStep): KubeletStepView {
  return {
    key,
    pod,
    container,
    step: step.step,
    reason: step.step === "wait" ? step.reason : step.step === "none" ? step.why : "",
    message: step.step === "wait" ? step.message : step.step === "none" ? "" : step.ref,
    until: step.step === "wait" ? (step.until ?? 0) : 0,
  };
}

/**
 * The machine's view with the kubelet's next step for every container of the pods bound to the node
 * (shared/sim/kubelet/step.ts): what its bot would do, and what a player on the seat may do. No steps
 * while the machine is down.
 */
export function machineView(engine: Engine, node: string): MachineViewResult | undefined {
  const machine = engine.state.machines[node];
  if (!machine) return undefined;
  const now = engine.now;
  let changesAt = Number.POSITIVE_INFINITY;
  const steps = new Map<string, KubeletStepView>();
  const kubelet = engine.state.kubelets[node];
  if (machine.up && kubelet) {
    for (const pod of engine.podsOnNode(node)) {
      const podKey = `${pod.metadata.namespace}/${pod.metadata.name}`;
      const sandbox = machine.sandboxes[pod.metadata.uid];
      if (sandbox && sandbox.readyAt > now) changesAt = Math.min(changesAt, sandbox.readyAt);
      for (const container of pod.spec.containers) {
        const key = `${podKey}/${container.name}`;
        const step = containerStep(engine, machine, kubelet, pod, container);
        if (step.step === "wait" && step.until !== undefined && step.until > now) {
          changesAt = Math.min(changesAt, step.until);
        }
        steps.set(key, stepView(key, podKey, container.name, step));
      }
    }
  }
  const view: RuntimeView = {
    up: machine.up,
    networkUp: machine.networkUp,
    pulls: new Map(machine.pulls.map((p) => [String(p.id), pullView(p)])),
    containers: new Map(Object.entries(machine.containers).map(([k, c]) => [k, containerView(c)])),
    images: new Set(Object.keys(machine.images)),
    steps,
  };
  return { view, changesAt };
}
