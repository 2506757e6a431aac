import type { CycleState } from "../cyclestate.ts";
import { type Code, type FilterPlugin, SUCCESS, UNSCHEDULABLE_AND_UNRESOLVABLE } from "../framework.ts";
import type { NodeInfo } from "../nodeinfo.ts";

/**
 * NodeName (pkg/scheduler/framework/plugins/nodename): a pod naming a node fits only that node.
 * Pods created with spec.nodeName skip the scheduler altogether, so this matters for explain().
 */
export const NAME = "NodeName";
export const ERR_REASON = "node(s) didn't match the requested node name";

export const nodeName: FilterPlugin = {
  name: NAME,
  filter(state: CycleState, info: NodeInfo): Code {
    const wanted = state.pod.spec.nodeName;
    return wanted && wanted !== info.node.metadata.name ? UNSCHEDULABLE_AND_UNRESOLVABLE : SUCCESS;
  },
  reasons(): string[] {
    return [ERR_REASON];
  },
};
