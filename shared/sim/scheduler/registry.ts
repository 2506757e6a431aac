import {
  DEFAULT_FILTER_PLUGINS,
  DEFAULT_SCORE_PLUGINS,
  type FilterPlugin,
  type Profile,
  type ScorePlugin,
} from "./framework.ts";
import { imageLocality } from "./imagelocality/imagelocality.ts";
import { interPodAffinityFilter } from "./interpodaffinity/filtering.ts";
import { interPodAffinityScore } from "./interpodaffinity/scoring.ts";
import { nodeAffinityFilter, nodeAffinityScore } from "./nodeaffinity/nodeaffinity.ts";
import { nodeName } from "./nodename/nodename.ts";
import { nodePorts } from "./nodeports/nodeports.ts";
import { balancedAllocation } from "./noderesources/balancedallocation.ts";
import { fitFilter, fitScore } from "./noderesources/fit.ts";
import { nodeUnschedulable } from "./nodeunschedulable/nodeunschedulable.ts";
import { topologySpreadFilter } from "./podtopologyspread/filtering.ts";
import { topologySpreadScore } from "./podtopologyspread/scoring.ts";
import { taintTolerationFilter, taintTolerationScore } from "./tainttoleration/tainttoleration.ts";

/**
 * The in-tree plugin registry (pkg/scheduler/framework/plugins/registry.go): plugin names to
 * implementations, and the profile built from a list of names, as a KubeSchedulerConfiguration does.
 */
export const FILTER_PLUGINS: Readonly<Record<string, FilterPlugin>> = {
  NodeUnschedulable: nodeUnschedulable,
  NodeName: nodeName,
  TaintToleration: taintTolerationFilter,
  NodeAffinity: nodeAffinityFilter,
  NodePorts: nodePorts,
  NodeResourcesFit: fitFilter,
  PodTopologySpread: topologySpreadFilter,
  InterPodAffinity: interPodAffinityFilter,
};

export const SCORE_PLUGINS: Readonly<Record<string, ScorePlugin>> = {
  TaintToleration: taintTolerationScore,
  NodeAffinity: nodeAffinityScore,
  NodeResourcesFit: fitScore,
  PodTopologySpread: topologySpreadScore,
  InterPodAffinity: interPodAffinityScore,
  NodeResourcesBalancedAllocation: balancedAllocation,
  ImageLocality: imageLocality,
};

export function buildProfile(
  filters: readonly string[],
  scores: readonly { name: string; weight: number }[],
  percentageOfNodesToScore = 0,
): Profile {
  return {
    filters: filters.map((name) => {
      const plugin = FILTER_PLUGINS[name];
      if (!plugin) throw new Error(`unknown filter plugin ${name}`);
      return plugin;
    }),
    scores: scores.map(({ name, weight }) => {
      const plugin = SCORE_PLUGINS[name];
      if (!plugin) throw new Error(`unknown score plugin ${name}`);
      return { plugin, weight };
    }),
    percentageOfNodesToScore,
  };
}

export const DEFAULT_PROFILE: Profile = buildProfile(DEFAULT_FILTER_PLUGINS, DEFAULT_SCORE_PLUGINS);
