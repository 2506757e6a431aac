import type { Pod } from "../model/pod.ts";
import { nextInt, type RngState } from "../prng.ts";
import { type CycleState, newCycleState } from "./cyclestate.ts";
import { filterWithNominatedPods } from "./filters.ts";
import { type Code, type Profile, SUCCESS, UNSCHEDULABLE_AND_UNRESOLVABLE } from "./framework.ts";
import { ERR_REASON_CONFLICT, NAME as NODE_AFFINITY } from "./nodeaffinity/nodeaffinity.ts";
import type { NodeInfo } from "./nodeinfo.ts";
import { DEFAULT_PROFILE } from "./registry.ts";
import type { Snapshot } from "./snapshot.ts";

/**
 * One scheduling cycle (pkg/scheduler/schedule_one.go SchedulePod): PreFilter, Filter the nodes from
 * where the last cycle stopped until enough feasible ones are found, Score them, normalise, sum by
 * weight and pick the best, ties broken at random. Upstream filters nodes in parallel; here they are
 * visited in order, which is the same search made deterministic.
 *
 * A node nominated by a preemption is tried first, and nominated pods count on the nodes they were
 * promised. The PostFilter (DefaultPreemption) runs after a failure, in defaultpreemption/. Not
 * simulated: extenders.
 */

/** Lower bounds on how many nodes a cycle examines, so small clusters are always fully searched. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** ErrNoNodesAvailable. */
export const NO_NODES_AVAILABLE = "no nodes available to schedule pods";

export type ScheduleResult =
  | { ok: true; node: string; nextStartNodeIndex: number; evaluatedNodes: number; feasibleNodes: number }
  | {
      ok: false;
      message: string;
      nextStartNodeIndex: number;
      diagnosis: Record<string, string[]>;
      /** Each node's status code (the failing filter's, or a PreFilter's rejection): what preemption reads. */
      codes: Record<string, Code>;
    };

/**
 * numFeasibleNodesToFind: in big clusters the scheduler stops filtering once it has this many feasible
 * nodes. The adaptive default is 50% minus 1% per 125 nodes, at least 5%, and never below 100 nodes.
 */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore = 0): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
      percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
}

/** The status upstream gives nodes a PreFilter result excluded: they never reach Filter. */
export function preFilterExcludedReason(plugins: readonly string[]): string {
  return `node(s) didn't satisfy plugin(s) [${plugins.join(" ")}]`;
}

/**
 * FitError.Error(): "0/N nodes are available: " and each reason with the number of nodes giving it,
 * sorted as strings (Go sort.Strings, so "10 ..." sorts before "2 ..."), joined by ", ", then ".".
 * A PreFilter rejection replaces the histogram, since it would repeat one reason for every node.
 */
