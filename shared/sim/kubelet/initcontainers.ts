import type { Engine } from "../engine/Engine.ts";
import type { MachineState } from "../model/machine.ts";
import type { Pod } from "../model/pod.ts";
import { isSidecar, sidecarsOf } from "../model/podcontainers.ts";
import { containerKey } from "../runtime/containers.ts";
import { probedStarted } from "./prober/results.ts";
import { restartsAfter } from "./status.ts";

/**
 * computeInitContainerActions, as the game needs it: init containers run one at a time, in order;
 * the next waits until a regular one has succeeded or a sidecar has started (its startup probe
 * passed). The app containers start once every init container is done; from then on the pod stays
 * initialized (a sidecar that restarts does not hold the app back).
 */
export interface InitGate {
  initialized: boolean;
  /** The init container whose turn it is, while the pod is not initialized. */
  turn?: string;
}

export function initGate(engine: Engine, machine: MachineState, pod: Pod): InitGate {
  const init = pod.spec.initContainers ?? [];
  if (init.length === 0) return { initialized: true };
  const uid = pod.metadata.uid;
  // An app container already created: the pod was initialized (HasAnyRegularContainerStarted).
  if (pod.spec.containers.some((c) => machine.containers[containerKey(uid, c.name)]))
    return { initialized: true };
  for (const c of init) {
    const instance = machine.containers[containerKey(uid, c.name)];
    if (isSidecar(c)) {
      const running = instance?.startedAt !== undefined && instance.finishedAt === undefined;
      if (running && probedStarted(engine, pod, c, instance.id)) continue;
    } else if (instance?.finishedAt !== undefined && instance.exitCode === 0) continue;
    return { initialized: false, turn: c.name };
  }
  return { initialized: true };
}

/**
 * Every app container has finished and none will restart (a Job's pod, a pod with restartPolicy
 * Never): the kubelet stops the sidecars, which then stay down.
 */
export function appContainersDone(machine: MachineState, pod: Pod): boolean {
  if (sidecarsOf(pod.spec).length === 0) return false;
  const uid = pod.metadata.uid;
  return pod.spec.containers.every((c) => {
    const instance = machine.containers[containerKey(uid, c.name)];
    return instance?.finishedAt !== undefined && !restartsAfter(pod, c.name, instance.exitCode ?? 0);
  });
}
