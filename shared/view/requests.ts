import type { RequestView } from "../protocol/state.ts";
import type { AuditEntry } from "../sim/model/audit.ts";

export function requestView(entry: AuditEntry): RequestView {
  return {
    seq: entry.seq,
    time: entry.time,
    seat: entry.seat,
    verb: entry.verb,
    resource: entry.resource,
    namespace: entry.namespace ?? "",
    name: entry.name,
    code: entry.code,
  };
}
