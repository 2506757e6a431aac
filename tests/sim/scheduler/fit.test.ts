import { describe, expect, it } from "vitest";
import type { Pod } from "../../../shared/sim/model/pod.ts";
import { Gi } from "../../../shared/sim/quantity.ts";
import { newCycleState } from "../../../shared/sim/scheduler/cyclestate.ts";
import { STATUS_NAMES } from "../../../shared/sim/scheduler/framework.ts";
import { fitFilter, fitScore, leastRequestedScore } from "../../../shared/sim/scheduler/noderesources/fit.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

describe("NodeResourcesFit filter", () => {
  const node = () => makeNode("n1", { cpu: 4000, memory: 8 * Gi, pods: 3 });
  it.each<{ name: string; existing: Pod[]; pod: Pod; code: string; reasons: string[] }>([
    {
      name: "fits",
      existing: [],
      pod: makePod("p", { cpu: "1", memory: "2Gi" }),
      code: "Success",
      reasons: [],
    },
    {
      name: "exactly fills the node",
      existing: [makePod("e", { nodeName: "n1", cpu: "3", memory: "6Gi" })],
      pod: makePod("p", { cpu: "1", memory: "2Gi" }),
      code: "Success",
      reasons: [],
    },
    {
      name: "cpu short by 1m",
      existing: [makePod("e", { nodeName: "n1", cpu: "3001m" })],
      pod: makePod("p", { cpu: "1" }),
      code: "Unschedulable",
      reasons: ["Insufficient cpu"],
    },
    {
      name: "every insufficient resource is listed",
      existing: [makePod("e", { nodeName: "n1", cpu: "3500m", memory: "7Gi" })],
      pod: makePod("p", { cpu: "1", memory: "2Gi" }),
      code: "Unschedulable",
      reasons: ["Insufficient cpu", "Insufficient memory"],
    },
    {
      name: "too many pods, even for a pod requesting nothing",
      existing: ["a", "b", "c"].map((n) => makePod(n, { nodeName: "n1" })),
      pod: makePod("p"),
      code: "Unschedulable",
      reasons: ["Too many pods"],
    },
    {
      name: "requests count, not the non-zero defaults",
      existing: ["a", "b"].map((n) => makePod(n, { nodeName: "n1" })),
      pod: makePod("p", { cpu: "4", memory: "8Gi" }),
      code: "Success",
      reasons: [],
    },
    {
      name: "larger than the whole node is unresolvable",
      existing: [],
      pod: makePod("p", { cpu: "5" }),
      code: "UnschedulableAndUnresolvable",
      reasons: ["Insufficient cpu"],
    },
    {
      name: "pods first, then cpu, then memory",
      existing: [
        makePod("a", { nodeName: "n1", cpu: "4", memory: "8Gi" }),
        makePod("b", { nodeName: "n1" }),
        makePod("c", { nodeName: "n1" }),
      ],
      pod: makePod("p", { cpu: "1", memory: "1Gi" }),
      code: "Unschedulable",
      reasons: ["Too many pods", "Insufficient cpu", "Insufficient memory"],
    },
  ])("$name -> $code", ({ existing, pod, code, reasons }) => {
    const snapshot = makeSnapshot([node()], existing);
    const state = newCycleState(pod, snapshot);
    const info = snapshot.getNodeInfo("n1")!;
    expect(STATUS_NAMES[fitFilter.filter(state, info)]).toBe(code);
    expect(fitFilter.reasons(state, info)).toEqual(reasons);
  });
});

describe("NodeResourcesFit score (LeastAllocated)", () => {
  it.each([
    { requested: 1000, capacity: 4000, score: 75 },
    { requested: 0, capacity: 4000, score: 100 },
    { requested: 4000, capacity: 4000, score: 0 },
    { requested: 5000, capacity: 4000, score: 0 },
    { requested: 1, capacity: 3, score: 66 },
    { requested: 100, capacity: 0, score: 0 },
  ])("leastRequestedScore($requested, $capacity) = $score", ({ requested, capacity, score }) => {
    expect(leastRequestedScore(requested, capacity)).toBe(score);
  });

  it.each<{ name: string; existing: Pod[]; pod: Pod; score: number }>([
    {
      name: "worked example: 4 CPU/8Gi node, 1 CPU/2Gi requested",
      existing: [],
      pod: makePod("p", { cpu: "1", memory: "2Gi" }),
      score: 75,
    },
    {
      name: "the node's pods count with the incoming one",
      existing: [makePod("e", { nodeName: "n1", cpu: "500m", memory: "1Gi" })],
      pod: makePod("p", { cpu: "500m", memory: "1Gi" }),
      score: 75,
    },
    {
      name: "mean of cpu and memory",
      existing: [],
      pod: makePod("p", { cpu: "2", memory: "2Gi" }),
      score: 62,
    },
    { name: "a pod requesting nothing counts 100m/200Mi", existing: [], pod: makePod("p"), score: 97 },
    {
      name: "existing best-effort pods count their defaults",
      existing: Array.from({ length: 10 }, (_, i) => makePod(`be${i}`, { nodeName: "n1" })),
      pod: makePod("p", { cpu: "1", memory: "2Gi" }),
      score: 50,
    },
  ])("$name -> $score", ({ existing, pod, score }) => {
    const snapshot = makeSnapshot([makeNode("n1", { cpu: 4000, memory: 8 * Gi })], existing);
    const state = newCycleState(pod, snapshot);
    expect(fitScore.score(state, snapshot.getNodeInfo("n1")!)).toBe(score);
  });
});
