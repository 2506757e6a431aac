import type { Container, ContainerStatus, Pod, PodSpec } from "./pod.ts";

/**
 * A pod's containers in the order the kubelet knows them: init containers (run one by one first;
 * those with restartPolicy Always are sidecars that keep running), then the app containers.
 * kubelet/, runtime/, kubectl and the view find a container and its status through these.
 */
export function allContainers(spec: PodSpec): Container[] {
  const init = spec.initContainers;
  return init && init.length > 0 ? [...init, ...spec.containers] : spec.containers;
}

export function containerSpec(pod: Pod, name: string): Container | undefined {
  return (
    pod.spec.containers.find((c) => c.name === name) ?? pod.spec.initContainers?.find((c) => c.name === name)
  );
}

/** A restartable init container (KEP-753): started in order before the app, kept running beside it. */
export function isSidecar(container: Container | undefined): boolean {
  return container?.restartPolicy === "Always";
}

export function isInitContainer(pod: Pod, name: string): boolean {
  return pod.spec.initContainers?.some((c) => c.name === name) ?? false;
}

export function sidecarsOf(spec: PodSpec): Container[] {
  return (spec.initContainers ?? []).filter(isSidecar);
}

/** The status list a container's status lives in: initContainerStatuses or containerStatuses. */
export function statusListFor(pod: Pod, name: string): ContainerStatus[] {
  if (isInitContainer(pod, name)) {
    pod.status.initContainerStatuses ??= [];
    return pod.status.initContainerStatuses;
  }
  return pod.status.containerStatuses;
}

/** Every container status of the pod (init first). */
export function allStatuses(pod: Pod): ContainerStatus[] {
  const init = pod.status.initContainerStatuses;
  return init && init.length > 0 ? [...init, ...pod.status.containerStatuses] : pod.status.containerStatuses;
}

export function statusOf(pod: Pod, name: string): ContainerStatus | undefined {
  return allStatuses(pod).find((s) => s.name === name);
}
