import { describe, expect, it } from "vitest";
import type { Pod } from "../../../shared/sim/model/pod.ts";
import { Gi } from "../../../shared/sim/quantity.ts";
import { newCycleState } from "../../../shared/sim/scheduler/cyclestate.ts";
import {
  balancedAllocation,
  balancedResourceScore,
} from "../../../shared/sim/scheduler/noderesources/balancedallocation.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

describe("balancedResourceScore", () => {
  it.each([
    { name: "equal shares", requested: [1000, 2 * Gi], allocatable: [4000, 8 * Gi], score: 100 },
    { name: "std = |0.25 - 0.125| / 2", requested: [1000, Gi], allocatable: [4000, 8 * Gi], score: 93 },
    { name: "truncates 83.33", requested: [1, 0], allocatable: [3, 8], score: 83 },
    { name: "fractions capped at 1", requested: [8000, 8 * Gi], allocatable: [4000, 8 * Gi], score: 100 },
    { name: "capped cpu against empty memory", requested: [8000, 0], allocatable: [4000, 8 * Gi], score: 50 },
    {
      name: "a resource with no allocatable is left out",
      requested: [1000, Gi],
      allocatable: [4000, 0],
      score: 100,
    },
    { name: "three resources use the full formula", requested: [1, 0, 0], allocatable: [1, 1, 1], score: 52 },
  ])("$name -> $score", ({ requested, allocatable, score }) => {
    expect(balancedResourceScore(requested, allocatable)).toBe(score);
  });
});

describe("NodeResourcesBalancedAllocation plugin", () => {
  it.each<{ name: string; existing: Pod[]; pod: Pod; score: number }>([
    {
      name: "1 CPU/1Gi on 4 CPU/8Gi",
      existing: [],
      pod: makePod("p", { cpu: "1", memory: "1Gi" }),
      score: 93,
    },
    {
      name: "balances against what the node already holds",
      existing: [makePod("e", { nodeName: "n1", memory: "3Gi" })],
      pod: makePod("p", { cpu: "2", memory: "1Gi" }),
      score: 100,
    },
    {
      name: "uses declared requests, not the non-zero defaults",
      existing: Array.from({ length: 5 }, (_, i) => makePod(`be${i}`, { nodeName: "n1" })),
      pod: makePod("p", { cpu: "1", memory: "2Gi" }),
      score: 100,
    },
  ])("$name -> $score", ({ existing, pod, score }) => {
    const snapshot = makeSnapshot([makeNode("n1", { cpu: 4000, memory: 8 * Gi })], existing);
    const state = newCycleState(pod, snapshot);
    expect(balancedAllocation.preScore?.(state)).toBe(true);
    expect(balancedAllocation.score(state, snapshot.getNodeInfo("n1")!)).toBe(score);
  });

  it("skips best-effort pods at PreScore", () => {
    const snapshot = makeSnapshot([makeNode("n1")]);
    expect(balancedAllocation.preScore?.(newCycleState(makePod("p"), snapshot))).toBe(false);
    expect(balancedAllocation.preScore?.(newCycleState(makePod("q", { cpu: "10m" }), snapshot))).toBe(true);
  });
});
