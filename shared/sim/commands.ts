import { z } from "zod";
import { EVICTION_COMMANDS, INSTRUCTOR_COMMANDS, USER_COMMANDS } from "./apiserver/commands.ts";
import { AUTOSCALER_COMMANDS } from "./autoscaler/commands.ts";
import { type CommandDefinition, commandType } from "./commands/define.ts";
import { CONTROLLER_MANAGER_COMMANDS } from "./controllers/commands.ts";
import { SEAT_COMMANDS } from "./engine/seats.ts";
import { KUBELET_COMMANDS } from "./kubelet/commands.ts";
import { PROXY_COMMANDS } from "./proxy/commands.ts";
import { SCHEDULER_COMMANDS } from "./scheduler/commands.ts";
import { WORLD_COMMANDS } from "./world/commands.ts";

/**
 * Every change to the simulation is one of these commands, sent by a seat (a player, a bot, the
 * scenario timeline or the instructor). A match record is the list of accepted commands with their
 * tick; the engine re-derives everything else.
 *
 * The registry: each component declares its commands in its own table (schema, roles, API request,
 * handler; see commands/define.ts), and this list merges them. The Command schema and type, the actions
 * a scenario may declare, authorisation (apiserver/authorization.ts) and the audit's request mapping
 * (apiserver/dispatch.ts) all come from it: adding a command is one entry in its component's table.
 */
export const REGISTRY = [
  ...USER_COMMANDS,
  ...SCHEDULER_COMMANDS,
  ...KUBELET_COMMANDS,
  ...CONTROLLER_MANAGER_COMMANDS,
  ...EVICTION_COMMANDS,
  ...INSTRUCTOR_COMMANDS,
  ...PROXY_COMMANDS,
  ...AUTOSCALER_COMMANDS,
  ...WORLD_COMMANDS,
  ...SEAT_COMMANDS,
] as const;

type Registered = (typeof REGISTRY)[number];

function nonEmpty<T>(list: readonly T[]): [T, ...T[]] {
  const [first, ...rest] = list;
  if (first === undefined) throw new Error("the command registry is empty");
  return [first, ...rest];
}

export const Command = z.discriminatedUnion(
  "type",
  nonEmpty(REGISTRY.map((d): Registered["schema"] => d.schema)),
);
export type Command = z.infer<typeof Command>;
export type CommandType = Command["type"];

const BY_TYPE = new Map<string, CommandDefinition>(REGISTRY.map((d) => [commandType(d), d]));

/** The definition of a command type (every parsed Command has one). */
export function definitionOf(type: string): CommandDefinition | undefined {
  return BY_TYPE.get(type);
}

/** Commands a scenario's timeline may declare (run as the "scenario" seat), in registry order. */
export const SCENARIO_ACTIONS: readonly CommandType[] = REGISTRY.filter((d) => d.timeline === true).map(
  (d) => commandType(d) as CommandType,
);

/** The SetDriver command's schema (the game server checks which fields this engine's version takes). */
export const SetDriverCommand = SEAT_COMMANDS[0].schema;

export type { CommandResult, RefusalCode } from "./commands/define.ts";
