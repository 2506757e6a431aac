import type { CycleState } from "../cyclestate.ts";
import { type Code, type FilterPlugin, SUCCESS, UNSCHEDULABLE } from "../framework.ts";
import type { NodeInfo } from "../nodeinfo.ts";

/**
 * NodePorts (pkg/scheduler/framework/plugins/nodeports): a host port can be held by one pod per node.
 * Unschedulable, not Unresolvable: the port frees up when the holder goes (preemption could do it).
 */
export const NAME = "NodePorts";
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

export const nodePorts: FilterPlugin = {
  name: NAME,
  filter(state: CycleState, info: NodeInfo): Code {
    const wanted = state.hostPorts;
    if (wanted.length === 0 || info.usedPorts.size === 0) return SUCCESS;
    for (let i = 0; i < wanted.length; i++) {
      if (info.usedPorts.has(wanted[i] as string)) return UNSCHEDULABLE;
    }
    return SUCCESS;
  },
  reasons(): string[] {
    return [ERR_REASON];
  },
};
