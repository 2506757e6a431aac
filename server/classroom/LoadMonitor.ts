import type { InstructorState } from "../state/classroom.ts";
import { DurationMeter, type DurationStats } from "./DurationMeter.ts";

/** The window the teacher's dashboard and /healthz report on. */
export const LOAD_WINDOW_SECONDS = 60;
/** How often (stopwatch ms) the figures are copied into the synced instructor panel. */
const PUBLISH_MS = 1000;
/**
 * A room's patches may take this share of the event loop (in the loop thread's CPU time) before it
 * patches less often. A class replacing 25 pods a second, a hard pace, costs ~2.5 ms of CPU a patch here
 * (50 nodes, 500 pods, 41 clients): at 5 % its patch interval flapped between 50 and 80-100 ms, and the
 * class saw every change later for a cost its neighbours did not feel.
 */
const PATCH_SHARE = 0.1;
/** The longest interval between patches a heavy room falls back to (ms). */
const SLOWEST_PATCH_MS = 1000;

/** What one session costs the server, as /healthz lists it. */
export interface SessionLoad {
  tick: DurationStats;
  /** Each patch: the engine projected into the synced state, encoded and sent. */
  patch: DurationStats;
  /** kubectl, explain and other requests measured against the work budgets. */
  work: DurationStats;
  /** Requests refused because the seat or the class had spent its work budget. */
  overBudget: number;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * What a session costs the event loop every class shares: each engine tick, each patch (the engine
 * projected into the synced state, encoded, sent), and each measured request (kubectl, explain), over
 * the last minute; and the patch interval a heavy room slows to. The teacher sees the figures in their panel (instructor-only fields) and the operator in
 * /healthz.
 */
export class LoadMonitor {
  private readonly ticks: DurationMeter;
  private readonly patches: DurationMeter;
  /** Recent patch cost (ms), smoothed: what the patch interval follows. */
  private patchCost = 0;
  private patchEvery = 0;
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
    this.patches = new DurationMeter(LOAD_WINDOW_SECONDS, now);
    this.requests = new DurationMeter(LOAD_WINDOW_SECONDS, now);
  }

  ticked(ms: number, at: number): void {
    this.ticks.record(ms, at);
  }

  /**
   * A patch took `ms`; answers the interval to patch at (ms): the configured one while patches are
   * cheap, longer (up to a second) for a room whose patches would take more than 10 % of the event loop.
   * It moves only on a clear change, so the patch timer is not reset at every patch.
   */
  patched(ms: number, at: number, baseMs: number): number {
    this.patches.record(ms, at);
    this.patchCost = this.patchCost === 0 ? ms : this.patchCost * 0.8 + ms * 0.2;
    const wanted = Math.min(SLOWEST_PATCH_MS, Math.max(baseMs, this.patchCost / PATCH_SHARE));
    const current = this.patchEvery || baseMs;
    if (wanted > current * 1.5 || wanted < current / 1.5 || (wanted === baseMs && current !== baseMs)) {
      this.patchEvery = Math.round(wanted);
    }
    return this.patchEvery || baseMs;
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
      patch: this.patches.stats(now),
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
