import type { HelpLevel } from "../../shared/protocol/state.ts";
import type { Explanation, NodeExplanation } from "../../shared/sim/scheduler/scheduleone.ts";

/**
 * What the scheduler is shown about each Node before a move, read from the engine's own `explain`
 * (the same filters and scores the bot and the judge run): the teacher picks how much per session.
 * full: feasible Nodes glow with their score, the others are dimmed with their failing filter;
 * reasons: only the failing filters; none: nothing before the move (the judgement comes after it).
 */
export type { HelpLevel } from "../../shared/protocol/state.ts";

export interface NodeVerdict {
  feasible: boolean;
  /** The filter plugin that ruled the Node out ("" when feasible). */
  plugin: string;
  /** Its reasons, in the words of FailedScheduling ("Insufficient cpu" ...). */
  reasons: string[];
  /** Weighted total of the score plugins, when feasible. */
  score: number;
  /** Among the highest totals. */
  best: boolean;
}

/** The board's guidance for the pod being placed. */
export interface BoardGuidance {
  pod: string;
  level: HelpLevel;
  /** By node name; empty while the explanation is on its way, and at help level none. */
  nodes: Map<string, NodeVerdict>;
}

/** The failing filter of a node (the first one; later filters were skipped). */
export function failedFilter(n: NodeExplanation): NodeExplanation["filters"][number] | undefined {
  return n.filters.find((f) => f.code !== "Success" && f.code !== "Skipped");
}

export function verdictsOf(ex: Explanation): Map<string, NodeVerdict> {
  const best = new Set(ex.best);
  const verdicts = new Map<string, NodeVerdict>();
  for (const n of ex.nodes) {
    const failed = failedFilter(n);
    verdicts.set(n.node, {
      feasible: n.feasible,
      plugin: failed?.plugin ?? "",
      reasons: failed ? (failed.reasons.length ? failed.reasons : [failed.code]) : [],
      score: Math.round(n.total),
      best: n.feasible && best.has(n.node),
    });
  }
  return verdicts;
}

/** Which marks a help level shows. */
export function shows(level: HelpLevel): {
  glow: boolean;
  reasons: boolean;
  score: boolean;
  confirm: boolean;
} {
  return {
    glow: level === "full",
    reasons: level !== "none",
    score: level === "full",
    confirm: level === "full",
  };
}

/** One string per node of what the board shows for it: part of the card's signature. */
export function verdictSignature(v: NodeVerdict | undefined, level: HelpLevel): string {
  if (!v || level === "none") return "";
  const s = shows(level);
  if (v.feasible) return s.glow ? `ok${s.score ? v.score : ""}${v.best ? "*" : ""}` : "";
  return `no${v.plugin}:${v.reasons.join("|")}`;
}
