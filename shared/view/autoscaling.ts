import type {
  HorizontalPodAutoscalerView,
  NodeGroupView,
  PendingNodeView,
  PodDisruptionBudgetView,
  UpgradeView,
} from "../protocol/state.ts";
import {
  NODE_GROUP_LABEL,
  SCALE_DOWN_DELAY_AFTER_ADD_SECONDS,
  SCALE_DOWN_UNNEEDED_SECONDS,
  SCALE_DOWN_UTILIZATION_THRESHOLD,
} from "../sim/autoscaler/spec.ts";
import { findInstanceType } from "../sim/catalogue/providers.ts";
import type { HorizontalPodAutoscaler } from "../sim/model/autoscaling.ts";
import type { ProviderName } from "../sim/model/node.ts";
import type { PodDisruptionBudget } from "../sim/model/policy.ts";
import type { ClusterState } from "../sim/model/state.ts";
import { SPOT_PRICE_FACTOR } from "../sim/world/nodegroups.ts";

/**
 * Scaling as the autoscaler seat and the board see it: each HorizontalPodAutoscaler's target, metric and
 * replicas, each PodDisruptionBudget's allowance, and the plain (unsynced) autoscaling view: the node
 * groups with their size, the machines booting, the cluster autoscaler's memory, the spot reclaims and
 * the node upgrade under way.
 */
export function hpaView(key: string, hpa: HorizontalPodAutoscaler): HorizontalPodAutoscalerView {
  const target = hpa.spec.metrics[0]?.resource.target;
  const current = hpa.status?.currentMetrics?.[0]?.resource.current.averageUtilization;
  const ref = hpa.spec.scaleTargetRef;
  return {
    key,
    name: hpa.metadata.name,
    namespace: hpa.metadata.namespace,
    target: `${ref.kind}/${ref.name}`,
    minReplicas: hpa.spec.minReplicas,
    maxReplicas: hpa.spec.maxReplicas,
    targetUtilization: target?.type === "Utilization" ? target.averageUtilization : 0,
    currentUtilization: current ?? -1,
    currentReplicas: hpa.status?.currentReplicas ?? 0,
    desiredReplicas: hpa.status?.desiredReplicas ?? 0,
    lastScaleTime: hpa.status?.lastScaleTime ?? 0,
  };
}

export function pdbView(key: string, pdb: PodDisruptionBudget): PodDisruptionBudgetView {
  const text = (v: number | string | undefined) => (v === undefined ? "" : String(v));
  return {
    key,
    name: pdb.metadata.name,
    namespace: pdb.metadata.namespace,
    minAvailable: text(pdb.spec.minAvailable),
    maxUnavailable: text(pdb.spec.maxUnavailable),
    currentHealthy: pdb.status?.currentHealthy ?? 0,
    desiredHealthy: pdb.status?.desiredHealthy ?? 0,
    disruptionsAllowed: pdb.status?.disruptionsAllowed ?? 0,
    expectedPods: pdb.status?.expectedPods ?? 0,
  };
}

/** The autoscaling view as plain data (Maps), before a target writes it. */
export interface PlainAutoscalingView {
  nodeGroups: Map<string, NodeGroupView>;
  pendingNodes: Map<string, PendingNodeView>;
  unneeded: Map<string, number>;
  deleting: Map<string, number>;
  lastScaleUpAt: number;
  scaleDownUnneededSeconds: number;
  scaleDownDelayAfterAddSeconds: number;
  scaleDownUtilizationThreshold: number;
  spotReclaims: Map<string, number>;
  upgrade: UpgradeView;
}

function upgradeView(state: ClusterState): UpgradeView {
  const u = state.upgrade;
  const current = u?.current;
  return {
    version: u?.version ?? "",
    drainBy: u ? u.drainBy : "",
    node: current?.node ?? "",
    phase: current?.phase ?? "",
    since: current?.since ?? 0,
    readyAt: current?.readyAt ?? 0,
    queued: u?.queue.length ?? 0,
    done: u?.done.length ?? 0,
  };
}

const sortedEntries = <V>(record: Record<string, V> | undefined): [string, V][] =>
  Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export function autoscalingView(state: ClusterState): PlainAutoscalingView {
  const ca = state.clusterAutoscaler;
  const groups = ca?.spec.nodeGroups ?? [];
  const sizes = new Map<string, number>();
  if (groups.length > 0) {
    for (const node of Object.values(state.nodes)) {
      const group = node.metadata.labels[NODE_GROUP_LABEL];
      if (group !== undefined) sizes.set(group, (sizes.get(group) ?? 0) + 1);
    }
  }
  const nodeGroups = new Map<string, NodeGroupView>();
  for (const g of groups) {
    const type = findInstanceType(g.provider, g.instanceType);
    nodeGroups.set(g.name, {
      name: g.name,
      provider: g.provider,
      instanceType: g.instanceType,
      min: g.min,
      max: g.max,
      spot: g.spot === true,
      nodes: sizes.get(g.name) ?? 0,
      upcoming: state.pendingNodes.filter((p) => p.nodeGroup === g.name).length,
      cpu: type?.cpu ?? 0,
      memory: type?.memory ?? 0,
      pricePerHour: (type?.pricePerHour ?? 0) * (g.spot ? SPOT_PRICE_FACTOR[g.provider] : 1),
    });
  }
  const pendingNodes = new Map<string, PendingNodeView>();
  for (const p of state.pendingNodes) {
    pendingNodes.set(p.name, {
      name: p.name,
      provider: p.provider as ProviderName,
      instanceType: p.instanceType,
      nodeGroup: p.nodeGroup ?? "",
      spot: p.spot === true,
      joinAt: p.joinAt,
    });
  }
  const spec = ca?.spec;
  return {
    nodeGroups,
    pendingNodes,
    unneeded: new Map(sortedEntries(ca?.unneededSince)),
    deleting: new Map(sortedEntries(ca?.deleting)),
    lastScaleUpAt: ca?.lastScaleUpAt ?? 0,
    scaleDownUnneededSeconds: ca ? (spec?.scaleDownUnneededSeconds ?? SCALE_DOWN_UNNEEDED_SECONDS) : 0,
    scaleDownDelayAfterAddSeconds: ca
      ? (spec?.scaleDownDelayAfterAddSeconds ?? SCALE_DOWN_DELAY_AFTER_ADD_SECONDS)
      : 0,
    scaleDownUtilizationThreshold: ca
      ? Math.round((spec?.scaleDownUtilizationThreshold ?? SCALE_DOWN_UTILIZATION_THRESHOLD) * 100)
      : 0,
    spotReclaims: new Map(sortedEntries(state.spotReclaims)),
    upgrade: upgradeView(state),
  };
}

/**
 * What, of the engine's state, the autoscaling view reads without a change-feed entry of its own: the
 * machines asked of a provider (a player's or the timeline's AddNode writes no object), the latest
 * scale-up, and the upgrade's step (the rollout drops a node that went away without a record). Cheap to
 * build every flush; equal keys, nothing new to project.
 */
export function autoscalingPollKey(state: ClusterState): string {
  const u = state.upgrade;
  let key = `${state.clusterAutoscaler?.lastScaleUpAt ?? 0}|${u?.current?.node}|${u?.current?.phase}|${u?.queue.length}|${u?.done.length}|`;
  for (const p of state.pendingNodes) key += `${p.name},`;
  return key;
}
