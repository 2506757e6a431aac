import { NODE_GROUP_LABEL, type NodeGroupSpec } from "../autoscaler/spec.ts";
import type { ProviderName, Taint } from "../model/node.ts";

/**
 * Node groups as the clouds present them: the labels each provider puts on a pool's nodes, the spot
 * variant (its label, AKS's taint, its price and how much notice a reclaim gives), and a node's zone.
 */
export const SPOT_PRICE_FACTOR: Record<ProviderName, number> = { local: 1, aws: 0.3, gcp: 0.3, azure: 0.25 };
/** Seconds between the provider's reclaim notice and the machine going: EC2's two minutes, GCP's and Azure's 30 s. */
export const SPOT_NOTICE_SECONDS: Record<ProviderName, number> = { local: 30, aws: 120, gcp: 30, azure: 30 };

const POOL_LABEL: Record<ProviderName, string | undefined> = {
  local: undefined,
  aws: "eks.amazonaws.com/nodegroup",
  gcp: "cloud.google.com/gke-nodepool",
  azure: "kubernetes.azure.com/agentpool",
};

const SPOT_LABEL: Record<ProviderName, [string, string] | undefined> = {
  local: undefined,
  aws: ["eks.amazonaws.com/capacityType", "SPOT"],
  gcp: ["cloud.google.com/gke-spot", "true"],
  azure: ["kubernetes.azure.com/scalesetpriority", "spot"],
};

/** The labels of a node of this group. */
export function nodeGroupLabels(
  group: Pick<NodeGroupSpec, "name" | "provider" | "spot">,
  zone?: string,
): Record<string, string> {
  const labels: Record<string, string> = { [NODE_GROUP_LABEL]: group.name };
  const pool = POOL_LABEL[group.provider];
  if (pool) labels[pool] = group.name;
  if (group.spot) {
    const spot = SPOT_LABEL[group.provider];
    if (spot) labels[spot[0]] = spot[1];
    labels["kubeclass.dev/capacity-type"] = "spot";
  }
  if (zone) labels["topology.kubernetes.io/zone"] = zone;
  return labels;
}

/** AKS taints its spot pools so only pods that tolerate eviction land there. */
export function nodeGroupTaints(group: Pick<NodeGroupSpec, "provider" | "spot">): Taint[] {
  return group.spot && group.provider === "azure"
    ? [{ key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" }]
    : [];
}

export function isSpotNode(labels: Record<string, string>): boolean {
  return labels["kubeclass.dev/capacity-type"] === "spot";
}
