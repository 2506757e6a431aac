import {
  labelSelectorAsSelector,
  matches,
  newRequirement,
  type Requirement,
  type Selector,
  setMatches,
} from "../../labels/selector.ts";
import type { Labels } from "../../model/meta.ts";
import type { Node } from "../../model/node.ts";
import type {
  NodeInclusionPolicy,
  Pod,
  TopologySpreadConstraint,
  UnsatisfiableConstraintAction,
} from "../../model/pod.ts";
import type { CycleState } from "../cyclestate.ts";
import { matchesRequired } from "../nodeaffinity/nodeaffinity.ts";
import type { NodeInfo } from "../nodeinfo.ts";
import type { SchedulerListers } from "../snapshot.ts";
import { findUntoleratedTaint } from "../tainttoleration/tainttoleration.ts";

/**
 * What PodTopologySpread's filter and score share (podtopologyspread/common.go, plugin.go): the
 * constraints of a pod (its own, or the cluster's default ones with a selector built from the
 * Services, ReplicaSets and StatefulSets that select it), the node inclusion policies, and counting
 * the matching pods of a node.
 */
export const NAME = "PodTopologySpread";
export const LABEL_HOSTNAME = "kubernetes.io/hostname";
export const LABEL_ZONE = "topology.kubernetes.io/zone";

/**
 * The system default constraints (defaultingType: System): both ScheduleAnyway, so they only score.
 * kubeclass's default profile uses them, as kube-scheduler's does.
 */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
];

/** A constraint as the plugin works with it (topologySpreadConstraint). */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  /** null: labels.Nothing() (matches no pod). */
  selector: Selector | null;
  /** Identifies the selector in count memos. */
  selectorKey: string;
  minDomains: number;
  nodeAffinityPolicy: NodeInclusionPolicy;
  nodeTaintsPolicy: NodeInclusionPolicy;
}

export function selectorKey(selector: Selector | null): string {
  if (selector === null) return "\u0000nothing";
  return selector.map((r) => `${r.key} ${r.operator} ${r.values.join(",")}`).join(";");
}

function constraint(c: TopologySpreadConstraint, selector: Selector | null): SpreadConstraint {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector,
    selectorKey: selectorKey(selector),
    minDomains: c.minDomains ?? 1,
    nodeAffinityPolicy: c.nodeAffinityPolicy ?? "Honor",
    nodeTaintsPolicy: c.nodeTaintsPolicy ?? "Ignore",
  };
}

/** filterTopologySpreadConstraints: those with this whenUnsatisfiable, matchLabelKeys merged in. */
function filterConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: Labels,
  action: UnsatisfiableConstraintAction,
): SpreadConstraint[] {
  const result: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector: Selector | null = null;
    if (c.labelSelector) {
      const converted = labelSelectorAsSelector(c.labelSelector);
      selector = converted.ok ? converted.selector : null;
    }
    if (selector !== null && c.matchLabelKeys?.length) {
      const extra: Requirement[] = [];
      for (const key of c.matchLabelKeys) {
        if (!Object.hasOwn(podLabels, key)) continue;
        const made = newRequirement(key, "=", [podLabels[key] as string]);
        if (made.ok) extra.push(made.requirement);
      }
      selector = [...selector, ...extra];
    }
    result.push(constraint(c, selector));
  }
  return result;
}

/**
 * helper.DefaultSelector: the selectors of the Services selecting the pod merged (as a label set),
 * plus the selector of its controlling ReplicaSet or StatefulSet. Empty: no default spreading.
 */
export function defaultSelector(pod: Pod, listers: SchedulerListers): Selector {
  const namespace = pod.metadata.namespace;
  const labelSet: Labels = {};
  for (const service of Object.values(listers.services)) {
    const selector = service.spec.selector;
    if (service.metadata.namespace !== namespace || selector === undefined) continue;
    if (setMatches(selector, pod.metadata.labels)) Object.assign(labelSet, selector);
  }
  const requirements: Requirement[] = Object.keys(labelSet)
    .sort()
    .map((key) => ({ key, operator: "=", values: [labelSet[key] as string] }));
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  if (owner?.apiVersion === "apps/v1") {
    const key = `${namespace}/${owner.name}`;
    const workload =
      owner.kind === "ReplicaSet"
        ? listers.replicasets[key]
        : owner.kind === "StatefulSet"
          ? listers.statefulsets?.[key]
          : undefined;
    if (workload) {
      const converted = labelSelectorAsSelector(workload.spec.selector);
      if (converted.ok) requirements.push(...converted.selector);
    }
  }
  return requirements;
}

