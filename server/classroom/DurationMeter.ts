/**
 * Durations (ms) over a sliding window of wall time: how many, their mean, 99th percentile and
 * longest, and their total per second. One slot per second keeps a histogram with log-spaced buckets
 * (each 15 % wider than the last, from 10 µs to about 6 s), so recording is O(1) and the figures are read
 * without keeping or sorting samples; the percentile is the upper edge of its bucket (at most 15 % high).
 */
const FIRST_EDGE_MS = 0.01;
const GROWTH = 1.15;
const BUCKETS = 96;
const LOG_GROWTH = Math.log(GROWTH);

interface Slot {
  second: number;
  count: number;
  sum: number;
  max: number;
  histogram: Uint32Array;
}

export interface DurationStats {
  /** Samples in the window. */
  count: number;
  meanMs: number;
  p99Ms: number;
  maxMs: number;
  /** Samples per second of the window (the window is shorter until it has filled once). */
  perSecond: number;
  /** Sum of the durations per second of the window: the share of one core they took, in ms/s. */
  msPerSecond: number;
}

export const NO_DURATIONS: DurationStats = {
  count: 0,
  meanMs: 0,
  p99Ms: 0,
  maxMs: 0,
  perSecond: 0,
  msPerSecond: 0,
};

function bucketOf(ms: number): number {
  if (!(ms > FIRST_EDGE_MS)) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / FIRST_EDGE_MS) / LOG_GROWTH));
}

function upperEdge(bucket: number): number {
  return FIRST_EDGE_MS * GROWTH ** bucket;
}

export class DurationMeter {
  private readonly slots: Slot[];
  private readonly windowSeconds: number;
  /** The second the meter started (monotonic ms / 1000): the window is shorter before it fills. */
  private readonly startSecond: number;

  constructor(windowSeconds: number, nowMs: number) {
    this.windowSeconds = windowSeconds;
    this.startSecond = Math.floor(nowMs / 1000);
    this.slots = Array.from({ length: windowSeconds }, () => ({
      second: -1,
      count: 0,
      sum: 0,
      max: 0,
      histogram: new Uint32Array(BUCKETS),
    }));
  }

  record(ms: number, nowMs: number): void {
    const slot = this.slotAt(Math.floor(nowMs / 1000));
    const value = Math.max(0, ms);
    slot.count++;
    slot.sum += value;
    if (value > slot.max) slot.max = value;
    (slot.histogram[bucketOf(value)] as number)++;
  }

  stats(nowMs: number): DurationStats {
    const second = Math.floor(nowMs / 1000);
    const live = this.slots.filter((s) => s.second > second - this.windowSeconds && s.second <= second);
    let count = 0;
    let sum = 0;
    let max = 0;
    for (const slot of live) {
      count += slot.count;
      sum += slot.sum;
      if (slot.max > max) max = slot.max;
    }
    // the window's length so far, counting the current (partial) second as a whole one
    const seconds = Math.max(1, Math.min(this.windowSeconds, second - this.startSecond + 1));
    if (count === 0) return { ...NO_DURATIONS };
    let rank = Math.ceil(count * 0.99);
    let p99 = max;
    for (let b = 0; b < BUCKETS; b++) {
      for (const slot of live) rank -= slot.histogram[b] as number;
      if (rank <= 0) {
        p99 = Math.min(upperEdge(b), max);
        break;
      }
    }
    return {
      count,
      meanMs: sum / count,
      p99Ms: p99,
      maxMs: max,
      perSecond: count / seconds,
      msPerSecond: sum / seconds,
    };
  }

  private slotAt(second: number): Slot {
    const slot = this.slots[second % this.windowSeconds] as Slot;
    if (slot.second !== second) {
      slot.second = second;
      slot.count = 0;
      slot.sum = 0;
      slot.max = 0;
      slot.histogram.fill(0);
    }
    return slot;
  }
}
