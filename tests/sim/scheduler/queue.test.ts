import { describe, expect, it } from "vitest";
import {
  backoffDuration,
  backoffExpiry,
  compareQueued,
  INITIAL_BACKOFF_MS,
  MAX_BACKOFF_MS,
  type QueueSortKey,
  queueLess,
  UNSCHEDULABLE_FLUSH_MS,
  unschedulableFlushDue,
} from "../../../shared/sim/scheduler/queue.ts";

describe("back-off", () => {
  it("has upstream's defaults", () => {
    expect([INITIAL_BACKOFF_MS, MAX_BACKOFF_MS, UNSCHEDULABLE_FLUSH_MS]).toEqual([1000, 10_000, 300_000]);
  });

  it("doubles from 1 s and stops at 10 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(backoffDuration)).toEqual([
      0, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });

  it("counts from the failure time", () => {
    expect(backoffExpiry(60_000, 3)).toBe(64_000);
  });

  it("flushes a parked pod only after more than 5 minutes", () => {
    expect(unschedulableFlushDue(0, 300_000)).toBe(false);
    expect(unschedulableFlushDue(0, 300_001)).toBe(true);
  });
});

describe("queue order (PrioritySort)", () => {
  const pods: QueueSortKey[] = [
    { key: "default/late-low", priority: 0, timestamp: 2000 },
    { key: "default/early-low", priority: 0, timestamp: 1000 },
    { key: "default/high", priority: 1000, timestamp: 5000 },
    { key: "default/b-same-time", priority: 0, timestamp: 1000 },
    { key: "default/negative", priority: -10, timestamp: 0 },
  ];

  it("sorts by priority, then age, then key", () => {
    expect([...pods].sort(compareQueued).map((p) => p.key)).toEqual([
      "default/high",
      "default/b-same-time",
      "default/early-low",
      "default/late-low",
      "default/negative",
    ]);
  });

  it.each([
    { a: 0, b: 1 },
    { a: 1, b: 0 },
  ])("is a strict order (%o)", ({ a, b }) => {
    const x = pods[a]!;
    const y = pods[b]!;
    expect(queueLess(x, y)).toBe(!queueLess(y, x));
    expect(queueLess(x, x)).toBe(false);
  });
});
