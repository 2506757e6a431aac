import type { InstructorState } from "../state/classroom.ts";
import { DurationMeter, type DurationStats } from "./DurationMeter.ts";

/** The window the teacher's dashboard and /healthz report on. */
export const LOAD_WINDOW_SECONDS = 60;
/** How often (stopwatch ms) the figures are copied into the synced instructor panel. */
const PUBLISH_MS = 1000;

/** What one session costs the server, as /healthz lists it. */
export interface SessionLoad {
  tick: DurationStats;
  projection: DurationStats;
  /** kubectl, explain and other requests measured against the work budgets. */
  work: DurationStats;
  /** Requests refused because the seat or the class had spent its work budget. */
  overBudget: number;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * What a session costs the event loop every class shares: each engine tick, each projection of the
 * engine into the synced state (before a patch), and each measured request (kubectl, explain), over the
 * last minute. The teacher sees the figures in their panel (instructor-only fields) and the operator in
 * /healthz.
 */
export class LoadMonitor {
  private readonly ticks: DurationMeter;
  private readonly projections: DurationMeter;
  private readonly requests: DurationMeter;
  private readonly panel: InstructorState;
  private readonly stopwatch: () => number;
  private overBudgetCount = 0;
  private publishedAt = Number.NEGATIVE_INFINITY;

  constructor(panel: InstructorState, stopwatch: () => number) {
    const now = stopwatch();
    this.panel = panel;
    this.stopwatch = stopwatch;
    this.ticks = new DurationMeter(LOAD_WINDOW_SECONDS, now);
    this.projections = new DurationMeter(LOAD_WINDOW_SECONDS, now);
    this.requests = new DurationMeter(LOAD_WINDOW_SECONDS, now);
  }

  ticked(ms: number, at: number): void {
    this.ticks.record(ms, at);
  }

  projected(ms: number, at: number): void {
    this.projections.record(ms, at);
  }

  worked(ms: number, at: number): void {
    this.requests.record(ms, at);
  }

  overBudget(): void {
    this.overBudgetCount++;
  }

  load(): SessionLoad {
    const now = this.stopwatch();
    return {
      tick: this.ticks.stats(now),
      projection: this.projections.stats(now),
      work: this.requests.stats(now),
      overBudget: this.overBudgetCount,
    };
  }

  /** Copies the figures into the instructor's panel, at most once a second. */
  publish(): void {
    const now = this.stopwatch();
    if (now - this.publishedAt < PUBLISH_MS) return;
    this.publishedAt = now;
    const { tick, work, overBudget } = this.load();
    const panel = this.panel;
    panel.tickMeanMs = round(tick.meanMs);
    panel.tickP99Ms = round(tick.p99Ms);
    panel.tickMaxMs = round(tick.maxMs);
    panel.ticksPerSecond = round(tick.perSecond);
    panel.workMsPerSecond = round(work.msPerSecond);
    panel.overBudget = overBudget;
  }
}
