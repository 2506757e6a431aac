import type { Pod } from "../../model/pod.ts";
import type { CycleState } from "../cyclestate.ts";
import { type Code, type FilterPlugin, SUCCESS, UNSCHEDULABLE_AND_UNRESOLVABLE } from "../framework.ts";
import type { NodeInfo } from "../nodeinfo.ts";
import { tolerationsTolerateTaint } from "../tainttoleration/tainttoleration.ts";

/**
 * NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable): a cordoned node
 * (spec.unschedulable) takes no new pods, except those tolerating the taint cordoning stands for.
 */
export const NAME = "NodeUnschedulable";
export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

/** Computed once per cycle: a pod tolerating this taint also ignores spec.unschedulable. */
export function toleratesUnschedulable(pod: Pod): boolean {
  return tolerationsTolerateTaint(pod.spec.tolerations, {
    key: TAINT_NODE_UNSCHEDULABLE,
    effect: "NoSchedule",
  });
}

export const nodeUnschedulable: FilterPlugin = {
  name: NAME,
  filter(state: CycleState, info: NodeInfo): Code {
    return info.node.spec.unschedulable && !state.toleratesUnschedulable
      ? UNSCHEDULABLE_AND_UNRESOLVABLE
      : SUCCESS;
  },
  reasons(): string[] {
    return [ERR_REASON_UNSCHEDULABLE];
  },
};
