import { type PlainCode, phrase, withEnglish } from "../../shared/protocol/phrases.ts";
import type { MatchOutcome, NoticeMessage } from "../../shared/protocol/replies.ts";
import type { WinCondition } from "../../shared/scenario/document.ts";
import { evaluateWinConditions, type GoalResult } from "../../shared/scenario/goals.ts";
import type { ClusterState } from "../../shared/sim/model/state.ts";

/** The match file's `outcome` holds at most this many characters. */
export const MAX_RESULT_LENGTH = 1000;

/** "won" when every win condition is met (also when the scenario sets none), else "lost: " and the unmet ones. */
export function resultOf(goals: readonly GoalResult[]): string {
  const unmet = goals.filter((g) => !g.met);
  if (unmet.length === 0) return "won";
  const text = `lost: ${unmet.map((g) => `${g.description} (${g.detail})`).join("; ")}`;
  return text.length <= MAX_RESULT_LENGTH ? text : `${text.slice(0, MAX_RESULT_LENGTH - 1)}…`;
}

/** The scenario's win conditions judged against the cluster as it is now. */
export function judgeOutcome(
  state: ClusterState,
  conditions: readonly WinCondition[],
  reason: string,
): MatchOutcome {
  const goals = evaluateWinConditions(state, [...conditions]);
  const result = resultOf(goals);
  return {
    result,
    won: result === "won",
    reason,
    simulatedSeconds: (state.now - state.startTime) / 1000,
    goals,
  };
}

const END_REASONS: Record<string, PlainCode> = {
  instructor: "endedByTeacher",
  "time-up": "timeUp",
  idle: "endedIdle",
  shutdown: "serverStopped",
};

/** The notice everyone gets at the end: why it ended, and whether the class won. */
export function endNotice(outcome: MatchOutcome): NoticeMessage {
  const why = phrase(END_REASONS[outcome.reason] ?? "sessionEnded");
  const met = outcome.goals.filter((g) => g.met).length;
  const total = outcome.goals.length;
  if (total === 0) return { level: "info", ...withEnglish(why), outcome };
  const verdict = outcome.won ? phrase("classWon", { total }) : phrase("classLost", { met, total });
  return { level: "info", ...withEnglish(phrase("sessionOver", { why, verdict })), outcome };
}
