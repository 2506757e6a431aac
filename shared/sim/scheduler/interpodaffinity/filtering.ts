import type { Labels } from "../../model/meta.ts";
import type { Node } from "../../model/node.ts";
import type { Pod } from "../../model/pod.ts";
import type { CycleState } from "../cyclestate.ts";
import {
  type Code,
  type FilterPlugin,
  SUCCESS,
  UNSCHEDULABLE,
  UNSCHEDULABLE_AND_UNRESOLVABLE,
} from "../framework.ts";
import type { NodeInfo } from "../nodeinfo.ts";
import type { Snapshot } from "../snapshot.ts";
import {
  type AffinityTerm,
  matchesAllTerms,
  type PodTerms,
  podTerms,
  termMatches,
  topologyPair,
} from "./terms.ts";

/**
 * InterPodAffinity's PreFilter and Filter (pkg/scheduler/framework/plugins/interpodaffinity/filtering.go).
 * PreFilter counts, per topology domain ("zone=a"), the existing pods the incoming pod's required terms
 * match and the existing pods whose required anti-affinity matches the incoming pod; Filter then only
 * reads those counts for the node's labels. Pods without terms, in a cluster without required
 * anti-affinity, skip the plugin entirely.
 */
export const NAME = "InterPodAffinity";
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** topologyToMatchedTermCount: topologyPair -> count; a pair down to zero is deleted. */
export type TopologyCounts = Map<string, number>;

export interface InterPodAffinityFilterState {
  pod: Pod;
  terms: PodTerms;
  namespaceLabels: Labels | undefined;
  existingAntiAffinityCounts: TopologyCounts;
  affinityCounts: TopologyCounts;
  antiAffinityCounts: TopologyCounts;
}

function update(counts: TopologyCounts, node: Node, key: string, value: number): void {
  const labels = node.metadata.labels;
  if (!Object.hasOwn(labels, key)) return;
  const pair = topologyPair(key, labels[key] as string);
  const next = (counts.get(pair) ?? 0) + value;
  if (next === 0) counts.delete(pair);
  else counts.set(pair, next);
}

function updateWithAntiAffinityTerms(
  counts: TopologyCounts,
  terms: readonly AffinityTerm[],
  pod: Pod,
  namespaceLabels: Labels | undefined,
  node: Node,
  value: number,
): void {
  for (const term of terms) {
    if (termMatches(term, pod, namespaceLabels)) update(counts, node, term.topologyKey, value);
  }
}

function updateWithAffinityTerms(
  counts: TopologyCounts,
  terms: readonly AffinityTerm[],
  pod: Pod,
  namespaceLabels: Labels | undefined,
  node: Node,
  value: number,
): void {
  if (!matchesAllTerms(terms, pod, namespaceLabels)) return;
  for (const term of terms) update(counts, node, term.topologyKey, value);
}

/** PreFilter; null is Skip (no term of the pod's, and no existing pod's anti-affinity rejects it). */
export function preFilterInterPodAffinity(pod: Pod, snapshot: Snapshot): InterPodAffinityFilterState | null {
  const terms = podTerms(pod);
  const namespaceLabels = snapshot.namespaceLabels(pod.metadata.namespace);
  const existingAntiAffinityCounts: TopologyCounts = new Map();
  for (const info of snapshot.havePodsWithRequiredAntiAffinity) {
    for (const existing of info.podsWithRequiredAntiAffinity.values()) {
      updateWithAntiAffinityTerms(
        existingAntiAffinityCounts,
        podTerms(existing).requiredAntiAffinity,
        pod,
        namespaceLabels,
        info.node,
        1,
      );
    }
  }
  const affinityCounts: TopologyCounts = new Map();
  const antiAffinityCounts: TopologyCounts = new Map();
  const required = terms.requiredAffinity.length > 0 || terms.requiredAntiAffinity.length > 0;
  if (required) {
    for (const info of snapshot.nodeInfos) {
      for (const existing of info.pods.values()) {
        const labels = snapshot.namespaceLabels(existing.metadata.namespace);
        updateWithAffinityTerms(affinityCounts, terms.requiredAffinity, existing, labels, info.node, 1);
        updateWithAntiAffinityTerms(
          antiAffinityCounts,
          terms.requiredAntiAffinity,
          existing,
          labels,
          info.node,
          1,
        );
      }
    }
  }
  if (existingAntiAffinityCounts.size === 0 && !required) return null;
  return { pod, terms, namespaceLabels, existingAntiAffinityCounts, affinityCounts, antiAffinityCounts };
}

