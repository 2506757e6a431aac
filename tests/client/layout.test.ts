import { describe, expect, it } from "vitest";
import {
  chipGrid,
  chipRect,
  computeLayout,
  fitZoom,
  inside,
  layoutCards,
  masterRow,
  NODE_H,
  NODE_W,
  nodeColumns,
  nodeParts,
  overlaps,
  type Rect,
} from "../../client/board/layout.ts";

const contains = (outer: Rect, inner: Rect) =>
  inner.x >= outer.x - 1e-6 &&
  inner.y >= outer.y - 1e-6 &&
  inner.x + inner.w <= outer.x + outer.w + 1e-6 &&
  inner.y + inner.h <= outer.y + outer.h + 1e-6;

const workers = (n: number, prefix = "worker") => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
const REGISTRIES = ["local", "dockerhub", "ecr", "gar", "acr"];

/** The board of the projector view at 1366x768: the page's header, timer and ticker take the rest. */
const PROJECTOR = { w: 1366, h: 650 };

describe("the board's layout", () => {
  for (const [nodes, masters, viewport, clients, autoscaler] of [
    [3, 1, { w: 1600, h: 1000 }, false, 0],
    [4, 1, PROJECTOR, false, 2],
    [5, 1, { w: 900, h: 720 }, true, 0],
    [6, 3, { w: 1366, h: 700 }, true, 3],
    [6, 3, { w: 370, h: 520 }, true, 6],
    [100, 5, { w: 1600, h: 900 }, true, 4],
  ] as const) {
    it(`${nodes} nodes, ${masters} masters, ${autoscaler} autoscaler lines in ${viewport.w}x${viewport.h}: no card overlaps another, all in the world`, () => {
      const l = computeLayout(workers(nodes), masters, REGISTRIES, { viewport, clients, autoscaler });
      const cards = layoutCards(l);
      expect(cards.length).toBe(nodes + 4 + (clients ? 1 : 0) + (autoscaler ? 1 : 0));
      for (let i = 0; i < cards.length; i++) {
        const [id, r] = cards[i] as [string, Rect];
        expect(contains(l.world, r), `${id} in the world`).toBe(true);
        for (let j = i + 1; j < cards.length; j++) {
          const [other, s] = cards[j] as [string, Rect];
          expect(overlaps(r, s), `${id} overlaps ${other}`).toBe(false);
        }
      }
      expect(l.masters).toHaveLength(masters);
      for (const m of l.masters) {
        expect(contains(l.controlPlane, m)).toBe(true);
        expect(contains(m, masterRow(m, "etcd", l.leftScale))).toBe(true);
      }
      for (const r of l.registry.values()) expect(contains(l.registries, r)).toBe(true);
      // the cluster's boundary holds the control plane, the pending pods and every worker, nothing outside
      for (const r of [l.controlPlane, l.pending, ...l.nodes.values()])
        expect(contains(l.cluster, r)).toBe(true);
      for (const r of [l.user, l.registries]) expect(overlaps(l.cluster, r)).toBe(false);
    });
  }

  it("fits the scheduling scenario's board on a 1366x768 projector at zoom 1 or more (14 px text)", () => {
    // four workers at the start, a fifth (big-1) joins at 3 minutes
    for (const n of [4, 5]) {
      const l = computeLayout(workers(n), 1, ["dockerhub"], { viewport: PROJECTOR });
      expect(fitZoom(l.world, PROJECTOR), `${n} nodes`).toBeGreaterThanOrEqual(1);
    }
  });

  it("fits the autoscaling and preemption boards on a 1366x768 projector at zoom 1 or more (14 px text)", () => {
    // autoscaling: two nodes and two booting, clients, the autoscalers' card (an HPA, a group, its booting)
    const surge = computeLayout(workers(4), 1, ["dockerhub"], {
      viewport: PROJECTOR,
      clients: true,
      autoscaler: 3,
    });
    expect(fitZoom(surge.world, PROJECTOR)).toBeGreaterThanOrEqual(1);
    // priority-preemption: three spot nodes and the replacement, a group and its booting line
    const spot = computeLayout(workers(4), 1, ["dockerhub"], { viewport: PROJECTOR, autoscaler: 2 });
    expect(fitZoom(spot.world, PROJECTOR)).toBeGreaterThanOrEqual(1);
  });

  it("uses the screen's shape: side by side or stacked, whichever shows the cluster larger; one column on a phone", () => {
    const names = workers(4);
    // the seed document's arrangement when the cluster is a tall grid beside the control plane
    expect(computeLayout(workers(5), 1, ["dockerhub"], { viewport: PROJECTOR }).arrangement).toBe("seed");
    const tall = computeLayout(names, 1, ["dockerhub"], { viewport: { w: 700, h: 1000 } });
    expect(tall.arrangement).toBe("stacked");
    const phone = computeLayout(names, 1, ["dockerhub"], { viewport: { w: 370, h: 520 } });
    expect(phone.columns).toBe(1);
    // a phone fits the width and scrolls: the cards are shown at reading size
    expect(fitZoom(phone.world, { w: 370, h: 520 })).toBeGreaterThanOrEqual(1);
  });

  it("keeps 100 nodes roughly 16:10 and every card's parts inside its card", () => {
    expect(nodeColumns(3)).toBe(2);
    expect(nodeColumns(100)).toBe(13);
    const card = { x: 0, y: 0, w: NODE_W, h: NODE_H };
    for (const part of Object.values(nodeParts(card))) expect(contains(card, part)).toBe(true);
    expect(inside(card, { x: 10, y: 10 })).toBe(true);
  });

  it("labels pods on a card (name and status, then one line), and draws dots when crowded", () => {
    const area = nodeParts({ x: 0, y: 0, w: NODE_W, h: NODE_H }).pods;
    expect(chipGrid(area, 3).mode).toBe("full");
    expect(chipGrid(area, 6).mode).toBe("small");
    const crowded = chipGrid(area, 30);
    expect(crowded.mode).toBe("dot");
    expect(crowded.capacity).toBeGreaterThanOrEqual(30);
    for (const count of [3, 6, 30]) {
      const grid = chipGrid(area, count);
      const last = chipRect(area, grid, grid.capacity - 1);
      expect(last.y + last.h).toBeLessThanOrEqual(area.y + area.h);
    }
  });
});
