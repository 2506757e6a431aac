/**
 * The scheduling queue's arithmetic (pkg/scheduler/backend/queue/scheduling_queue.go): back-off after
 * failed attempts, the flush of pods parked as unschedulable, and the activeQ order (the PrioritySort
 * plugin). The queue itself lives with the engine; these are the rules it follows.
 */
export const INITIAL_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration: a parked pod is retried after this even if nothing changed. */
export const UNSCHEDULABLE_FLUSH_MS = 5 * 60_000;

/**
 * calculateBackoffDuration: 1 s after the first failure, doubling per further failure, capped at
 * 10 s (1, 2, 4, 8, 10, 10 ... s). No failure yet, no back-off. Upstream counts the attempts that
 * ended unschedulable (UnschedulableCount); callers pass that count.
 */
export function backoffDuration(attempts: number): number {
  if (attempts <= 0) return 0;
  let duration = INITIAL_BACKOFF_MS;
  for (let i = 1; i < attempts; i++) {
    // Compared by subtraction, as upstream does to avoid overflow.
    if (duration > MAX_BACKOFF_MS - duration) return MAX_BACKOFF_MS;
    duration += duration;
  }
  return duration;
}

/** When a pod that failed at `failedAt` may be retried (the queue timestamp is refreshed on failure). */
export function backoffExpiry(failedAt: number, attempts: number): number {
  return failedAt + backoffDuration(attempts);
}

/** flushUnschedulablePodsLeftover: parked longer than the limit (strictly), back to the active queue. */
export function unschedulableFlushDue(unschedulableSince: number, now: number): boolean {
  return now - unschedulableSince > UNSCHEDULABLE_FLUSH_MS;
}

export interface QueueSortKey {
  priority: number;
  /** When the pod entered the queue (upstream refreshes it each time a failed pod is re-added). */
  timestamp: number;
  /** namespace/name: not upstream, which has no third key; it makes equal-time ties deterministic. */
  key: string;
}

/** PrioritySort.Less: higher priority first, then the earlier timestamp, then the key. */
export function queueLess(a: QueueSortKey, b: QueueSortKey): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.key < b.key;
}

/** queueLess as a comparator for Array.prototype.sort. */
export function compareQueued(a: QueueSortKey, b: QueueSortKey): number {
  return queueLess(a, b) ? -1 : queueLess(b, a) ? 1 : 0;
}
