import { describe, expect, it } from "vitest";
import { Mi } from "../../../shared/sim/quantity.ts";
import { newCycleState } from "../../../shared/sim/scheduler/cyclestate.ts";
import {
  calculatePriority,
  imageLocality,
  scaledImageScore,
} from "../../../shared/sim/scheduler/imagelocality/imagelocality.ts";
import { type ContainerOptions, makeNode, makePod, makeSnapshot } from "./fixtures.ts";

const image = (names: string[], sizeMiB: number) => ({ names, sizeBytes: sizeMiB * Mi });

describe("ImageLocality arithmetic", () => {
  it.each([
    { name: "500 MiB on 3 of 3 nodes", sum: scaledImageScore(500 * Mi, 3, 3), containers: 1, score: 48 },
    { name: "500 MiB on 1 of 3 nodes", sum: scaledImageScore(500 * Mi, 1, 3), containers: 1, score: 14 },
    { name: "below 23 MiB scores 0", sum: 20 * Mi, containers: 1, score: 0 },
    { name: "1000 MiB per container is the top", sum: 1500 * Mi, containers: 1, score: 100 },
    { name: "the ceiling grows with containers", sum: 1500 * Mi, containers: 2, score: 74 },
  ])("$name -> $score", ({ sum, containers, score }) => {
    expect(calculatePriority(sum, containers)).toBe(score);
  });

  it("truncates the spread-scaled size like Go's int64()", () => {
    expect(scaledImageScore(500 * Mi, 1, 3)).toBe(174762666);
  });
});

describe("ImageLocality plugin", () => {
  const nodes = () => [
    makeNode("a", { images: [image(["docker.io/library/nginx:latest"], 500), image(["redis:7"], 300)] }),
    makeNode("b", { images: [image(["nginx"], 500)] }),
    makeNode("c", {
      images: [image(["docker.io/library/nginx:latest"], 500), image(["ghcr.io/acme/big:2"], 2000)],
    }),
  ];
  it.each<{ name: string; containers: ContainerOptions[]; scores: number[] }>([
    { name: "worked example: on every node", containers: [{ image: "nginx" }], scores: [48, 48, 48] },
    {
      name: "an image without tag means :latest",
      containers: [{ image: "nginx:latest" }],
      scores: [48, 48, 48],
    },
    { name: "another tag is another image", containers: [{ image: "nginx:1.27" }], scores: [0, 0, 0] },
    { name: "a 300 MiB image on one node of three", containers: [{ image: "redis:7" }], scores: [7, 0, 0] },
    {
      name: "sums over containers against a higher ceiling",
      containers: [{ image: "nginx" }, { image: "ghcr.io/acme/big:2" }],
      scores: [24, 24, 57],
    },
  ])("$name", ({ containers, scores }) => {
    const snapshot = makeSnapshot(nodes());
    const state = newCycleState(makePod("p", { containers }), snapshot);
    expect(snapshot.nodeInfos.map((info) => imageLocality.score(state, info))).toEqual(scores);
  });

  it("scores 14 for a 500 MiB image on 1 of 3 nodes", () => {
    const snapshot = makeSnapshot([
      makeNode("a", { images: [image(["app:v1"], 500)] }),
      makeNode("b"),
      makeNode("c"),
    ]);
    const state = newCycleState(makePod("p", { image: "app:v1" }), snapshot);
    expect(snapshot.nodeInfos.map((info) => imageLocality.score(state, info))).toEqual([14, 0, 0]);
  });

  it("spreads over all nodes of the snapshot, feasible or not", () => {
    const snapshot = makeSnapshot([
      makeNode("a", { images: [image(["app:v1"], 500)] }),
      makeNode("b", { images: [image(["app:v1"], 500)], unschedulable: true }),
      makeNode("c", { unschedulable: true }),
      makeNode("d", { unschedulable: true }),
    ]);
    const state = newCycleState(makePod("p", { image: "app:v1" }), snapshot);
    // 500 MiB * 2/4 = 250 MiB -> 100 * (250 - 23) / 977 = 23
    expect(imageLocality.score(state, snapshot.getNodeInfo("a")!)).toBe(23);
  });
});
