/** One API request as the audit log records it: who asked what, when, and what came of it. */
export interface AuditEntry {
  seq: number;
  time: number;
  /** The seat that asked ("user", "scheduler", "kubelet:worker-1" ...). */
  seat: string;
  /** The player at that seat who asked (their id in the match record); absent for bots. */
  player?: string;
  /** The Kubernetes identity of that seat ("system:node:worker-1"). */
  user: string;
  verb: "create" | "update" | "patch" | "delete" | "bind" | "evict" | "scale";
  resource: string;
  namespace?: string;
  name: string;
  /** HTTP-like status code: 200/201 ok, 404, 409, 422, 403, 504 ... */
  code: number;
  message?: string;
}