export function fitErrorMessage(
  numAllNodes: number,
  diagnosis: Readonly<Record<string, readonly string[]>>,
  preFilterMessage?: string,
): string {
  let message = `0/${numAllNodes} nodes are available:`;
  if (preFilterMessage) return `${message} ${preFilterMessage}.`;
  const counts = new Map<string, number>();
  for (const reasons of Object.values(diagnosis)) {
    for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const histogram = [...counts].map(([reason, count]) => `${count} ${reason}`);
  // Code-unit order equals Go's byte order for the ASCII reasons the plugins produce.
  histogram.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (histogram.length > 0) message += ` ${histogram.join(", ")}.`;
  return message;
}

// Scratch buffers reused across cycles: a 5,000-node cycle must not allocate per node.
const feasible: (NodeInfo | undefined)[] = [];
const failedNodes: (NodeInfo | undefined)[] = [];
/** Reasons of failures found with nominated pods counted (they cannot be recomputed without them). */
const failedWith: ({ code: Code; reasons: string[] } | undefined)[] = [];
let failedPlugin = new Int32Array(64);
/** Indices of the profile's filters a cycle runs (a profile has a handful). */
const activeFilters: number[] = [];
let raw = new Float64Array(64);
let total = new Float64Array(64);

function ensureCapacity(n: number): void {
  if (failedPlugin.length >= n) return;
  const size = Math.max(n, failedPlugin.length * 2);
  failedPlugin = new Int32Array(size);
  raw = new Float64Array(size);
  total = new Float64Array(size);
}

/** The nodes a PreFilter result leaves (NodeAffinity's matchFields metadata.name In), in snapshot order. */
function preFilterNodes(state: CycleState, all: readonly NodeInfo[]): readonly NodeInfo[] {
  const names = state.nodeAffinity.nodeNames;
  if (names === null) return all;
  return all.filter((info) => names.has(info.node.metadata.name));
}

function failure(
  message: string,
  nextStartNodeIndex: number,
  diagnosis: Record<string, string[]>,
  codes: Record<string, Code> = {},
): ScheduleResult {
  return { ok: false, message, nextStartNodeIndex, diagnosis, codes };
}

/** Runs the score plugins over the first `count` feasible nodes, leaving weighted totals in `total`. */
function scoreNodes(
  state: CycleState,
  profile: Profile,
  nodes: readonly (NodeInfo | undefined)[],
  count: number,
): void {
  total.fill(0, 0, count);
  for (const { plugin, weight } of profile.scores) {
    if (plugin.preScore && !plugin.preScore(state, nodes, count)) continue;
    for (let j = 0; j < count; j++) raw[j] = plugin.score(state, nodes[j] as NodeInfo);
    plugin.normalize?.(raw, count);
    for (let j = 0; j < count; j++) total[j] = (total[j] as number) + (raw[j] as number) * weight;
  }
}

/** selectHost: the highest total; equal totals are replaced with probability 1/k (reservoir sampling). */
function selectHost(count: number, rng: RngState): number {
  let selected = 0;
  let maxScore = total[0] as number;
  let ties = 1;
  for (let j = 1; j < count; j++) {
    const score = total[j] as number;
    if (score > maxScore) {
      maxScore = score;
      selected = j;
      ties = 1;
    } else if (score === maxScore) {
      ties++;
      if (nextInt(rng, ties) === 0) selected = j;
    }
  }
  return selected;
}

/**
 * Schedules one pod against the snapshot. `nextStartNodeIndex` is where the previous cycle stopped;
 * the result carries the index for the next one. Consumes the rng only to break score ties.
 */
export function schedulePod(
  pod: Pod,
  snapshot: Snapshot,
  rng: RngState,
  nextStartNodeIndex: number,
  profile: Profile = DEFAULT_PROFILE,
): ScheduleResult {
  const all = snapshot.nodeInfos;
  const numAllNodes = all.length;
  if (numAllNodes === 0) return failure(NO_NODES_AVAILABLE, nextStartNodeIndex, {});
  const state = newCycleState(pod, snapshot);
  if (state.nodeAffinity.conflict) {
    const diagnosis: Record<string, string[]> = {};
    const codes: Record<string, Code> = {};
    for (const info of all) {
      diagnosis[info.node.metadata.name] = [ERR_REASON_CONFLICT];
      codes[info.node.metadata.name] = UNSCHEDULABLE_AND_UNRESOLVABLE;
    }
    return failure(
      fitErrorMessage(numAllNodes, diagnosis, ERR_REASON_CONFLICT),
      nextStartNodeIndex,
      diagnosis,
      codes,
    );
  }
  // A node nominated by an earlier preemption is tried first; if it fits, it is taken without scoring.
  const nominatedNode = pod.status.nominatedNodeName;
  const nominatedInfo = nominatedNode ? snapshot.getNodeInfo(nominatedNode) : undefined;
  if (nominatedInfo && filterWithNominatedPods(state, profile, nominatedInfo) === undefined) {
    return {
      ok: true,
      node: nominatedInfo.node.metadata.name,
      nextStartNodeIndex,
      evaluatedNodes: 1,
      feasibleNodes: 1,
    };
  }
  const withNominated = snapshot.nominated.size > 0;

  const nodes = preFilterNodes(state, all);
  const len = nodes.length;
  const numNodesToFind =
    profile.scores.length === 0 ? 1 : numFeasibleNodesToFind(len, profile.percentageOfNodesToScore);
  ensureCapacity(len);
  const filters = profile.filters;
  // The filters PreFilter did not Skip, by their index in the profile.
  let numFilters = 0;
  for (let f = 0; f < filters.length; f++) {
    if ((filters[f] as (typeof filters)[number]).skip?.(state) !== true) activeFilters[numFilters++] = f;
  }
  let feasibleCount = 0;
  let failedCount = 0;
  for (let i = 0; i < len && feasibleCount < numNodesToFind; i++) {
    const info = nodes[(nextStartNodeIndex + i) % len] as NodeInfo;
    let failedAt = -1;
    if (withNominated) {
      const failed = filterWithNominatedPods(state, profile, info);
      if (failed) {
        failedAt = filters.indexOf(failed.plugin);
        failedWith[failedCount] = { code: failed.code, reasons: failed.reasons };
      }
    } else {
      for (let k = 0; k < numFilters; k++) {
        const f = activeFilters[k] as number;
        if ((filters[f] as (typeof filters)[number]).filter(state, info) !== SUCCESS) {
          failedAt = f;
          break;
        }
      }
    }
    if (failedAt < 0) {
      feasible[feasibleCount++] = info;
    } else {
      failedNodes[failedCount] = info;
      failedPlugin[failedCount++] = failedAt;
    }
  }
  const next = (nextStartNodeIndex + feasibleCount + failedCount) % numAllNodes;

  if (feasibleCount === 0) {
    const diagnosis: Record<string, string[]> = {};
    const codes: Record<string, Code> = {};
    if (len < numAllNodes) {
      const excluded = preFilterExcludedReason([NODE_AFFINITY]);
      for (const info of all) {
        diagnosis[info.node.metadata.name] = [excluded];
        codes[info.node.metadata.name] = UNSCHEDULABLE_AND_UNRESOLVABLE;
      }
    }
    for (let k = 0; k < failedCount; k++) {
      const info = failedNodes[k] as NodeInfo;
      const name = info.node.metadata.name;
      const plugin = filters[failedPlugin[k] as number] as (typeof filters)[number];
      const known = failedWith[k];
      diagnosis[name] = known ? known.reasons : plugin.reasons(state, info);
      codes[name] = known ? known.code : plugin.filter(state, info);
    }
    failedNodes.fill(undefined, 0, failedCount);
    failedWith.fill(undefined, 0, failedCount);
    return failure(fitErrorMessage(numAllNodes, diagnosis), next, diagnosis, codes);
  }

  let chosen = feasible[0] as NodeInfo;
  if (feasibleCount > 1) {
    // Only one feasible node: upstream takes it without scoring, and without touching the rng.
    scoreNodes(state, profile, feasible, feasibleCount);
    chosen = feasible[selectHost(feasibleCount, rng)] as NodeInfo;
  }
  // Drop references so the scratch arrays do not keep removed nodes alive.
  feasible.fill(undefined, 0, feasibleCount);
  failedNodes.fill(undefined, 0, failedCount);
  failedWith.fill(undefined, 0, failedCount);
  return {
    ok: true,
    node: chosen.node.metadata.name,
    nextStartNodeIndex: next,
    evaluatedNodes: feasibleCount + failedCount,
    feasibleNodes: feasibleCount,
  };
}

// explain() lives in explain.ts; these re-exports keep the old import path working.
export { type Explanation, explain, type NodeExplanation } from "./explain.ts";
