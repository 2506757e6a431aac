/**
 * The engine's verdict on how a component did, recorded as it happens: a placement against the default
 * scheduler's scores, a pod's time from bind to Running, a late heartbeat, a ReplicaSet's time to
 * reconcile, requests lost to stale proxy rules. Scores are computed from these (shared/score), and the
 * game server attributes each to whoever held the seat at that time.
 */
export type JudgementKind =
  | "placement"
  | "bind-to-running"
  | "late-heartbeat"
  | "node-lost"
  | "reconcile"
  | "stale-route";

export interface Judgement {
  /** Position in the judgement stream, unique and increasing. */
  seq: number;
  time: number;
  seat: string;
  /** Who drove the seat then. Bots' judgements are the baseline players are compared with. */
  driver: "bot" | "human";
  kind: JudgementKind;
  /** What it is about: a pod, a node, a ReplicaSet, a Service. */
  subject: string;
  /** placement: 0-100 (100 = as good as the best node); times: seconds; stale-route: requests. */
  value: number;
  detail?: string;
}
