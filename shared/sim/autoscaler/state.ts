import type { AutoscalingSpec } from "./spec.ts";

/** What the cluster autoscaler knows and remembers (its memory is the pod's: kept in the state here). */
export interface ClusterAutoscalerState {
  spec: AutoscalingSpec;
  /** Next scan (--scan-interval 10 s). */
  nextScanAt: number;
  /** Nodes found unneeded, since when (they go after scale-down-unneeded-time). */
  unneededSince: Record<string, number>;
  lastScaleUpAt?: number;
  /** Nodes being removed: tainted ToBeDeletedByClusterAutoscaler and drained, then deleted. */
  deleting: Record<string, number>;
}
