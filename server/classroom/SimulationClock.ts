import { MAX_SPEED, MIN_SPEED } from "../../shared/protocol/messages.ts";
import { TICK_MS } from "../../shared/sim/engine/Engine.ts";

/**
 * Turns real time into engine ticks at the instructor's speed: at 1x one 100 ms tick per 100 ms, at
 * 10x ten. Wall-clock jitter only changes how many ticks run per loop step; commands carry the tick they
 * were applied at, so a replay does not depend on it. After a stall (a long GC, a suspended laptop) the
 * clock runs at most MAX_CATCH_UP_TICKS and drops the rest rather than fast-forwarding the class.
 */
export const MAX_CATCH_UP_TICKS = 40;

export class SimulationClock {
  private accumulated = 0;
  private _speed: number;
  private _running = false;

  constructor(speed = 1) {
    this._speed = clampSpeed(speed);
  }

  get speed(): number {
    return this._speed;
  }

  get running(): boolean {
    return this._running;
  }

  set speed(value: number) {
    this._speed = clampSpeed(value);
  }

  start(): void {
    this._running = true;
  }

  stop(): void {
    this._running = false;
    this.accumulated = 0;
  }

  /**
   * Ticks that were due but not run (the room's step ran out of its time budget) are owed again at the
   * next step, within the catch-up limit: a session too heavy for real time slows down instead of
   * holding the event loop every other session shares.
   */
  giveBack(ticks: number): void {
    if (!this._running || ticks <= 0) return;
    this.accumulated = Math.min(this.accumulated + ticks * TICK_MS, MAX_CATCH_UP_TICKS * TICK_MS);
  }

  /** How many ticks to run for `elapsedMs` of real time (0 while stopped). */
  advance(elapsedMs: number): number {
    if (!this._running || !(elapsedMs > 0)) return 0;
    this.accumulated += elapsedMs * this._speed;
    let ticks = Math.floor(this.accumulated / TICK_MS);
    this.accumulated -= ticks * TICK_MS;
    if (ticks > MAX_CATCH_UP_TICKS) {
      ticks = MAX_CATCH_UP_TICKS;
      this.accumulated = 0;
    }
    return ticks;
  }
}

function clampSpeed(speed: number): number {
  return Number.isFinite(speed) ? Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) : 1;
}
