import { z } from "zod";
import type { Engine } from "../engine/Engine.ts";
import type { AuditEntry } from "../model/audit.ts";
import type { Judgement } from "../model/judgement.ts";
import type { Role } from "../model/seat.ts";

/**
 * How a component declares a command it answers, as a kube-scheduler plugin declares itself to the
 * registry: the schema of the command (strict: a stray field is an error), the roles whose seats may send
 * it, the API request it makes (audited; refused while the API server cannot write), and the handler.
 * Each component exports a table of these; `shared/sim/commands.ts` merges them, and the Command type,
 * the scenario's actions, authorisation and the audit's request mapping are derived from that one list.
 */
export type CommandSchema = z.ZodObject<{ type: z.ZodLiteral<string> } & z.core.$ZodShape, z.core.$strict>;

/** The API request a command makes, as the audit log records it. */
export type ApiRequest = Pick<AuditEntry, "verb" | "resource" | "namespace" | "name">;

export interface CommandDefinition<S extends CommandSchema = CommandSchema> {
  schema: S;
  /** Roles whose seats may send it; the instructor may send every command. */
  roles: readonly Role[];
  /** A scenario's timeline may declare it (`spec.timeline[].action`), run as the "scenario" seat. */
  timeline?: boolean;
  /** The API request it makes, if any (faults and node-local moves make none). */
  request?(command: z.output<S>): ApiRequest;
  /** Carries the command out, once authorised (and, for an API request, once the API server can write). */
  handle(engine: Engine, command: z.output<S>, seat: string): CommandResult;
}

export function defineCommand<S extends CommandSchema>(
  definition: CommandDefinition<S>,
): CommandDefinition<S> {
  return definition;
}

/** The command's type: the literal its schema's `type` field holds. */
export function commandType(definition: CommandDefinition): string {
  return definition.schema.shape.type.value;
}

/** The outcome of a command: accepted, or refused with a reason a player can read. */
export type CommandResult =
  | { ok: true; message?: string; judgement?: Judgement }
  | { ok: false; code: RefusalCode; message: string };

export type RefusalCode =
  | "Forbidden"
  | "NotFound"
  | "Invalid"
  | "Conflict"
  | "AlreadyExists"
  | "BackOff"
  | "NotReady"
  | "Unavailable"
  /** 429: the Eviction API refusing what a PodDisruptionBudget does not allow. */
  | "TooManyRequests"
  | "InternalError";

/** Field schemas the tables share. */
export const name = z.string().min(1).max(253);
export const nodeName = name;

/** A namespaced command's namespace, "default" when it names none (as kubectl's context does). */
export function namespaceOf(command: { namespace?: string }): string {
  return command.namespace ?? "default";
}

export const notFound = (plural: string, objectName: string): CommandResult => ({
  ok: false,
  code: "NotFound",
  message: `${plural} "${objectName}" not found`,
});
