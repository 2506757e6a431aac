import type { Judgement, JudgementKind } from "../sim/model/judgement.ts";

/**
 * Points from the engine's judgements. Each judgement earns or costs points for whoever held the seat
 * at that moment; bots' judgements earn nothing (they are the yardstick) but are averaged per seat so
 * a debrief can put a student beside the bot.
 */
export function pointsFor(j: Pick<Judgement, "kind" | "value">): number {
  switch (j.kind) {
    case "placement":
      return Math.round(j.value) / 10;
    case "bind-to-running":
      return Math.max(0, Math.round((10 - Math.max(0, j.value - 10) / 3) * 10) / 10);
    case "reconcile":
      return Math.max(0, Math.round((10 - j.value / 2) * 10) / 10);
    case "late-heartbeat":
      return -3;
    case "node-lost":
      return -20;
    case "stale-route":
      return -Math.round(j.value) / 10;
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
  summary.points = Math.round((summary.points + points) * 10) / 10;
  card.byKind[j.kind] = summary;
  card.points = Math.round((card.points + points) * 10) / 10;
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
