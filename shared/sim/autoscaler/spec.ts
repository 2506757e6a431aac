import type { ProviderName } from "../model/node.ts";

/**
 * The cluster autoscaler's configuration, as a scenario declares it (`spec.autoscaling`): node groups
 * (an EC2 Auto Scaling group, a GKE node pool, an AKS node pool, a pool of local machines), each of one
 * instance type, on-demand or spot, between min and max nodes; and the scale-down settings, with the
 * cluster autoscaler's defaults.
 */
export interface NodeGroupSpec {
  name: string;
  provider: ProviderName;
  instanceType: string;
  min: number;
  max: number;
  /** Spot (AWS), Spot VMs (GCP), Spot (Azure): cheaper, and reclaimed with notice. */
  spot?: boolean;
}

export interface AutoscalingSpec {
  nodeGroups: NodeGroupSpec[];
  /** --scale-down-unneeded-time: how long a node must be unneeded before it goes (default 10 min). */
  scaleDownUnneededSeconds?: number;
  /** --scale-down-delay-after-add: no scale-down this long after a scale-up (default 10 min). */
  scaleDownDelayAfterAddSeconds?: number;
  /** --scale-down-utilization-threshold: below this share of requests a node may go (default 0.5). */
  scaleDownUtilizationThreshold?: number;
}

export const SCALE_DOWN_UNNEEDED_SECONDS = 600;
export const SCALE_DOWN_DELAY_AFTER_ADD_SECONDS = 600;
export const SCALE_DOWN_UTILIZATION_THRESHOLD = 0.5;
/** --scan-interval. */
export const SCAN_INTERVAL_MS = 10_000;
/** The label kubeclass puts on a node group's nodes (as eks.amazonaws.com/nodegroup or cloud.google.com/gke-nodepool). */
export const NODE_GROUP_LABEL = "kubeclass.dev/node-group";
