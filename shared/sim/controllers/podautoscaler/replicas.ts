import type { Pod } from "../../model/pod.ts";

/**
 * The replica calculator for a resource utilisation target (pkg/controller/podautoscaler/
 * replica_calculator.go, GetResourceReplicas and calcPlainMetricReplicas): utilisation is the pods'
 * summed usage over their summed requests; desired = ceil(ready pods × utilisation / target), unless
 * within the 10 % tolerance; pods not yet Ready count as using nothing on a scale-up, so a rush of
 * starting pods does not trigger another.
 */
export const TOLERANCE = 0.1;

export interface PodMetric {
  pod: Pod;
  /** Millicores used. */
  usage: number;
}

export type ReplicaResult =
  | { ok: true; replicas: number; utilization: number; averageUsage: number }
  | { ok: false; reason: "FailedGetResourceMetric"; message: string };

/** metricsclient.GetResourceUtilizationRatio. */
function utilizationRatio(
  metrics: readonly { usage: number; request: number }[],
  target: number,
): { ratio: number; utilization: number; average: number } {
  let usage = 0;
  let requests = 0;
  for (const m of metrics) {
    usage += m.usage;
    requests += m.request;
  }
  const utilization = Math.trunc((usage * 100) / requests);
  return {
    ratio: utilization / target,
    utilization,
    average: metrics.length ? Math.trunc(usage / metrics.length) : 0,
  };
}

/** groupPods: ready pods with metrics, unready (starting) pods; finished or deleted pods are ignored. */
function groupPods(pods: readonly PodMetric[]): { ready: PodMetric[]; unready: PodMetric[] } {
  const ready: PodMetric[] = [];
  const unready: PodMetric[] = [];
  for (const m of pods) {
    const p = m.pod;
    if (
      p.metadata.deletionTimestamp !== undefined ||
      p.status.phase === "Failed" ||
      p.status.phase === "Succeeded"
    )
      continue;
    const isReady =
      p.status.phase === "Running" &&
      p.status.conditions.some((c) => c.type === "Ready" && c.status === "True");
    (isReady ? ready : unready).push(m);
  }
  return { ready, unready };
}

export function resourceReplicas(
  currentReplicas: number,
  targetUtilization: number,
  pods: readonly PodMetric[],
  resource = "cpu",
): ReplicaResult {
  if (pods.length === 0) {
    return {
      ok: false,
      reason: "FailedGetResourceMetric",
      message: `did not receive metrics for targeted pods (pods might be unready)`,
    };
  }
  const missingRequest = pods.find((m) => m.pod.requests.cpu <= 0);
  if (missingRequest) {
    return {
      ok: false,
      reason: "FailedGetResourceMetric",
      message: `failed to get ${resource} utilization: missing request for ${resource} in container ${missingRequest.pod.spec.containers[0]?.name ?? ""} of Pod ${missingRequest.pod.metadata.name}`,
    };
  }
  const { ready, unready } = groupPods(pods);
  const withRequest = (m: PodMetric, usage = m.usage) => ({ usage, request: m.pod.requests.cpu });
  if (ready.length === 0) {
    return {
      ok: false,
      reason: "FailedGetResourceMetric",
      message: `did not receive metrics for targeted pods (pods might be unready)`,
    };
  }
  const first = utilizationRatio(
    ready.map((m) => withRequest(m)),
    targetUtilization,
  );
  const rebalanceIgnored = unready.length > 0 && first.ratio > 1;
  if (!rebalanceIgnored) {
    if (Math.abs(1 - first.ratio) <= TOLERANCE) {
      return {
        ok: true,
        replicas: currentReplicas,
        utilization: first.utilization,
        averageUsage: first.average,
      };
    }
    return {
      ok: true,
      replicas: Math.ceil(first.ratio * ready.length),
      utilization: first.utilization,
      averageUsage: first.average,
    };
  }
  // On a scale-up, starting pods count as idle: recompute with them at zero.
  const all = [...ready.map((m) => withRequest(m)), ...unready.map((m) => withRequest(m, 0))];
  const second = utilizationRatio(all, targetUtilization);
  const flips = (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1);
  if (Math.abs(1 - second.ratio) <= TOLERANCE || flips) {
    return {
      ok: true,
      replicas: currentReplicas,
      utilization: first.utilization,
      averageUsage: first.average,
    };
  }
  const replicas = Math.ceil(second.ratio * all.length);
  if ((second.ratio < 1 && replicas > currentReplicas) || (second.ratio > 1 && replicas < currentReplicas)) {
    return {
      ok: true,
      replicas: currentReplicas,
      utilization: first.utilization,
      averageUsage: first.average,
    };
  }
  return { ok: true, replicas, utilization: first.utilization, averageUsage: first.average };
}
