import { commandType } from "../commands/define.ts";
import {
  type Command,
  type CommandResult,
  type CommandType,
  REGISTRY,
  SCENARIO_ACTIONS,
} from "../commands.ts";
import { nodeOf, type Role, roleOf } from "../model/seat.ts";
import type { ClusterState } from "../model/state.ts";

/**
 * Who may ask what: the game's RBAC. Each seat maps to the identity its Kubernetes component uses, and a
 * kubelet may only act for its own node, as the NodeRestriction admission plugin enforces.
 */

/** What each role may send, from the registry: the commands whose definitions name it (built on first use). */
let allowed: Record<Role, readonly CommandType[] | "all"> | undefined;

function allowedTo(role: Role): CommandType[] {
  return REGISTRY.filter((d) => d.roles.includes(role)).map((d) => commandType(d) as CommandType);
}

function allowedFor(role: Role): readonly CommandType[] | "all" {
  allowed ??= {
    scheduler: allowedTo("scheduler"),
    "controller-manager": allowedTo("controller-manager"),
    user: allowedTo("user"),
    autoscaler: allowedTo("autoscaler"),
    kubelet: allowedTo("kubelet"),
    "kube-proxy": allowedTo("kube-proxy"),
    instructor: "all",
    // The timeline may run what a scenario declares, plus what names the scenario role (a scripted drain).
    scenario: [...SCENARIO_ACTIONS, ...allowedTo("scenario").filter((t) => !SCENARIO_ACTIONS.includes(t))],
  };
  return allowed[role];
}

export const IDENTITY: Record<Role, string> = {
  scheduler: "system:kube-scheduler",
  kubelet: "system:node",
  "kube-proxy": "system:kube-proxy",
  "controller-manager": "system:kube-controller-manager",
  user: "kubernetes-admin",
  autoscaler: "system:serviceaccount:kube-system:cluster-autoscaler",
  instructor: "kubeclass:instructor",
  scenario: "kubeclass:scenario",
};

export function identityOf(seat: string): string {
  const role = roleOf(seat);
  if (role === "kubelet") return `system:node:${nodeOf(seat)}`;
  return role ? IDENTITY[role] : seat;
}

export function authorize(state: ClusterState, seat: string, command: Command): CommandResult | undefined {
  const role = roleOf(seat);
  if (!role) return { ok: false, code: "Forbidden", message: `unknown seat "${seat}"` };
  const own = nodeOf(seat);
  if (own !== undefined) {
    if (!state.nodes[own]) return { ok: false, code: "NotFound", message: `nodes "${own}" not found` };
    if ("node" in command && command.node !== own) {
      return {
        ok: false,
        code: "Forbidden",
        message: `User "${identityOf(seat)}" cannot act on node "${command.node}": a kubelet may only act for its own node (${own})`,
      };
    }
  }
  const may = allowedFor(role);
  if (may !== "all" && !may.includes(command.type)) {
    const can = may.length ? may.join(", ") : "nothing yet";
    return {
      ok: false,
      code: "Forbidden",
      message: `User "${identityOf(seat)}" cannot ${command.type}: the ${role} seat may ${can}`,
    };
  }
  return undefined;
}
