import type { Pod } from "../../model/pod.ts";
import type { CycleState } from "../cyclestate.ts";
import {
  type Code,
  type FilterPlugin,
  SUCCESS,
  UNSCHEDULABLE,
  UNSCHEDULABLE_AND_UNRESOLVABLE,
} from "../framework.ts";
import { topologyPair } from "../interpodaffinity/terms.ts";
import type { NodeInfo } from "../nodeinfo.ts";
import {
  countPodsMatchSelector,
  matchesInclusionPolicies,
  NAME,
  nodeHasTopologyKeys,
  podConstraints,
  type SpreadConstraint,
  selectorMatches,
} from "./common.ts";

/**
 * PodTopologySpread's PreFilter and Filter (podtopologyspread/filtering.go), for the DoNotSchedule
 * constraints: PreFilter counts the matching pods of each topology domain (nodes the pod's node
 * affinity admits, with every topology key), Filter rejects a node where
 * `matching pods in its domain + 1 (the pod, if it matches) - the global minimum > maxSkew`; a node
 * without the topology key is rejected outright ("(missing required label)").
 */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

/** criticalPaths: the two domains with the fewest matching pods, kept as upstream keeps them. */
interface CriticalPath {
  value: string;
  matchNum: number;
}
type CriticalPaths = [CriticalPath, CriticalPath];

function newCriticalPaths(): CriticalPaths {
  return [
    { value: "", matchNum: Number.MAX_SAFE_INTEGER },
    { value: "", matchNum: Number.MAX_SAFE_INTEGER },
  ];
}

function updateCriticalPaths(paths: CriticalPaths, value: string, num: number): void {
  const i = value === paths[0].value ? 0 : value === paths[1].value ? 1 : -1;
  if (i === 0 || i === 1) {
    paths[i] = { value, matchNum: num };
    if (paths[0].matchNum > paths[1].matchNum) paths.reverse();
  } else if (num < paths[0].matchNum) {
    paths[1] = paths[0];
    paths[0] = { value, matchNum: num };
  } else if (num < paths[1].matchNum) {
    paths[1] = { value, matchNum: num };
  }
}

export interface SpreadFilterState {
  constraints: SpreadConstraint[];
  /** topologyPair -> matching pods, over the eligible nodes. */
  tpPairToMatchNum: Map<string, number>;
  /** Topology key -> how many eligible domains it has (for minDomains). */
  tpKeyToDomainsNum: Map<string, number>;
  tpKeyToCriticalPaths: Map<string, CriticalPaths>;
}

/** PreFilter; null is Skip (no DoNotSchedule constraint). */
export function preFilterTopologySpread(state: CycleState): SpreadFilterState | null {
  const { pod, snapshot } = state;
  const constraints = podConstraints(pod, snapshot.listers, "DoNotSchedule");
  if (constraints.length === 0) return null;
  const tpPairToMatchNum = new Map<string, number>();
  for (const info of snapshot.nodeInfos) {
    const node = info.node;
    if (!nodeHasTopologyKeys(node, constraints)) continue;
    for (const c of constraints) {
      if (!matchesInclusionPolicies(c, state, node)) continue;
      const pair = topologyPair(c.topologyKey, node.metadata.labels[c.topologyKey] as string);
      const count = countPodsMatchSelector(info, c.selector, c.selectorKey, pod.metadata.namespace);
      tpPairToMatchNum.set(pair, (tpPairToMatchNum.get(pair) ?? 0) + count);
    }
  }
  const tpKeyToDomainsNum = new Map<string, number>();
  const tpKeyToCriticalPaths = new Map<string, CriticalPaths>();
  for (const c of constraints) tpKeyToCriticalPaths.set(c.topologyKey, newCriticalPaths());
  for (const [pair, num] of tpPairToMatchNum) {
    const [key, value] = pair.split("\u0000") as [string, string];
    tpKeyToDomainsNum.set(key, (tpKeyToDomainsNum.get(key) ?? 0) + 1);
    updateCriticalPaths(tpKeyToCriticalPaths.get(key) as CriticalPaths, value, num);
  }
  return { constraints, tpPairToMatchNum, tpKeyToDomainsNum, tpKeyToCriticalPaths };
}

/** PreFilterExtensions AddPod/RemovePod: a pod of the same namespace added to or removed from the node. */
export function updateTopologySpreadWithPod(
  cycle: CycleState,
  pod: Pod,
  info: NodeInfo,
  delta: 1 | -1,
): void {
  const state = cycle.topologySpread;
  if (state === null || pod.metadata.namespace !== cycle.pod.metadata.namespace) return;
  const node = info.node;
  if (!nodeHasTopologyKeys(node, state.constraints)) return;
  for (const c of state.constraints) {
    if (!selectorMatches(c.selector, pod.metadata.labels)) continue;
    if (!matchesInclusionPolicies(c, cycle, node)) continue;
    const value = node.metadata.labels[c.topologyKey] as string;
    const pair = topologyPair(c.topologyKey, value);
    const num = (state.tpPairToMatchNum.get(pair) ?? 0) + delta;
    state.tpPairToMatchNum.set(pair, num);
    updateCriticalPaths(state.tpKeyToCriticalPaths.get(c.topologyKey) as CriticalPaths, value, num);
  }
}

/** The global minimum; 0 while fewer domains than minDomains are eligible. */
function minMatchNum(state: SpreadFilterState, key: string, minDomains: number): number {
  const paths = state.tpKeyToCriticalPaths.get(key) as CriticalPaths;
  if ((state.tpKeyToDomainsNum.get(key) ?? 0) < minDomains) return 0;
  return paths[0].matchNum;
}

function failure(cycle: CycleState, info: NodeInfo): { code: Code; reason: string } | undefined {
  const state = cycle.topologySpread;
  if (state === null) return undefined;
  const labels = info.node.metadata.labels;
  const podLabels = cycle.pod.metadata.labels;
  for (const c of state.constraints) {
    if (!Object.hasOwn(labels, c.topologyKey))
      return { code: UNSCHEDULABLE_AND_UNRESOLVABLE, reason: ERR_REASON_NODE_LABEL_NOT_MATCH };
    const selfMatchNum = selectorMatches(c.selector, podLabels) ? 1 : 0;
    const matchNum =
      state.tpPairToMatchNum.get(topologyPair(c.topologyKey, labels[c.topologyKey] as string)) ?? 0;
    const skew = matchNum + selfMatchNum - minMatchNum(state, c.topologyKey, c.minDomains);
    if (skew > c.maxSkew) return { code: UNSCHEDULABLE, reason: ERR_REASON_CONSTRAINTS_NOT_MATCH };
  }
  return undefined;
}

export const topologySpreadFilter: FilterPlugin = {
  name: NAME,
  skip: (state: CycleState) => state.topologySpread === null,
  filter(state: CycleState, info: NodeInfo): Code {
    if (state.topologySpread === null) return SUCCESS;
    return failure(state, info)?.code ?? SUCCESS;
  },
  reasons(state: CycleState, info: NodeInfo): string[] {
    const failed = failure(state, info);
    return failed ? [failed.reason] : [];
  },
};
