import type { CycleState } from "./cyclestate.ts";
import type { NodeInfo } from "./nodeinfo.ts";

/**
 * The scheduling framework's vocabulary (pkg/scheduler/framework/interface.go and
 * pkg/scheduler/apis/config/v1/default_plugins.go): status codes, plugin shapes, score bounds and the
 * default profile. Plugins are plain objects of pure functions so the hot loop stays allocation-free:
 * a filter answers with a numeric code, and its reason strings are only built for nodes that failed.
 */

/** Status codes as numbers in the hot path; `STATUS_NAMES` gives the framework's names. */
export const SUCCESS = 0;
export const UNSCHEDULABLE = 1;
export const UNSCHEDULABLE_AND_UNRESOLVABLE = 2;
export type Code = typeof SUCCESS | typeof UNSCHEDULABLE | typeof UNSCHEDULABLE_AND_UNRESOLVABLE;

export type StatusCode = "Success" | "Unschedulable" | "UnschedulableAndUnresolvable";
export const STATUS_NAMES: readonly StatusCode[] = [
  "Success",
  "Unschedulable",
  "UnschedulableAndUnresolvable",
];

/** A plugin's verdict on one node, as the framework reports it (built only when someone reads it). */
export interface Status {
  code: StatusCode;
  reasons: string[];
  plugin: string;
}

/** framework.MaxNodeScore / MinNodeScore: every score plugin is normalised into this range. */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface NodeScore {
  name: string;
  score: number;
}

export interface FilterPlugin {
  readonly name: string;
  /** Filter: must not allocate; UNSCHEDULABLE* when the node cannot take the pod. */
  filter(state: CycleState, node: NodeInfo): Code;
  /** The reasons behind a failed filter, in the plugin's upstream wording. Called only after a failure. */
  reasons(state: CycleState, node: NodeInfo): string[];
  /**
   * PreFilter's Skip: true when this cycle's pod gives the filter nothing to check (it would pass every
   * node), so the cycle leaves it out of the per-node loop as upstream does.
   */
  skip?(state: CycleState): boolean;
}

export interface ScorePlugin {
  readonly name: string;
  /**
   * PreScore over the first `count` feasible nodes: false means Skip, so the plugin takes no part in
   * this cycle (as upstream's Skip status).
   */
  preScore?(state: CycleState, nodes?: readonly (NodeInfo | undefined)[], count?: number): boolean;
  /** Raw score of a feasible node, an integer. */
  score(state: CycleState, node: NodeInfo): number;
  /** NormalizeScore over the first `count` raw scores, in place; absent means the raw score is final. */
  normalize?(scores: Float64Array, count: number): void;
}

export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

/** A scheduler profile: filters run in order (the first failure decides), scores are summed by weight. */
export interface Profile {
  readonly filters: readonly FilterPlugin[];
  readonly scores: readonly WeightedScorePlugin[];
  /** percentageOfNodesToScore; 0 = the adaptive default. */
  readonly percentageOfNodesToScore: number;
}

/**
 * The default profile's filter and score plugins in upstream order, restricted to what kubeclass
 * simulates. Left out because nothing in the game can exercise them: SchedulingGates and the volume
 * plugins. DefaultPreemption is the PostFilter (scheduler/defaultpreemption).
 */
export const DEFAULT_FILTER_PLUGINS: readonly string[] = [
  "NodeUnschedulable",
  "NodeName",
  "TaintToleration",
  "NodeAffinity",
  "NodePorts",
  "NodeResourcesFit",
  "PodTopologySpread",
  "InterPodAffinity",
];

export const DEFAULT_SCORE_PLUGINS: readonly { name: string; weight: number }[] = [
  { name: "TaintToleration", weight: 3 },
  { name: "NodeAffinity", weight: 2 },
  { name: "NodeResourcesFit", weight: 1 },
  { name: "PodTopologySpread", weight: 2 },
  { name: "InterPodAffinity", weight: 2 },
  { name: "NodeResourcesBalancedAllocation", weight: 1 },
  { name: "ImageLocality", weight: 1 },
];
