import type { ContainerStatus, Pod, PodPhase } from "../model/pod.ts";
import { isSidecar } from "../model/podcontainers.ts";

/**
 * kubelet's getPhase and the Initialized condition (pkg/kubelet/kubelet_pods.go, pkg/kubelet/status),
 * with init containers: regular ones must all have succeeded, sidecars must have started; a failed
 * init container fails a pod that never restarts.
 */
const find = (list: ContainerStatus[] | undefined, name: string) => list?.find((s) => s.name === name);

/** HasAnyRegularContainerStarted: once an app container ran, the pod has been initialized. */
export function anyRegularContainerStarted(pod: Pod): boolean {
  return pod.status.containerStatuses.some((s) => "running" in s.state || "terminated" in s.state);
}

export function computePhase(pod: Pod): PodPhase {
  const spec = pod.spec;
  const initStatuses = pod.status.initContainerStatuses;
  let pendingInitialization = 0;
  let failedInitialization = 0;
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const container of spec.initContainers ?? []) {
    const s = find(initStatuses, container.name);
    if (isSidecar(container)) {
      // Terminated sidecars do not count for the phase.
      if (!s) {
        pendingInitialization++;
        unknown++;
      } else if ("running" in s.state) {
        if (!s.started) pendingInitialization++;
        running++;
      } else if ("waiting" in s.state && !("terminated" in s.lastState)) {
        pendingInitialization++;
        waiting++;
      }
      continue;
    }
    if (!s || "running" in s.state) pendingInitialization++;
    else if ("terminated" in s.state) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if ("terminated" in s.lastState) {
      if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
    } else pendingInitialization++;
  }
  for (const container of spec.containers) {
    const s = find(pod.status.containerStatuses, container.name);
    if (!s) unknown++;
    else if ("running" in s.state) running++;
    else if ("terminated" in s.state) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if ("terminated" in s.lastState) stopped++;
    else waiting++;
  }
  if (failedInitialization > 0 && spec.restartPolicy === "Never") return "Failed";
  if ((pendingInitialization > 0 && !anyRegularContainerStarted(pod)) || waiting > 0) return "Pending";
  if (running > 0 && unknown === 0) return "Running";
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (spec.restartPolicy === "Always") return "Running";
    if (stopped === succeeded) return "Succeeded";
    if (spec.restartPolicy === "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

/** GeneratePodInitializedCondition: the init containers not done yet, or none. */
export function uninitialized(pod: Pod): string | undefined {
  const init = pod.spec.initContainers ?? [];
  if (init.length === 0) return undefined;
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const container of init) {
    const s = find(pod.status.initContainerStatuses, container.name);
    if (!s) unknown.push(container.name);
    else if (isSidecar(container)) {
      if (!s.started) incomplete.push(container.name);
    } else if (!("terminated" in s.state) || s.state.terminated.exitCode !== 0)
      incomplete.push(container.name);
  }
  if (pod.status.phase === "Succeeded" && unknown.length === 0) return undefined;
  if (anyRegularContainerStarted(pod)) return undefined;
  const messages = [
    ...(unknown.length ? [`containers with unknown status: [${unknown.join(" ")}]`] : []),
    ...(incomplete.length ? [`containers with incomplete status: [${incomplete.join(" ")}]`] : []),
  ];
  return messages.length ? messages.join(", ") : undefined;
}