/**
 * The pod's constraints with this whenUnsatisfiable: its own when it states any, else the system
 * defaults with the default selector (none when that selector is empty). Their selector keys name the
 * pod's namespace, in which they count.
 */
// The system defaults as the plugin works with them, made once (they have no selector nor matchLabelKeys,
// so they do not depend on the pod).
const DEFAULTS_DO_NOT_SCHEDULE = filterConstraints(SYSTEM_DEFAULT_CONSTRAINTS, {}, "DoNotSchedule");
const DEFAULTS_SCHEDULE_ANYWAY = filterConstraints(SYSTEM_DEFAULT_CONSTRAINTS, {}, "ScheduleAnyway");

export function podConstraints(
  pod: Pod,
  listers: SchedulerListers,
  action: UnsatisfiableConstraintAction,
): SpreadConstraint[] {
  const namespaced = (list: SpreadConstraint[]) =>
    list.map((c) => ({ ...c, selectorKey: `${pod.metadata.namespace}\u0000${c.selectorKey}` }));
  const own = pod.spec.topologySpreadConstraints;
  if (own && own.length > 0) return namespaced(filterConstraints(own, pod.metadata.labels, action));
  const defaults = action === "DoNotSchedule" ? DEFAULTS_DO_NOT_SCHEDULE : DEFAULTS_SCHEDULE_ANYWAY;
  if (defaults.length === 0) return [];
  const selector = defaultSelector(pod, listers);
  if (selector.length === 0) return [];
  const key = selectorKey(selector);
  return namespaced(defaults.map((c) => ({ ...c, selector, selectorKey: key })));
}

/** nodeLabelsMatchSpreadConstraints: the node has every constraint's topology key. */
export function nodeHasTopologyKeys(node: Node, constraints: readonly SpreadConstraint[]): boolean {
  const labels = node.metadata.labels;
  for (const c of constraints) if (!Object.hasOwn(labels, c.topologyKey)) return false;
  return true;
}

/** matchNodeInclusionPolicies: nodeAffinityPolicy Honor asks the pod's nodeSelector and required affinity. */
export function matchesInclusionPolicies(c: SpreadConstraint, state: CycleState, node: Node): boolean {
  if (c.nodeAffinityPolicy === "Honor" && !matchesRequired(state.nodeAffinity, node)) return false;
  if (c.nodeTaintsPolicy === "Honor" && findUntoleratedTaint(node.spec.taints, state.tolerations))
    return false;
  return true;
}

/** Matching counts memoised per node are dropped beyond this many selectors (a bound, not a tuning). */
const MATCH_MEMO_LIMIT = 256;

/**
 * countPodsMatchSelector: pods on the node in the namespace, not terminating, that the selector
 * matches; an empty selector counts none. Memoised on the node's generation, so a cycle recounts
 * only the nodes whose pods changed since.
 */
export function countPodsMatchSelector(
  info: NodeInfo,
  selector: Selector | null,
  key: string,
  namespace: string,
): number {
  if (selector === null || selector.length === 0) return 0;
  // The key names the namespace too (podConstraints builds it once per cycle: no string per node here).
  const memoKey = key;
  const memo = info.matchCounts.get(memoKey);
  if (memo && memo.generation === info.generation) return memo.count;
  let count = 0;
  for (const pod of info.pods.values()) {
    if (pod.metadata.deletionTimestamp !== undefined || pod.metadata.namespace !== namespace) continue;
    if (matches(selector, pod.metadata.labels)) count++;
  }
  if (info.matchCounts.size >= MATCH_MEMO_LIMIT) info.matchCounts.clear();
  info.matchCounts.set(memoKey, { generation: info.generation, count });
  return count;
}

/** The selector matches the pod's labels (a null selector, Nothing, never does). */
export function selectorMatches(selector: Selector | null, labels: Labels): boolean {
  return selector !== null && matches(selector, labels);
}
