import { evaluateWinConditions, type GoalResult } from "../scenario/goals.ts";
import type { Scenario } from "../scenario/load.ts";
import type { ScenarioTranslations } from "../scenario/translations.ts";
import {
  type LeaderboardRow,
  leaderboard,
  type Occupancy,
  type ScoreCard,
  scorePlayers,
  scoreSeats,
} from "../score/score.ts";
import type { Engine } from "../sim/engine/Engine.ts";
import { JUDGEMENT_KINDS } from "../sim/model/judgement.ts";
import { serviceLevel } from "../sim/proxy/traffic.ts";
import { type Marker, matchMarkers } from "./markers.ts";
import type { MatchRecord } from "./record.ts";
import type { Mismatch, Replay } from "./replay.ts";

/**
 * Everything the debrief shows, computed from the record by re-running the match: charts over time,
 * the key moments (linked to replay ticks), per-player and per-seat scores, the goals, and a CSV.
 */
export interface DebriefSample {
  tick: number;
  pendingPods: number;
  runningPods: number;
  readyNodes: number;
  notReadyNodes: number;
  pullsInProgress: number;
  /** Success rate of all Services' requests over the last 10 s (1 when there is no traffic). */
  successRate: number;
}

export interface Debrief {
  scenario: { name: string; title: string };
  endTick: number;
  samples: DebriefSample[];
  moments: Marker[];
  players: { id: string; nickname: string; card: ScoreCard }[];
  leaderboard: LeaderboardRow[];
  seats: ReturnType<typeof scoreSeats>;
  goals: GoalResult[];
  debriefNotes: string[];
  /** The scenario's title and notes in other languages (spec.translations), by language tag. */
  translations?: ScenarioTranslations;
  mismatches: Mismatch[];
  /** The simulation that recorded the match (absent: from before it was kept). */
  simulation?: number;
}

const TICK_MS = 100;
const SAMPLE_TICKS = 100;

export function sampleCluster(engine: Engine): DebriefSample {
  const state = engine.state;
  let pendingPods = 0;
  let runningPods = 0;
  for (const pod of Object.values(state.pods)) {
    if (pod.status.phase === "Pending") pendingPods++;
    else if (pod.status.phase === "Running") runningPods++;
  }
  let readyNodes = 0;
  for (const node of Object.values(state.nodes)) {
    if (node.status.conditions.some((c) => c.type === "Ready" && c.status === "True")) readyNodes++;
  }
  let requests = 0;
  let failures = 0;
  for (const traffic of Object.values(state.traffic)) {
    const level = serviceLevel(traffic, state.now, 10);
    requests += level.requests;
    failures += level.failures;
  }
  return {
    tick: state.tick,
    pendingPods,
    runningPods,
    readyNodes,
    notReadyNodes: Object.keys(state.nodes).length - readyNodes,
    pullsInProgress: Object.values(state.machines).reduce((n, m) => n + m.pulls.length, 0),
    successRate: requests === 0 ? 1 : (requests - failures) / requests,
  };
}

export function buildDebrief(record: MatchRecord, scenario: Scenario, replay: Replay): Debrief {
  const samples: DebriefSample[] = [];
  const mismatches = replay.prepare((engine) => samples.push(sampleCluster(engine)), SAMPLE_TICKS);
  const end = replay.seek(record.endTick);
  if (samples.at(-1)?.tick !== end.state.tick) samples.push(sampleCluster(end));
  const startTime = scenario.startTime;
  const occupancy: Occupancy[] = record.occupancy.map((o) => ({
    player: o.player,
    seat: o.seat,
    from: startTime + o.fromTick * TICK_MS,
    ...(o.toTick !== undefined ? { to: startTime + o.toTick * TICK_MS } : {}),
  }));
  const cards = scorePlayers(end.state.judgements, occupancy);
  return {
    scenario: record.scenario,
    endTick: record.endTick,
    samples,
    moments: matchMarkers(record, scenario.timeline, [...replay.events], startTime),
    players: record.players.map((p) => ({ ...p, card: cards[p.id] ?? { points: 0, byKind: {} } })),
    leaderboard: leaderboard(
      Object.fromEntries(record.players.map((p) => [p.id, cards[p.id] ?? { points: 0, byKind: {} }])),
    ),
    seats: scoreSeats(end.state.judgements),
    goals: evaluateWinConditions(end.state, scenario.winConditions),
    debriefNotes: scenario.debrief,
    ...(scenario.translations ? { translations: scenario.translations } : {}),
    mismatches,
    ...(record.simulation !== undefined ? { simulation: record.simulation } : {}),
  };
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The per-player figures and the time series as CSV (one file, two sections). */
export function debriefCsv(debrief: Debrief): string {
  const kinds = JUDGEMENT_KINDS;
  const lines = [
    ["player", "nickname", "rank", "points", ...kinds.flatMap((k) => [`${k} count`, `${k} mean`])].join(","),
  ];
  for (const p of debrief.players) {
    const rank = debrief.leaderboard.find((r) => r.player === p.id)?.rank ?? "";
    const cells = [
      p.id,
      p.nickname,
      rank,
      p.card.points,
      ...kinds.flatMap((k) => [
        p.card.byKind[k]?.count ?? 0,
        Number((p.card.byKind[k]?.mean ?? 0).toFixed(2)),
      ]),
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  lines.push(
    "",
    [
      "seconds",
      "pending pods",
      "running pods",
      "ready nodes",
      "not ready nodes",
      "pulls in progress",
      "success rate",
    ].join(","),
  );
  for (const s of debrief.samples) {
    lines.push(
      [
        s.tick / 10,
        s.pendingPods,
        s.runningPods,
        s.readyNodes,
        s.notReadyNodes,
        s.pullsInProgress,
        s.successRate.toFixed(4),
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
