import { describe, expect, it } from "vitest";
import { lastKept, SecondBudget } from "../../shared/view/window.ts";

interface Item {
  id: number;
  time: number;
  must?: boolean;
}

const keep = (item: Item, budget: SecondBudget) => item.must === true || budget.take(item.time);

/** What a view that followed the stream from the start kept, in order. */
function followed(items: Item[], perSecond: number): number[] {
  const budget = new SecondBudget(perSecond);
  return items.filter((item) => keep(item, budget)).map((item) => item.id);
}

describe("a busy stream, bounded per simulated second", () => {
  it("takes the first items of each second up to the budget, and every item that must pass", () => {
    const items: Item[] = [
      { id: 1, time: 0 },
      { id: 2, time: 100 },
      { id: 3, time: 200 },
      { id: 4, time: 300, must: true },
      { id: 5, time: 1000 },
      { id: 6, time: 1999 },
      { id: 7, time: 1999 },
    ];
    expect(followed(items, 2)).toEqual([1, 2, 4, 5, 6]);
  });

  it.each([
    [1, 3],
    [5, 2],
    [40, 10],
    [100, 1],
  ])(
    "a fresh projection keeps the last %i as one that followed the stream (budget %i)",
    (count, perSecond) => {
      // uneven seconds, some crowded, some items that must pass
      const items: Item[] = [];
      let time = 0;
      for (let id = 1; id <= 300; id++) {
        time += (id * 37) % 7 === 0 ? 1000 : (id * 13) % 5 === 0 ? 0 : 90;
        items.push({ id, time, must: id % 11 === 0 });
      }
      const expected = followed(items, perSecond).slice(-count);
      const budget = new SecondBudget(perSecond);
      expect(lastKept(items, count, (i) => i.time, keep, budget).map((i) => i.id)).toEqual(expected);
      // and the budget is left as the follower's: the next item of the same second is judged alike
      const next = { id: 301, time };
      const follower = new SecondBudget(perSecond);
      for (const item of items) keep(item, follower);
      expect(keep(next, budget)).toBe(keep(next, follower));
    },
  );

  it("an empty stream keeps nothing", () => {
    expect(lastKept<Item>([], 10, (i) => i.time, keep, new SecondBudget(3))).toEqual([]);
  });
});
