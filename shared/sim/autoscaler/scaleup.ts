import { newNode, podRequests } from "../apiserver/objects.ts";
import { nodeShouldRunDaemonPod } from "../controllers/daemonset/placement.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Node, ProviderName } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import { newCycleState } from "../scheduler/cyclestate.ts";
import { runFilters } from "../scheduler/filters.ts";
import { addPod, type NodeInfo, newNodeInfo } from "../scheduler/nodeinfo.ts";
import { DEFAULT_PROFILE } from "../scheduler/registry.ts";
import { Snapshot } from "../scheduler/snapshot.ts";
import { nodeGroupLabels, nodeGroupTaints } from "../world/nodegroups.ts";
import { NODE_GROUP_LABEL, type NodeGroupSpec } from "./spec.ts";

/**
 * The cluster autoscaler's scale-up (cluster-autoscaler/core/scaleup): the pods the scheduler could not
 * place, tried against a template node of each node group (its instance type, labels and taints, with
 * the DaemonSet pods that would run there); for each group that helps, how many nodes fit them all
 * (first-fit bin packing, nodes already booting counted first); the least-waste expander picks the group.
 */
export interface ScaleUpOption {
  group: NodeGroupSpec;
  /** Nodes to add. */
  count: number;
  /** The pods those nodes would take. */
  pods: Pod[];
  /** Share of the new nodes' cpu and memory left unrequested (the least-waste expander's score). */
  waste: number;
}

export interface ScaleUpPlan {
  options: ScaleUpOption[];
  /** The expander's choice. */
  best?: ScaleUpOption;
  /** Pods no group can help, with why ("1 max node group size reached" ...). */
  notHelped: { pod: Pod; reasons: string[] }[];
  /** Pods that upcoming nodes will take already. */
  waiting: Pod[];
}

/** Nodes of a group: joined, and still booting. */
export function groupSize(engine: Engine, group: string): { ready: Node[]; upcoming: number } {
  const ready = Object.values(engine.state.nodes).filter(
    (n) => n.metadata.labels[NODE_GROUP_LABEL] === group,
  );
  const upcoming = engine.state.pendingNodes.filter((p) => p.nodeGroup === group).length;
  return { ready, upcoming };
}

/** A node of the group as it would join (no pods), named `template-<group>`. */
export function templateNode(engine: Engine, group: NodeGroupSpec): Node {
  const saved = { uidSeq: engine.state.uidSeq, nodeSeq: engine.state.nodeSeq };
  const node = newNode(engine, {
    kind: "Node",
    metadata: { name: `template-${group.name}`, labels: nodeGroupLabels(group), annotations: {} },
    spec: { unschedulable: false, taints: nodeGroupTaints(group) },
    machine: { provider: group.provider as ProviderName, instanceType: group.instanceType },
  });
  // A template is a thought, not an object: it must not use up the ids real objects get.
  engine.state.uidSeq = saved.uidSeq;
  engine.state.nodeSeq = saved.nodeSeq;
  return node;
}

/** A template node with the DaemonSet pods that would run on it (their requests are overhead). */
function templateInfo(engine: Engine, node: Node): NodeInfo {
  const info = newNodeInfo(node);
  for (const ds of Object.values(engine.state.daemonsets)) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    addPod(info, {
      metadata: {
        uid: `ds-${ds.metadata.uid}`,
        namespace: ds.metadata.namespace,
        name: ds.metadata.name,
        labels: ds.spec.template.metadata.labels,
      },
      spec: ds.spec.template.spec,
      requests: podRequests(ds.spec.template.spec),
      status: { phase: "Running" },
    } as unknown as Pod);
  }
  return info;
}

/** Does the pod pass the scheduler's filters on this node info? */
function fits(_engine: Engine, snapshot: Snapshot, pod: Pod, info: NodeInfo): boolean {
  const state = newCycleState(pod, snapshot);
  return runFilters(state, DEFAULT_PROFILE.filters, info) < 0;
}

