/**
 * The engine's verdict on how a component did, recorded as it happens: a placement against the default
 * scheduler's scores, a pod's time from bind to Running, a late heartbeat, a ReplicaSet's time to
 * reconcile, requests lost to stale proxy rules. Scores are computed from these (shared/score), and the
 * game server attributes each to whoever held the seat at that time.
 */
export const JUDGEMENT_KINDS = [
  "placement",
  "no-fit",
  "bind-to-running",
  "node-kept",
  "late-heartbeat",
  "node-lost",
  "reconcile",
  "rollout",
  "proxy-sync",
  "stale-route",
  /** A scheduler's preemption against DefaultPreemption's choice, 0-100. */
  "preemption",
  /** An autoscaler's decision against the real algorithm's, 0-100. */
  "autoscale",
  /** A node drained for an upgrade by the user seat: seconds it waited cordoned (evictions honour budgets). */
  "drain",
] as const;

export type JudgementKind = (typeof JUDGEMENT_KINDS)[number];

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
  /**
   * placement: 0-100 (100 = as good as the best node); no-fit: 100 when no node fitted indeed, else 0;
   * times (bind-to-running, reconcile, rollout, proxy-sync): seconds; node-kept: minutes; stale-route: requests.
   */
  value: number;
  detail?: string;
  /** The class's speed when it was not 1x: time values are simulated seconds, a student lives real ones. */
  speed?: number;
}
