import { describe, expect, it } from "vitest";
import { seedRng } from "../../../shared/sim/prng.ts";
import { DEFAULT_FILTER_PLUGINS, DEFAULT_SCORE_PLUGINS } from "../../../shared/sim/scheduler/framework.ts";
import { buildProfile, DEFAULT_PROFILE } from "../../../shared/sim/scheduler/registry.ts";
import { schedulePod } from "../../../shared/sim/scheduler/scheduleone.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

describe("default profile", () => {
  it("runs the filters in upstream's order", () => {
    expect(DEFAULT_PROFILE.filters.map((p) => p.name)).toEqual([
      "NodeUnschedulable",
      "NodeName",
      "TaintToleration",
      "NodeAffinity",
      "NodePorts",
      "NodeResourcesFit",
      "PodTopologySpread",
      "InterPodAffinity",
    ]);
  });

  it("weights the scores as default_plugins.go does", () => {
    expect(DEFAULT_PROFILE.scores.map((s) => [s.plugin.name, s.weight])).toEqual([
      ["TaintToleration", 3],
      ["NodeAffinity", 2],
      ["NodeResourcesFit", 1],
      ["PodTopologySpread", 2],
      ["InterPodAffinity", 2],
      ["NodeResourcesBalancedAllocation", 1],
      ["ImageLocality", 1],
    ]);
    expect(DEFAULT_PROFILE.percentageOfNodesToScore).toBe(0);
  });

  it("rejects unknown plugin names", () => {
    expect(() => buildProfile(["NoSuchFilter"], [])).toThrow("unknown filter plugin NoSuchFilter");
    expect(() => buildProfile([], [{ name: "VolumeBinding", weight: 1 }])).toThrow(
      "unknown score plugin VolumeBinding",
    );
  });
});

describe("custom profiles", () => {
  const cluster = () =>
    makeSnapshot(Array.from({ length: 300 }, (_, i) => makeNode(`node-${String(i).padStart(3, "0")}`)));

  it("honours an explicit percentageOfNodesToScore", () => {
    const profile = buildProfile(DEFAULT_FILTER_PLUGINS, DEFAULT_SCORE_PLUGINS, 100);
    expect(schedulePod(makePod("p"), cluster(), seedRng(1), 0, profile)).toMatchObject({
      ok: true,
      evaluatedNodes: 300,
    });
  });

  it("takes the first feasible node when nothing scores, without drawing from the rng", () => {
    const rng = seedRng(9);
    const before = [...rng];
    const profile = buildProfile(DEFAULT_FILTER_PLUGINS, []);
    expect(schedulePod(makePod("p"), cluster(), rng, 42, profile)).toMatchObject({
      ok: true,
      node: "node-042",
      evaluatedNodes: 1,
      nextStartNodeIndex: 43,
    });
    expect([...rng]).toEqual(before);
  });
});