function firstReason(_engine: Engine, snapshot: Snapshot, pod: Pod, info: NodeInfo): string {
  const state = newCycleState(pod, snapshot);
  const failed = runFilters(state, DEFAULT_PROFILE.filters, info);
  if (failed < 0) return "";
  const plugin = DEFAULT_PROFILE.filters[failed];
  return plugin?.reasons(state, info)[0] ?? "Insufficient resources";
}

/** Pods the scheduler found no node for (and that no preemption is making room for). */
export function unschedulablePods(engine: Engine): Pod[] {
  const out: Pod[] = [];
  for (const key of Object.keys(engine.state.pods).sort()) {
    const pod = engine.state.pods[key] as Pod;
    if (pod.spec.nodeName || pod.metadata.deletionTimestamp !== undefined || pod.status.nominatedNodeName)
      continue;
    const scheduled = pod.status.conditions.find((c) => c.type === "PodScheduled");
    if (scheduled?.status === "False" && scheduled.reason === "Unschedulable") out.push(pod);
  }
  return out;
}

function waste(infos: readonly NodeInfo[]): number {
  let cpuFree = 0;
  let cpuTotal = 0;
  let memFree = 0;
  let memTotal = 0;
  for (const info of infos) {
    const a = info.node.status.allocatable;
    cpuTotal += a.cpu;
    memTotal += a.memory;
    cpuFree += a.cpu - info.requested.cpu;
    memFree += a.memory - info.requested.memory;
  }
  return (cpuFree / Math.max(1, cpuTotal) + memFree / Math.max(1, memTotal)) / 2;
}

export function planScaleUp(engine: Engine, groups: readonly NodeGroupSpec[]): ScaleUpPlan {
  const pending = unschedulablePods(engine);
  const plan: ScaleUpPlan = { options: [], notHelped: [], waiting: [] };
  if (pending.length === 0) return plan;
  const snapshot = new Snapshot(engine.snapshot.listers);
  // Nodes already booting take pods first (the autoscaler's "upcoming nodes").
  const upcoming: NodeInfo[] = [];
  for (const p of engine.state.pendingNodes) {
    const group = groups.find((g) => g.name === p.nodeGroup);
    if (group) upcoming.push(templateInfo(engine, templateNode(engine, group)));
  }
  let left: Pod[] = [];
  for (const pod of pending) {
    const slot = upcoming.find((info) => fits(engine, snapshot, pod, info));
    if (slot) {
      addPod(slot, pod);
      plan.waiting.push(pod);
    } else left.push(pod);
  }
  const reasons = new Map<Pod, string[]>(left.map((p) => [p, []]));
  for (const group of groups) {
    const { ready, upcoming: booting } = groupSize(engine, group.name);
    const room = group.max - ready.length - booting;
    const template = templateNode(engine, group);
    const nodes: NodeInfo[] = [];
    const taken: Pod[] = [];
    for (const pod of left) {
      let placed = nodes.find((info) => fits(engine, snapshot, pod, info));
      if (!placed) {
        const fresh = templateInfo(engine, template);
        if (!fits(engine, snapshot, pod, fresh)) {
          reasons.get(pod)?.push(firstReason(engine, snapshot, pod, fresh));
          continue;
        }
        if (nodes.length >= room) {
          reasons.get(pod)?.push("max node group size reached");
          continue;
        }
        nodes.push(fresh);
        placed = fresh;
      }
      addPod(placed, pod);
      taken.push(pod);
    }
    if (nodes.length > 0) plan.options.push({ group, count: nodes.length, pods: taken, waste: waste(nodes) });
  }
  // least-waste, then the cheaper instance, then the name (a deterministic random of upstream's ties)
  plan.best = [...plan.options].sort(
    (a, b) => b.pods.length - a.pods.length || a.waste - b.waste || a.group.name.localeCompare(b.group.name),
  )[0];
  const helped = new Set(plan.options.flatMap((o) => o.pods));
  left = left.filter((p) => !helped.has(p));
  for (const pod of left) plan.notHelped.push({ pod, reasons: reasons.get(pod) ?? [] });
  return plan;
}