/** PreFilterExtensions AddPod/RemovePod (updateWithPod): a pod added to or removed from `node`. */
export function updateInterPodAffinityWithPod(
  state: InterPodAffinityFilterState | null,
  pod: Pod,
  node: Node,
  podNamespaceLabels: Labels | undefined,
  multiplier: 1 | -1,
): void {
  if (state === null) return;
  updateWithAntiAffinityTerms(
    state.existingAntiAffinityCounts,
    podTerms(pod).requiredAntiAffinity,
    state.pod,
    state.namespaceLabels,
    node,
    multiplier,
  );
  updateWithAffinityTerms(
    state.affinityCounts,
    state.terms.requiredAffinity,
    pod,
    podNamespaceLabels,
    node,
    multiplier,
  );
  updateWithAntiAffinityTerms(
    state.antiAffinityCounts,
    state.terms.requiredAntiAffinity,
    pod,
    podNamespaceLabels,
    node,
    multiplier,
  );
}

/** satisfyPodAffinity: every required term's domain on this node holds a matching pod. */
function satisfyPodAffinity(state: InterPodAffinityFilterState, node: Node): boolean {
  const labels = node.metadata.labels;
  let podsExist = true;
  for (const term of state.terms.requiredAffinity) {
    // All topology labels must exist on the node.
    if (!Object.hasOwn(labels, term.topologyKey)) return false;
    const pair = topologyPair(term.topologyKey, labels[term.topologyKey] as string);
    if ((state.affinityCounts.get(pair) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a series with affinity to itself: no pod anywhere matches, but it matches its
  // own terms, so it may start the series rather than wait forever.
  return (
    state.affinityCounts.size === 0 &&
    matchesAllTerms(state.terms.requiredAffinity, state.pod, state.namespaceLabels)
  );
}

function satisfyPodAntiAffinity(state: InterPodAffinityFilterState, node: Node): boolean {
  if (state.antiAffinityCounts.size === 0) return true;
  const labels = node.metadata.labels;
  for (const term of state.terms.requiredAntiAffinity) {
    if (!Object.hasOwn(labels, term.topologyKey)) continue;
    const pair = topologyPair(term.topologyKey, labels[term.topologyKey] as string);
    if ((state.antiAffinityCounts.get(pair) ?? 0) > 0) return false;
  }
  return true;
}

function satisfyExistingPodsAntiAffinity(state: InterPodAffinityFilterState, node: Node): boolean {
  if (state.existingAntiAffinityCounts.size === 0) return true;
  const labels = node.metadata.labels;
  for (const key in labels) {
    if (!Object.hasOwn(labels, key)) continue;
    if ((state.existingAntiAffinityCounts.get(topologyPair(key, labels[key] as string)) ?? 0) > 0)
      return false;
  }
  return true;
}

/** The failed check, in Filter's order, or undefined when the node passes. */
function failure(state: InterPodAffinityFilterState, node: Node): { code: Code; reason: string } | undefined {
  if (!satisfyPodAffinity(state, node))
    return { code: UNSCHEDULABLE_AND_UNRESOLVABLE, reason: ERR_REASON_AFFINITY_RULES_NOT_MATCH };
  if (!satisfyPodAntiAffinity(state, node))
    return { code: UNSCHEDULABLE, reason: ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH };
  if (!satisfyExistingPodsAntiAffinity(state, node))
    return { code: UNSCHEDULABLE, reason: ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH };
  return undefined;
}

export const interPodAffinityFilter: FilterPlugin = {
  name: NAME,
  skip: (state: CycleState) => state.interPodAffinity === null,
  filter(state: CycleState, info: NodeInfo): Code {
    const s = state.interPodAffinity;
    if (s === null) return SUCCESS;
    return failure(s, info.node)?.code ?? SUCCESS;
  },
  reasons(state: CycleState, info: NodeInfo): string[] {
    const s = state.interPodAffinity;
    const failed = s === null ? undefined : failure(s, info.node);
    return failed ? [failed.reason] : [];
  },
};
