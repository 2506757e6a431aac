import { type Command, type CommandResult, definitionOf } from "../commands.ts";
import { activeLeader } from "../controlplane/leaderelection.ts";
import type { Engine } from "../engine/Engine.ts";
import { recordAudit } from "./audit.ts";
import { apiUnavailable } from "./availability.ts";

/**
 * Routes an authorised command to the component that declared it (shared/sim/commands.ts). A command
 * that makes an API request is refused while the API server cannot write (or the sending scheduler or
 * controller manager is not the leading instance), and audited either way.
 */
export function dispatch(engine: Engine, seat: string, command: Command, player?: string): CommandResult {
  const definition = definitionOf(command.type);
  if (!definition) return { ok: false, code: "Invalid", message: `unsupported command for ${seat}` };
  const request = definition.request?.(command);
  if (!request) return definition.handle(engine, command, seat);
  const result =
    apiUnavailable(engine.state) ??
    componentInactive(engine, seat) ??
    definition.handle(engine, command, seat);
  recordAudit(engine, seat, request, result, player);
  return result;
}

/** A player's scheduler or controller manager acts as the leading instance; without one, nothing runs. */
function componentInactive(engine: Engine, seat: string): CommandResult | undefined {
  const component =
    seat === "scheduler"
      ? "kube-scheduler"
      : seat === "controller-manager"
        ? "kube-controller-manager"
        : undefined;
  if (!component || activeLeader(engine, component)) return undefined;
  return {
    ok: false,
    code: "Unavailable",
    message: `no ${component} instance is leading: its leader election is in progress (the Lease in kube-system has expired)`,
  };
}
