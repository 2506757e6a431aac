import type { ClusterState, Timer } from "../model/state.ts";

/**
 * A binary min-heap of wake-ups kept in the state (ordered by time, then by insertion), so the engine
 * only visits what has something to do: a tick of a quiet 1,000-node cluster costs almost nothing.
 */
function less(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export function scheduleTimer(state: ClusterState, at: number, target: string): void {
  const heap = state.timers;
  const timer: Timer = { at, seq: state.timerSeq++, target };
  heap.push(timer);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent] as Timer;
    if (!less(timer, p)) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = timer;
}

/** Removes and returns the earliest timer due at or before `now`. */
export function popDueTimer(state: ClusterState, now: number): Timer | undefined {
  const heap = state.timers;
  const top = heap[0];
  if (!top || top.at > now) return undefined;
  const last = heap.pop() as Timer;
  if (heap.length > 0) {
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mv = last;
      if (l < n && less(heap[l] as Timer, mv)) {
        m = l;
        mv = heap[l] as Timer;
      }
      if (r < n && less(heap[r] as Timer, mv)) {
        m = r;
        mv = heap[r] as Timer;
      }
      if (m === i) break;
      heap[i] = mv;
      i = m;
    }
    heap[i] = last;
  }
  return top;
}

export function nextTimerAt(state: ClusterState): number | undefined {
  return state.timers[0]?.at;
}
