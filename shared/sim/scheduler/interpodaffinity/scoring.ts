import type { Labels } from "../../model/meta.ts";
import type { Node } from "../../model/node.ts";
import type { Pod } from "../../model/pod.ts";
import type { CycleState } from "../cyclestate.ts";
import { MAX_NODE_SCORE, type ScorePlugin } from "../framework.ts";
import type { NodeInfo } from "../nodeinfo.ts";
import { NAME } from "./filtering.ts";
import { type AffinityTerm, podTerms, termMatches, type WeightedAffinityTerm } from "./terms.ts";

/**
 * InterPodAffinity's PreScore, Score and NormalizeScore (interpodaffinity/scoring.go). PreScore sums,
 * per topology domain, the weights of the preferred terms (the incoming pod's, against the pods there;
 * the existing pods', against the incoming pod) and of the existing pods' required affinity terms
 * (hardPodAffinityWeight 1): affinity adds, anti-affinity subtracts. A node's score is the sum over its
 * domains; normalisation maps the range [min, max] onto 0..100.
 */
/** InterPodAffinityArgs.hardPodAffinityWeight default. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

/** topologyKey -> topologyValue -> score. */
export type TopologyScore = Map<string, Map<string, number>>;

export interface InterPodAffinityScoreState {
  topologyScore: TopologyScore;
}

function add(score: TopologyScore, node: Node, key: string, value: number): void {
  const labels = node.metadata.labels;
  if (!Object.hasOwn(labels, key)) return;
  let values = score.get(key);
  if (!values) {
    values = new Map();
    score.set(key, values);
  }
  const domain = labels[key] as string;
  values.set(domain, (values.get(domain) ?? 0) + value);
}

function processTerm(
  score: TopologyScore,
  term: AffinityTerm,
  weight: number,
  pod: Pod,
  namespaceLabels: Labels | undefined,
  node: Node,
  multiplier: 1 | -1,
): void {
  if (termMatches(term, pod, namespaceLabels)) add(score, node, term.topologyKey, weight * multiplier);
}

function processTerms(
  score: TopologyScore,
  terms: readonly WeightedAffinityTerm[],
  pod: Pod,
  namespaceLabels: Labels | undefined,
  node: Node,
  multiplier: 1 | -1,
): void {
  for (const { term, weight } of terms)
    processTerm(score, term, weight, pod, namespaceLabels, node, multiplier);
}

function hasLabels(labels: Labels): boolean {
  for (const _ in labels) return true;
  return false;
}

/** PreScore; null is Skip (nothing on any node scores for or against this pod). */
export function preScoreInterPodAffinity(state: CycleState): InterPodAffinityScoreState | null {
  const { pod, snapshot } = state;
  const incoming = podTerms(pod);
  const hasConstraints = incoming.preferredAffinity.length > 0 || incoming.preferredAntiAffinity.length > 0;
  const namespaceLabels = snapshot.namespaceLabels(pod.metadata.namespace);
  const topologyScore: TopologyScore = new Map();
  // Unless the pod has preferred terms, only the pods with affinity terms can score.
  const nodes: Iterable<NodeInfo> = hasConstraints ? snapshot.nodeInfos : snapshot.havePodsWithAffinity;
  for (const info of nodes) {
    const node = info.node;
    if (!hasLabels(node.metadata.labels)) continue;
    const pods = hasConstraints ? info.pods : info.podsWithAffinity;
    for (const existing of pods.values()) {
      const existingLabels = snapshot.namespaceLabels(existing.metadata.namespace);
      processTerms(topologyScore, incoming.preferredAffinity, existing, existingLabels, node, 1);
      processTerms(topologyScore, incoming.preferredAntiAffinity, existing, existingLabels, node, -1);
      const terms = podTerms(existing);
      for (const term of terms.requiredAffinity) {
        processTerm(topologyScore, term, HARD_POD_AFFINITY_WEIGHT, pod, namespaceLabels, node, 1);
      }
      processTerms(topologyScore, terms.preferredAffinity, pod, namespaceLabels, node, 1);
      processTerms(topologyScore, terms.preferredAntiAffinity, pod, namespaceLabels, node, -1);
    }
  }
  return topologyScore.size === 0 ? null : { topologyScore };
}

export const interPodAffinityScore: ScorePlugin = {
  name: NAME,
  preScore(state: CycleState): boolean {
    state.interPodAffinityScore = preScoreInterPodAffinity(state);
    return state.interPodAffinityScore !== null;
  },
  score(state: CycleState, info: NodeInfo): number {
    const s = state.interPodAffinityScore;
    if (!s) return 0;
    const labels = info.node.metadata.labels;
    let score = 0;
    for (const [key, values] of s.topologyScore) {
      if (Object.hasOwn(labels, key)) score += values.get(labels[key] as string) ?? 0;
    }
    return score;
  },
  /** [min, max] onto [0, 100], truncated; all equal scores 0. */
  normalize(scores: Float64Array, count: number): void {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const score = scores[i] as number;
      if (score > max) max = score;
      if (score < min) min = score;
    }
    const diff = max - min;
    for (let i = 0; i < count; i++) {
      scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * (((scores[i] as number) - min) / diff)) : 0;
    }
  },
};
