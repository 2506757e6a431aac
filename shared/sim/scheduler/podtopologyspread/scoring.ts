import type { CycleState } from "../cyclestate.ts";
import { MAX_NODE_SCORE, type ScorePlugin } from "../framework.ts";
import type { NodeInfo } from "../nodeinfo.ts";
import {
  countPodsMatchSelector,
  LABEL_HOSTNAME,
  matchesInclusionPolicies,
  NAME,
  nodeHasTopologyKeys,
  podConstraints,
  type SpreadConstraint,
} from "./common.ts";

/**
 * PodTopologySpread's PreScore, Score and NormalizeScore (podtopologyspread/scoring.go), for the
 * ScheduleAnyway constraints (the pod's own, or the cluster's defaults). A node's raw score is, per
 * constraint, `matching pods in its domain × log(domains + 2) + maxSkew - 1` (hostname domains counted
 * on the node itself), rounded; normalisation turns fewer into better:
 * `100 × (max + min - score) / max`, nodes missing a topology key scoring 0.
 */
export interface SpreadScoreState {
  constraints: SpreadConstraint[];
  /** Nodes missing a topology key (only with the pod's own constraints). */
  ignoredNodes: Set<string>;
  /** Per constraint: topology value -> matching pods (not for hostname, counted per node at Score). */
  valueCounts: Map<string, number>[];
  normalizingWeight: number[];
}

/** topologyNormalizingWeight: a constraint with few domains weighs less than one with many. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** scoreForCount: `maxSkew - 1` waters down the differences between domains. */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/** Go's math.Round: half away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export function preScoreTopologySpread(
  state: CycleState,
  nodes: readonly (NodeInfo | undefined)[],
  count: number,
): SpreadScoreState | null {
  const { pod, snapshot } = state;
  const all = snapshot.nodeInfos;
  if (count === 0 || all.length === 0) return null;
  const constraints = podConstraints(pod, snapshot.listers, "ScheduleAnyway");
  if (constraints.length === 0) return null;
  // The system defaults do not need every key: nodes without a zone still spread by hostname.
  const requireAllTopologies = (pod.spec.topologySpreadConstraints?.length ?? 0) > 0;
  const ignoredNodes = new Set<string>();
  const valueCounts = constraints.map(() => new Map<string, number>());
  for (let j = 0; j < count; j++) {
    const node = (nodes[j] as NodeInfo).node;
    if (requireAllTopologies && !nodeHasTopologyKeys(node, constraints)) {
      ignoredNodes.add(node.metadata.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const value = node.metadata.labels[c.topologyKey] ?? "";
      (valueCounts[i] as Map<string, number>).set(value, 0);
    });
  }
  const normalizingWeight = constraints.map((c, i) =>
    topologyNormalizingWeight(
      c.topologyKey === LABEL_HOSTNAME
        ? count - ignoredNodes.size
        : (valueCounts[i] as Map<string, number>).size,
    ),
  );
  const namespace = pod.metadata.namespace;
  for (const info of all) {
    const node = info.node;
    if (requireAllTopologies && !nodeHasTopologyKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME || !matchesInclusionPolicies(c, state, node)) return;
      const counts = valueCounts[i] as Map<string, number>;
      const value = node.metadata.labels[c.topologyKey] ?? "";
      const current = counts.get(value);
      // A domain no feasible node is in does not matter.
      if (current === undefined) return;
      counts.set(value, current + countPodsMatchSelector(info, c.selector, c.selectorKey, namespace));
    });
  }
  return { constraints, ignoredNodes, valueCounts, normalizingWeight };
}

export const topologySpreadScore: ScorePlugin = {
  name: NAME,
  preScore(state, nodes = [], count = 0): boolean {
    state.topologySpreadScore = preScoreTopologySpread(state, nodes, count);
    return state.topologySpreadScore !== null;
  },
  score(state: CycleState, info: NodeInfo): number {
    const s = state.topologySpreadScore;
    if (!s) return 0;
    const node = info.node;
    // Ignored nodes are marked so NormalizeScore gives them 0.
    if (s.ignoredNodes.has(node.metadata.name)) return -1;
    const labels = node.metadata.labels;
    let score = 0;
    s.constraints.forEach((c, i) => {
      if (!Object.hasOwn(labels, c.topologyKey)) return;
      const count =
        c.topologyKey === LABEL_HOSTNAME
          ? countPodsMatchSelector(info, c.selector, c.selectorKey, state.pod.metadata.namespace)
          : ((s.valueCounts[i] as Map<string, number>).get(labels[c.topologyKey] as string) ?? 0);
      score += scoreForCount(count, c.maxSkew, s.normalizingWeight[i] as number);
    });
    return goRound(score);
  },
  normalize(scores: Float64Array, count: number): void {
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    for (let i = 0; i < count; i++) {
      const score = scores[i] as number;
      if (score === -1) continue;
      if (score < min) min = score;
      if (score > max) max = score;
    }
    for (let i = 0; i < count; i++) {
      const score = scores[i] as number;
      if (score === -1) scores[i] = 0;
      else if (max === 0) scores[i] = MAX_NODE_SCORE;
      else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - score)) / max);
    }
  },
};
