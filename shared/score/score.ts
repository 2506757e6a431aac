import type { Judgement, JudgementKind } from "../sim/model/judgement.ts";

/**
 * Points from the engine's judgements: whole numbers, each role scoring for doing its job well. Each
 * judgement earns or costs points for whoever held the seat at that moment; bots' judgements earn
 * nothing (they are the yardstick) but are averaged per seat so a debrief can put a student beside the bot.
 *
 * - scheduler: a placement 0–10 (10 when kube-scheduler would have chosen that Node too, 0 when its
 *   filters rule it out); "no Node fits" +5 when none does, −3 when one did;
 * - kubelet: a Pod brought to Running 2–10 (faster is more), +1 per minute its Node stays Ready; only
 *   when the teacher made heartbeats a student's job, −2 for a late heartbeat and −10 for a lost Node;
 * - controller manager: a ReplicaSet reconciled 1–10 (faster is more);
 * - cluster user: a rollout they started completed 2–10 (faster is more);
 * - kube-proxy: stale rules brought up to date 1–5 (faster is more), −1 to −5 for requests its stale
 *   rules lost;
 * - a preemption (scheduler) or an autoscaling decision 0–10 (10 when it is the one DefaultPreemption or
 *   the autoscaler would have made);
 * - cluster user: a node drained for an upgrade 0–10 (faster is more: a point per 6 seconds cordoned).
 * "Faster" counts real seconds: at 5x speed a student's 3 seconds are 15 simulated ones.
 */
const clamp = (n: number, low: number, high: number) => Math.min(high, Math.max(low, n));

export function pointsFor(j: Pick<Judgement, "kind" | "value" | "speed">): number {
  // how fast a student was, in their own (real) seconds
  const real = j.value / (j.speed ?? 1);
  switch (j.kind) {
    case "placement":
      return Math.round(j.value / 10);
    case "no-fit":
      return j.value >= 100 ? 5 : -3;
    case "bind-to-running":
      return clamp(10 - Math.floor(Math.max(0, real - 10) / 5), 2, 10);
    case "node-kept":
      return 1;
    case "reconcile":
      return clamp(10 - Math.floor(real / 2), 1, 10);
    case "rollout":
      return clamp(10 - Math.floor(real / 15), 2, 10);
    case "proxy-sync":
      return clamp(5 - Math.floor(real / 5), 1, 5);
    case "late-heartbeat":
      return -2;
    case "node-lost":
      return -10;
    case "stale-route":
      return -clamp(Math.ceil(j.value / 20), 1, 5);
    case "preemption":
    case "autoscale":
      return Math.round(j.value / 10);
    case "drain":
      return clamp(10 - Math.floor(real / 6), 0, 10);
  }
}

/** Who held which seat when (simulated ms; `to` absent while they still hold it). */
export interface Occupancy {
  player: string;
  seat: string;
  from: number;
  to?: number;
}

export interface KindSummary {
  count: number;
  /** Mean value (placement score, seconds, requests). */
  mean: number;
  points: number;
}

export interface ScoreCard {
  points: number;
  byKind: Partial<Record<JudgementKind, KindSummary>>;
}

function add(card: ScoreCard, j: Judgement, points: number): void {
  const summary = card.byKind[j.kind] ?? { count: 0, mean: 0, points: 0 };
  summary.mean = (summary.mean * summary.count + j.value) / (summary.count + 1);
  summary.count++;
  summary.points += points;
  card.byKind[j.kind] = summary;
  card.points += points;
}

const empty = (): ScoreCard => ({ points: 0, byKind: {} });

/** Per seat, humans and bots apart: how each driver did on that seat. */
export function scoreSeats(judgements: Judgement[]): Record<string, { human: ScoreCard; bot: ScoreCard }> {
  const out: Record<string, { human: ScoreCard; bot: ScoreCard }> = {};
  for (const j of judgements) {
    const seat = out[j.seat] ?? { human: empty(), bot: empty() };
    out[j.seat] = seat;
    add(seat[j.driver], j, pointsFor(j));
  }
  return out;
}

/** Per player: the human judgements made while they held the seat. */
export function scorePlayers(judgements: Judgement[], occupancy: Occupancy[]): Record<string, ScoreCard> {
  const out: Record<string, ScoreCard> = {};
  for (const o of occupancy) out[o.player] ??= empty();
  for (const j of judgements) {
    if (j.driver !== "human") continue;
    for (const o of occupancy) {
      if (o.seat !== j.seat || j.time < o.from || (o.to !== undefined && j.time > o.to)) continue;
      const card = out[o.player] ?? empty();
      out[o.player] = card;
      add(card, j, pointsFor(j));
    }
  }
  return out;
}

export interface LeaderboardRow {
  player: string;
  points: number;
  rank: number;
}

/** Highest points first; equal points share a rank. */
export function leaderboard(scores: Record<string, ScoreCard>): LeaderboardRow[] {
  const rows = Object.entries(scores).map(([player, card]) => ({ player, points: card.points }));
  rows.sort((a, b) => b.points - a.points || (a.player < b.player ? -1 : 1));
  return rows.map((row) => ({ ...row, rank: 1 + rows.filter((r) => r.points > row.points).length }));
}
