/**
 * How many items of a busy stream (events, API requests) a view shows per simulated second. A class
 * churning hundreds of pods makes hundreds of events a second: nobody reads them at that pace and the
 * board cannot animate them, but sending each to every screen would cost more than the whole cluster.
 * The items that matter always pass (a `must` says which); the others share a budget per simulated
 * second, first come first kept. The budget starts afresh with each second, so the kept items of a
 * second depend on that second alone: a view projected afresh (a replay's seek) keeps what a view that
 * followed the stream kept.
 */
export class SecondBudget {
  private readonly perSecond: number;
  private second = Number.NaN;
  private used = 0;

  constructor(perSecond: number) {
    this.perSecond = perSecond;
  }

  /** A budget of the same size, with nothing used. */
  fresh(): SecondBudget {
    return new SecondBudget(this.perSecond);
  }

  /** Whether an item at `time` (simulated ms) that must not necessarily pass fits this second's budget. */
  take(time: number): boolean {
    const second = Math.floor(time / 1000);
    if (second !== this.second) {
      this.second = second;
      this.used = 0;
    }
    if (this.used >= this.perSecond) return false;
    this.used++;
    return true;
  }
}

/** Whether a view keeps an item: it must pass, or it fits the budget of its second. */
export type Keep<T> = (item: T, budget: SecondBudget) => boolean;

/**
 * The last `count` items of `list` (ordered by time) that `keep` passes when run over it from the start,
 * computed from its most recent whole seconds only: the seconds are walked backwards until they hold
 * `count` kept items, then run forwards through `keep` with `budget`, which is left as a view that
 * followed the stream would have it.
 */
export function lastKept<T>(
  list: readonly T[],
  count: number,
  timeOf: (item: T) => number,
  keep: Keep<T>,
  budget: SecondBudget,
): T[] {
  const dry = budget.fresh();
  let found = 0;
  let from = list.length;
  while (from > 0 && found < count) {
    const second = Math.floor(timeOf(list[from - 1] as T) / 1000);
    let start = from - 1;
    while (start > 0 && Math.floor(timeOf(list[start - 1] as T) / 1000) === second) start--;
    for (let i = start; i < from; i++) if (keep(list[i] as T, dry)) found++;
    from = start;
  }
  const kept: T[] = [];
  for (let i = from; i < list.length; i++) if (keep(list[i] as T, budget)) kept.push(list[i] as T);
  return kept.slice(-count);
}
