import { describe, expect, it } from "vitest";
import {
  chipGrid,
  chipRect,
  computeLayout,
  inside,
  masterRow,
  NODE_H,
  NODE_W,
  nodeColumns,
  nodeParts,
  type Rect,
} from "../../client/board/layout.ts";

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const contains = (outer: Rect, inner: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.w <= outer.x + outer.w &&
  inner.y + inner.h <= outer.y + outer.h;

describe("the board's layout", () => {
  for (const [nodes, masters] of [
    [3, 1],
    [6, 3],
    [100, 5],
  ] as const) {
    it(`${nodes} nodes and ${masters} masters: nothing overlaps and everything is in the world`, () => {
      const names = Array.from({ length: nodes }, (_, i) => `worker-${i + 1}`);
      const l = computeLayout(names, masters, ["local", "dockerhub", "ecr", "gar", "acr"]);
      const blocks = [l.user, l.controlPlane, l.pending, l.clients, l.registries, ...l.nodes.values()];
      for (let i = 0; i < blocks.length; i++) {
        expect(contains(l.world, blocks[i] as Rect)).toBe(true);
        for (let j = i + 1; j < blocks.length; j++)
          expect(overlap(blocks[i] as Rect, blocks[j] as Rect)).toBe(false);
      }
      expect(l.masters).toHaveLength(masters);
      for (const m of l.masters) {
        expect(contains(l.controlPlane, m)).toBe(true);
        expect(contains(m, masterRow(m, "etcd"))).toBe(true);
      }
      // the registries sit under the workers, as the seed document draws the pulls going down
      const lowestNode = Math.max(...[...l.nodes.values()].map((r) => r.y + r.h));
      expect(l.registries.y).toBeGreaterThan(lowestNode);
      for (const r of l.registry.values()) expect(contains(l.registries, r)).toBe(true);
    });
  }

  it("keeps 100 nodes roughly 16:10 and every card's parts inside its card", () => {
    expect(nodeColumns(3)).toBe(2);
    expect(nodeColumns(100)).toBe(13);
    const card = { x: 0, y: 0, w: NODE_W, h: NODE_H };
    for (const part of Object.values(nodeParts(card))) expect(contains(card, part)).toBe(true);
    expect(inside(card, { x: 10, y: 10 })).toBe(true);
  });

  it("labels pods on a card (name and status, then one line), and draws dots when crowded", () => {
    const area = nodeParts({ x: 0, y: 0, w: NODE_W, h: NODE_H }).pods;
    expect(chipGrid(area, 6).mode).toBe("full");
    expect(chipGrid(area, 12).mode).toBe("small");
    const crowded = chipGrid(area, 60);
    expect(crowded.mode).toBe("dot");
    expect(crowded.capacity).toBeGreaterThanOrEqual(30);
    for (const count of [6, 12, 60]) {
      const grid = chipGrid(area, count);
      const last = chipRect(area, grid, grid.capacity - 1);
      expect(last.y + last.h).toBeLessThanOrEqual(area.y + area.h);
    }
  });
});
