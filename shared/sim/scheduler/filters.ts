import type { Pod } from "../model/pod.ts";
import { type CycleState, cycleStateAddPod, cycleStateRemovePod } from "./cyclestate.ts";
import { type Code, type FilterPlugin, type Profile, SUCCESS } from "./framework.ts";
import { addPod, type NodeInfo, removePod } from "./nodeinfo.ts";

/**
 * RunFilterPlugins and RunFilterPluginsWithNominatedPods (pkg/scheduler/framework/runtime): the
 * filters in order, the first failure decides. Pods a preemption nominated to the node with a priority
 * at least the incoming pod's count as if they were there already, so nobody takes the room they were
 * promised; the pod must fit both with them and (for affinity's sake) without them.
 */
export interface FilterFailure {
  plugin: FilterPlugin;
  code: Code;
  reasons: string[];
}

/** The index of the first filter that fails, or -1. */
export function runFilters(state: CycleState, filters: readonly FilterPlugin[], info: NodeInfo): number {
  for (let f = 0; f < filters.length; f++) {
    if ((filters[f] as FilterPlugin).filter(state, info) !== SUCCESS) return f;
  }
  return -1;
}

function failureAt(
  state: CycleState,
  filters: readonly FilterPlugin[],
  info: NodeInfo,
  f: number,
): FilterFailure {
  const plugin = filters[f] as FilterPlugin;
  return { plugin, code: plugin.filter(state, info), reasons: plugin.reasons(state, info) };
}

/** Nominated pods that count on this node for this pod: higher or equal priority, not the pod itself. */
export function nominatedPodsFor(state: CycleState, info: NodeInfo): Pod[] {
  const nominated = state.snapshot.nominated.get(info.node.metadata.name);
  if (!nominated) return [];
  const out: Pod[] = [];
  const self = state.pod.metadata.uid;
  const priority = state.pod.spec.priority;
  for (const pod of nominated.values()) {
    if (pod.metadata.uid !== self && pod.spec.priority >= priority) out.push(pod);
  }
  return out;
}

/** The failure with nominated pods taken into account, or undefined when the node fits. */
export function filterWithNominatedPods(
  state: CycleState,
  profile: Profile,
  info: NodeInfo,
): FilterFailure | undefined {
  const filters = profile.filters;
  const nominated = nominatedPodsFor(state, info);
  if (nominated.length > 0) {
    for (const pod of nominated) {
      addPod(info, pod);
      cycleStateAddPod(state, pod, info);
    }
    const failed = runFilters(state, filters, info);
    const failure = failed < 0 ? undefined : failureAt(state, filters, info, failed);
    for (const pod of nominated) {
      removePod(info, pod);
      cycleStateRemovePod(state, pod, info);
    }
    if (failure) return failure;
  }
  const failed = runFilters(state, filters, info);
  return failed < 0 ? undefined : failureAt(state, filters, info, failed);
}
