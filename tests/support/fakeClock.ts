import type { WallClock } from "../../server/clock.ts";

/** A wall clock that moves only when the test says so: expiry, idleness and rates without waiting. */
export class FakeClock implements WallClock {
  private ms: number;

  constructor(start = Date.UTC(2026, 11, 1, 9, 0, 0)) {
    this.ms = start;
  }

  now(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
