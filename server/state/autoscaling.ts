import { schema, t } from "@colyseus/schema";

/**
 * The synced projection of scaling (see shared/protocol/state.ts): HorizontalPodAutoscalers,
 * PodDisruptionBudgets, and the autoscaling view (node groups, booting machines, the cluster
 * autoscaler's memory, spot reclaims, the node upgrade). A few small objects, sparse maps by node.
 */

export const HorizontalPodAutoscalerState = schema(
  {
    key: t.string().default(""),
    name: t.string().default(""),
    namespace: t.string().default(""),
    target: t.string().default(""),
    minReplicas: t.number().default(0),
    maxReplicas: t.number().default(0),
    targetUtilization: t.number().default(0),
    currentUtilization: t.number().default(-1),
    currentReplicas: t.number().default(0),
    desiredReplicas: t.number().default(0),
    lastScaleTime: t.number().default(0),
  },
  "HorizontalPodAutoscalerState",
);

export const PodDisruptionBudgetState = schema(
  {
    key: t.string().default(""),
    name: t.string().default(""),
    namespace: t.string().default(""),
    minAvailable: t.string().default(""),
    maxUnavailable: t.string().default(""),
    currentHealthy: t.number().default(0),
    desiredHealthy: t.number().default(0),
    disruptionsAllowed: t.number().default(0),
    expectedPods: t.number().default(0),
  },
  "PodDisruptionBudgetState",
);

export const NodeGroupState = schema(
  {
    name: t.string().default(""),
    provider: t.string().default(""),
    instanceType: t.string().default(""),
    min: t.number().default(0),
    max: t.number().default(0),
    spot: t.boolean().default(false),
    nodes: t.number().default(0),
    upcoming: t.number().default(0),
    cpu: t.number().default(0),
    memory: t.number().default(0),
    pricePerHour: t.number().default(0),
  },
  "NodeGroupState",
);

export const PendingNodeState = schema(
  {
    name: t.string().default(""),
    provider: t.string().default(""),
    instanceType: t.string().default(""),
    nodeGroup: t.string().default(""),
    spot: t.boolean().default(false),
    joinAt: t.number().default(0),
  },
  "PendingNodeState",
);

export const UpgradeState = schema(
  {
    version: t.string().default(""),
    drainBy: t.string().default(""),
    node: t.string().default(""),
    phase: t.string().default(""),
    since: t.number().default(0),
    readyAt: t.number().default(0),
    queued: t.number().default(0),
    done: t.number().default(0),
  },
  "UpgradeState",
);

export const AutoscalingState = schema(
  {
    nodeGroups: t.map(NodeGroupState),
    pendingNodes: t.map(PendingNodeState),
    unneeded: t.map("number"),
    deleting: t.map("number"),
    lastScaleUpAt: t.number().default(0),
    scaleDownUnneededSeconds: t.number().default(0),
    scaleDownDelayAfterAddSeconds: t.number().default(0),
    scaleDownUtilizationThreshold: t.number().default(0),
    spotReclaims: t.map("number"),
    upgrade: t.ref(UpgradeState),
  },
  "AutoscalingState",
);

export type HorizontalPodAutoscalerState = InstanceType<typeof HorizontalPodAutoscalerState>;
export type PodDisruptionBudgetState = InstanceType<typeof PodDisruptionBudgetState>;
export type NodeGroupState = InstanceType<typeof NodeGroupState>;
export type PendingNodeState = InstanceType<typeof PendingNodeState>;
export type UpgradeState = InstanceType<typeof UpgradeState>;
export type AutoscalingState = InstanceType<typeof AutoscalingState>;
