import type { Pod } from "../model/pod.ts";
import { type CycleState, newCycleState } from "./cyclestate.ts";
import { filterWithNominatedPods } from "./filters.ts";
import { type Profile, STATUS_NAMES, type StatusCode } from "./framework.ts";
import { ERR_REASON_CONFLICT, NAME as NODE_AFFINITY } from "./nodeaffinity/nodeaffinity.ts";
import type { NodeInfo } from "./nodeinfo.ts";
import { DEFAULT_PROFILE } from "./registry.ts";
import { fitErrorMessage, NO_NODES_AVAILABLE, preFilterExcludedReason } from "./scheduleone.ts";
import type { Snapshot } from "./snapshot.ts";

/**
 * Why a pod would go where it goes, for the scheduler seat's panel and the judge: every node's filter
 * verdicts and the feasible nodes' scores, plugin by plugin.
 */
export interface NodeExplanation {
  node: string;
  feasible: boolean;
  filters: { plugin: string; code: StatusCode | "Skipped"; reasons: string[] }[];
  /** Empty when not feasible. Score plugins a PreScore skipped for this pod are left out. */
  scores: { plugin: string; raw: number; normalized: number; weight: number; weighted: number }[];
  /** Weighted sum, 0 when not feasible. */
  total: number;
}

export interface Explanation {
  pod: string;
  nodes: NodeExplanation[];
  /** Highest total, ties listed. */
  best: string[];
  /** FailedScheduling message when none feasible. */
  message?: string;
}

/** Filter results for one node: the first failure decides, later filters are reported as Skipped. */
function explainFilters(state: CycleState, profile: Profile, info: NodeInfo): NodeExplanation["filters"] {
  const affinity = state.nodeAffinity;
  const name = info.node.metadata.name;
  let preFilterReason: string | undefined;
  if (affinity.conflict) preFilterReason = ERR_REASON_CONFLICT;
  else if (affinity.nodeNames !== null && !affinity.nodeNames.has(name)) {
    preFilterReason = preFilterExcludedReason([NODE_AFFINITY]);
  }
  const filters: NodeExplanation["filters"] = [];
  if (preFilterReason !== undefined) {
    // Excluded at PreFilter: no Filter ran on this node; the verdict belongs to NodeAffinity.
    for (const plugin of profile.filters) {
      const own = plugin.name === NODE_AFFINITY;
      filters.push({
        plugin: plugin.name,
        code: own ? "UnschedulableAndUnresolvable" : "Skipped",
        reasons: own ? [preFilterReason] : [],
      });
    }
    return filters;
  }
  // The first failure decides (pods nominated to the node counted); the later filters did not run.
  const failure = filterWithNominatedPods(state, profile, info);
  let failed = false;
  for (const plugin of profile.filters) {
    if (failed) filters.push({ plugin: plugin.name, code: "Skipped", reasons: [] });
    else if (plugin === failure?.plugin) {
      failed = true;
      filters.push({
        plugin: plugin.name,
        code: STATUS_NAMES[failure.code] as StatusCode,
        reasons: failure.reasons,
      });
    } else filters.push({ plugin: plugin.name, code: "Success", reasons: [] });
  }
  return filters;
}

/**
 * Why the pod would go where it goes: every node's filter verdicts and, for the feasible ones, each
 * plugin's raw, normalised and weighted score. Looks at ALL nodes (no percentageOfNodesToScore
 * sampling) and uses no randomness, so ties are listed rather than broken.
 */
export function explain(pod: Pod, snapshot: Snapshot, profile: Profile = DEFAULT_PROFILE): Explanation {
  const state = newCycleState(pod, snapshot);
  const nodes: NodeExplanation[] = [];
  const feasibleInfos: NodeInfo[] = [];
  const feasibleExplanations: NodeExplanation[] = [];
  const diagnosis: Record<string, string[]> = {};
  for (const info of snapshot.nodeInfos) {
    const filters = explainFilters(state, profile, info);
    const failedFilter = filters.find((f) => f.code !== "Success" && f.code !== "Skipped");
    const explanation: NodeExplanation = {
      node: info.node.metadata.name,
      feasible: failedFilter === undefined,
      filters,
      scores: [],
      total: 0,
    };
    nodes.push(explanation);
    if (failedFilter) diagnosis[explanation.node] = failedFilter.reasons;
    else {
      feasibleInfos.push(info);
      feasibleExplanations.push(explanation);
    }
  }

  const count = feasibleInfos.length;
  const scores = new Float64Array(count);
  for (const { plugin, weight } of profile.scores) {
    if (plugin.preScore && !plugin.preScore(state, feasibleInfos, count)) continue;
    for (let j = 0; j < count; j++) scores[j] = plugin.score(state, feasibleInfos[j] as NodeInfo);
    const rawScores = Array.from(scores);
    plugin.normalize?.(scores, count);
    for (let j = 0; j < count; j++) {
      const explanation = feasibleExplanations[j] as NodeExplanation;
      const normalized = scores[j] as number;
      explanation.scores.push({
        plugin: plugin.name,
        raw: rawScores[j] as number,
        normalized,
        weight,
        weighted: normalized * weight,
      });
      explanation.total += normalized * weight;
    }
  }

  const result: Explanation = { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, nodes, best: [] };
  if (count === 0) {
    result.message =
      snapshot.nodeInfos.length === 0
        ? NO_NODES_AVAILABLE
        : fitErrorMessage(
            snapshot.nodeInfos.length,
            diagnosis,
            state.nodeAffinity.conflict ? ERR_REASON_CONFLICT : undefined,
          );
    return result;
  }
  const top = Math.max(...feasibleExplanations.map((e) => e.total));
  result.best = feasibleExplanations.filter((e) => e.total === top).map((e) => e.node);
  return result;
}
