import { buildDebrief, type Debrief } from "../../shared/replay/debrief.ts";
import type { MatchRecord } from "../../shared/replay/record.ts";
import { type Mismatch, Replay } from "../../shared/replay/replay.ts";
import { evaluateWinConditions, type GoalResult } from "../../shared/scenario/goals.ts";
import { loadScenario, type Scenario } from "../../shared/scenario/load.ts";
import { resultOf } from "../classroom/outcome.ts";

/**
 * The work done on whole match records: re-simulating a match to verify it, and building its debrief.
 * Both replay the match from tick 0 (about 1.4 s per hour of class), so the server runs them on a
 * worker thread (ReplayPool) rather than stall every live session's clock.
 */
export type ReplayJob = { kind: "verify"; record: MatchRecord } | { kind: "debrief"; record: MatchRecord };

export interface Verification {
  mismatches: Mismatch[];
  /** The win conditions judged on the re-simulated cluster at the record's end tick. */
  goals: GoalResult[];
  result: string;
}

export type ReplayJobResult<J extends ReplayJob> = J extends { kind: "verify" } ? Verification : Debrief;

/** A record whose scenario or commands cannot be replayed at all. */
export class UnreplayableMatch extends Error {}

function load(record: MatchRecord): { scenario: Scenario; replay: Replay } {
  const loaded = loadScenario(record.scenarioFiles);
  if (!loaded.ok) {
    throw new UnreplayableMatch(
      `the recorded scenario does not load: ${loaded.errors[0]?.message ?? "unknown error"}`,
    );
  }
  const replay = Replay.load(record);
  if (!replay.ok) throw new UnreplayableMatch(replay.error);
  return { scenario: loaded.scenario, replay: replay.replay };
}

export function verifyMatch(record: MatchRecord): Verification {
  const { scenario, replay } = load(record);
  const mismatches = replay.prepare();
  const goals = evaluateWinConditions(replay.seek(record.endTick).state, scenario.winConditions);
  return { mismatches, goals, result: resultOf(goals) };
}

export function debriefMatch(record: MatchRecord): Debrief {
  const { scenario, replay } = load(record);
  return buildDebrief(record, scenario, replay);
}

export function runReplayJob(job: ReplayJob): Verification | Debrief {
  return job.kind === "verify" ? verifyMatch(job.record) : debriefMatch(job.record);
}
