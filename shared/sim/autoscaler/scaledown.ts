import { deleteObject, writeNode } from "../apiserver/apiserver.ts";
import { evictThroughApi } from "../apiserver/eviction.ts";
import { budgetsForPod } from "../controllers/disruption/disruption.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import { newCycleState } from "../scheduler/cyclestate.ts";
import { runFilters } from "../scheduler/filters.ts";
import { addPod, type NodeInfo, removePod } from "../scheduler/nodeinfo.ts";
import { DEFAULT_PROFILE } from "../scheduler/registry.ts";
import { NODE_GROUP_LABEL } from "./spec.ts";
import type { ClusterAutoscalerState } from "./state.ts";

/**
 * The cluster autoscaler's scale-down (cluster-autoscaler/core/scaledown): a node of a group above its
 * minimum whose pods request less than half its cpu and memory, and whose pods could all move elsewhere
 * (each has a controller, no PodDisruptionBudget forbids its eviction, kube-system pods only with one),
 * is unneeded; unneeded for 10 minutes, it is tainted ToBeDeletedByClusterAutoscaler, drained through
 * the Eviction API and deleted. Empty nodes go together; others one at a time.
 */
export const TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";
const SOURCE = { component: "cluster-autoscaler" };

const isDaemonPod = (p: Pod) =>
  p.metadata.ownerReferences?.some((o) => o.controller && o.kind === "DaemonSet") ?? false;
const isTerminal = (p: Pod) => p.status.phase === "Succeeded" || p.status.phase === "Failed";

/** Pods a drain has to move: not finished, not DaemonSet pods. */
export function podsToMove(engine: Engine, node: string): Pod[] {
  return engine
    .podsOnNode(node)
    .filter((p) => !isTerminal(p) && !isDaemonPod(p) && p.metadata.deletionTimestamp === undefined);
}

/** The share of the node the pods request: the larger of cpu and memory (the autoscaler's utilisation). */
export function utilization(info: NodeInfo): number {
  const a = info.node.status.allocatable;
  return Math.max(a.cpu ? info.requested.cpu / a.cpu : 0, a.memory ? info.requested.memory / a.memory : 0);
}

/** Why a node's pods cannot all go elsewhere, or undefined when they can. */
export function blockedReason(engine: Engine, node: Node): string | undefined {
  const pods = podsToMove(engine, node.metadata.name);
  for (const pod of pods) {
    if (!pod.metadata.ownerReferences?.some((o) => o.controller))
      return `pod ${pod.metadata.namespace}/${pod.metadata.name} is not replicated`;
    const budgets = budgetsForPod(engine, pod);
    if (budgets.some((b) => b.status.disruptionsAllowed < 1)) {
      return `not enough pod disruption budget to move ${pod.metadata.namespace}/${pod.metadata.name}`;
    }
    if (pod.metadata.namespace === "kube-system" && budgets.length === 0) {
      return `non-daemonset, non-mirrored, non-pdb-assigned kube-system pod present: ${pod.metadata.name}`;
    }
  }
  // Every pod must fit on another node that is staying (simulated one after another).
  const others = engine.snapshot.nodeInfos.filter((info) => {
    const n = info.node;
    return (
      n.metadata.name !== node.metadata.name &&
      !n.spec.unschedulable &&
      !n.spec.taints.some((t) => t.key === TO_BE_DELETED_TAINT) &&
      n.status.conditions.some((c) => c.type === "Ready" && c.status === "True")
    );
  });
  const placed: [NodeInfo, Pod][] = [];
  let failed: Pod | undefined;
  for (const pod of pods) {
    const copy = { ...pod, spec: { ...pod.spec, nodeName: undefined } } as Pod;
    const state = newCycleState(copy, engine.snapshot);
    const target = others.find((info) => runFilters(state, DEFAULT_PROFILE.filters, info) < 0);
    if (!target) {
      failed = pod;
      break;
    }
    const ghost = { ...copy, metadata: { ...copy.metadata, uid: `move-${pod.metadata.uid}` } } as Pod;
    addPod(target, ghost);
    placed.push([target, ghost]);
  }
  for (const [info, ghost] of placed) removePod(info, ghost);
  return failed ? `no place to move ${failed.metadata.namespace}/${failed.metadata.name}` : undefined;
}

/** Starts removing a node: the taint, the event, the evictions. */
export function beginScaleDown(engine: Engine, ca: ClusterAutoscalerState, node: Node): void {
  const name = node.metadata.name;
  if (ca.deleting[name] !== undefined) return;
  ca.deleting[name] = engine.now;
  delete ca.unneededSince[name];
  node.spec.taints = [
    ...node.spec.taints,
    {
      key: TO_BE_DELETED_TAINT,
      value: String(Math.floor(engine.now / 1000)),
      effect: "NoSchedule",
      timeAdded: engine.now,
    },
  ];
  writeNode(engine, node);
  const info = engine.snapshot.getNodeInfo(name);
  const pods = podsToMove(engine, name);
  const percent = info ? Math.round(utilization(info) * 100) : 0;
  engine.emit({
    type: "Normal",
    reason: pods.length === 0 ? "ScaleDownEmpty" : "ScaleDown",
    message:
      pods.length === 0
        ? `Scale-down: removing empty node "${name}"`
        : `Scale-down: removing node ${name}, utilization: ${percent}%, pods to reschedule: ${pods.map((p) => p.metadata.name).join(",")}`,
    involvedObject: { kind: "Node", name, uid: node.metadata.uid },
    source: SOURCE,
  });
  drainStep(engine, name);
}

/** Evicts what is left (a budget may refuse for now); true once only DaemonSet pods remain. */
export function drainStep(engine: Engine, node: string): boolean {
  const pods = podsToMove(engine, node);
  for (const pod of pods) {
    const result = evictThroughApi(engine, pod);
    if (result.ok) {
      engine.emit({
        type: "Normal",
        reason: "ScaleDown",
        message: "deleting pod for node scale down",
        involvedObject: {
          kind: "Pod",
          name: pod.metadata.name,
          namespace: pod.metadata.namespace,
          uid: pod.metadata.uid,
        },
        source: SOURCE,
      });
    }
  }
  return engine.podsOnNode(node).every((p) => isTerminal(p) || isDaemonPod(p));
}

/** Finishes removals whose nodes are drained: the Node is deleted and its machine given back. */
export function finishScaleDowns(engine: Engine, ca: ClusterAutoscalerState): void {
  for (const name of Object.keys(ca.deleting).sort()) {
    if (!engine.state.nodes[name]) {
      delete ca.deleting[name];
      continue;
    }
    if (!drainStep(engine, name)) continue;
    delete ca.deleting[name];
    deleteObject(engine, "Node", name);
  }
}

/** Nodes of autoscaled groups above their minimum, in name order. */
export function scaleDownCandidates(engine: Engine, ca: ClusterAutoscalerState): Node[] {
  const counts = new Map<string, number>();
  for (const node of Object.values(engine.state.nodes)) {
    const group = node.metadata.labels[NODE_GROUP_LABEL];
    if (group && ca.deleting[node.metadata.name] === undefined)
      counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  const out: Node[] = [];
  for (const name of Object.keys(engine.state.nodes).sort()) {
    const node = engine.state.nodes[name] as Node;
    const groupName = node.metadata.labels[NODE_GROUP_LABEL];
    const group = ca.spec.nodeGroups.find((g) => g.name === groupName);
    if (!group || ca.deleting[name] !== undefined) continue;
    if ((counts.get(group.name) ?? 0) <= group.min) continue;
    out.push(node);
  }
  return out;
}
