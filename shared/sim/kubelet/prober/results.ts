import type { Engine } from "../../engine/Engine.ts";
import type { KubeletState, ProbeWorker } from "../../model/kubelet.ts";
import type { Container, Pod, ProbeType } from "../../model/pod.ts";

/**
 * What the prober's results managers say about a container instance, as the kubelet's status manager
 * reads them: started once its startup probe succeeded (at once without one), ready once its readiness
 * probe succeeded (at once without one).
 */
export const PROBE_TYPES: readonly ProbeType[] = ["startup", "liveness", "readiness"];

export function probeOf(container: Container, type: ProbeType) {
  return type === "startup"
    ? container.startupProbe
    : type === "liveness"
      ? container.livenessProbe
      : container.readinessProbe;
}

export function probeKey(podUID: string, container: string, type: ProbeType): string {
  return `${podUID}/${container}/${type}`;
}

export function workerOf(
  kubelet: KubeletState | undefined,
  pod: Pod,
  container: string,
  type: ProbeType,
): ProbeWorker | undefined {
  return kubelet?.probes?.[probeKey(pod.metadata.uid, container, type)];
}

function passed(engine: Engine, pod: Pod, container: Container, type: ProbeType, id?: string): boolean {
  if (!probeOf(container, type)) return true;
  const kubelet = engine.state.kubelets[pod.spec.nodeName ?? ""];
  const w = workerOf(kubelet, pod, container.name, type);
  return w !== undefined && w.result === "success" && (id === undefined || w.containerID === id);
}

/** containerStatus.started: running, and its startup probe (if any) succeeded. */
export function probedStarted(
  engine: Engine,
  pod: Pod,
  container: Container | undefined,
  id?: string,
): boolean {
  return container === undefined || passed(engine, pod, container, "startup", id);
}

/** containerStatus.ready: started, and its readiness probe (if any) succeeded. */
export function probedReady(
  engine: Engine,
  pod: Pod,
  container: Container | undefined,
  id?: string,
): boolean {
  return (
    container === undefined ||
    (passed(engine, pod, container, "startup", id) && passed(engine, pod, container, "readiness", id))
  );
}
