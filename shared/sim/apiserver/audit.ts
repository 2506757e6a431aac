import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { AuditEntry } from "../model/audit.ts";
import { identityOf } from "./authorization.ts";

/**
 * The audit log: every create, update, delete, bind, scale and eviction, by whom and with what result.
 * As most clusters' audit policies do, Lease renewals and kubelet status updates are not logged.
 */
export const AUDIT_LIMIT = 10_000;

const CODES: Record<string, number> = {
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  AlreadyExists: 409,
  Invalid: 422,
  BackOff: 429,
  NotReady: 425,
  Unavailable: 504,
  TooManyRequests: 429,
  InternalError: 500,
};

export function recordAudit(
  engine: Engine,
  seat: string,
  request: Pick<AuditEntry, "verb" | "resource" | "namespace" | "name">,
  result: CommandResult,
  player?: string,
): void {
  const state = engine.state;
  const entry: AuditEntry = {
    seq: ++state.auditSeq,
    time: state.now,
    seat,
    ...(player ? { player } : {}),
    user: identityOf(seat),
    ...request,
    code: result.ok ? (request.verb === "create" ? 201 : 200) : (CODES[result.code] ?? 500),
    ...(result.message ? { message: result.message } : {}),
  };
  if (request.namespace === undefined) delete entry.namespace;
  state.audit.push(entry);
  engine.audited(entry.seq);
  if (state.audit.length > AUDIT_LIMIT) state.audit.splice(0, state.audit.length - AUDIT_LIMIT);
}
