import { describe, expect, it } from "vitest";
import { seedRng } from "../../../shared/sim/prng.ts";
import { Gi, Mi } from "../../../shared/sim/quantity.ts";
import { explain, schedulePod } from "../../../shared/sim/scheduler/scheduleone.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

describe("explain", () => {
  it("lists each filter, Skipped after the first failure", () => {
    const snapshot = makeSnapshot(
      [
        makeNode("cordoned", { unschedulable: true, cpu: 100 }),
        makeNode("small", { cpu: 1500 }),
        makeNode("ok"),
      ],
      [makePod("existing", { nodeName: "small", cpu: "1" })],
    );
    const result = explain(makePod("web", { cpu: "1", memory: "1Gi" }), snapshot);
    expect(result.pod).toBe("default/web");
    const cordoned = result.nodes[0]!;
    expect(cordoned).toMatchObject({ node: "cordoned", feasible: false, scores: [], total: 0 });
    expect(cordoned.filters).toEqual([
      {
        plugin: "NodeUnschedulable",
        code: "UnschedulableAndUnresolvable",
        reasons: ["node(s) were unschedulable"],
      },
      { plugin: "NodeName", code: "Skipped", reasons: [] },
      { plugin: "TaintToleration", code: "Skipped", reasons: [] },
      { plugin: "NodeAffinity", code: "Skipped", reasons: [] },
      { plugin: "NodePorts", code: "Skipped", reasons: [] },
      { plugin: "NodeResourcesFit", code: "Skipped", reasons: [] },
      { plugin: "PodTopologySpread", code: "Skipped", reasons: [] },
      { plugin: "InterPodAffinity", code: "Skipped", reasons: [] },
    ]);
    expect(result.nodes.map((n) => n.node)).toEqual(["cordoned", "ok", "small"]);
    const small = result.nodes[2]!;
    expect(small.filters.map((f) => f.code)).toEqual([
      "Success",
      "Success",
      "Success",
      "Success",
      "Success",
      "Unschedulable",
      "Skipped",
      "Skipped",
    ]);
    expect(small.filters[5]!.reasons).toEqual(["Insufficient cpu"]);
    expect(result.best).toEqual(["ok"]);
    expect(result.message).toBeUndefined();
  });

  it("shows raw, normalised and weighted scores that add up to the total", () => {
    const snapshot = makeSnapshot([
      makeNode("a", { images: [{ names: ["nginx:1.27"], sizeBytes: 500 * Mi }] }),
      makeNode("b", { taints: [{ key: "spot", effect: "PreferNoSchedule" }] }),
    ]);
    const result = explain(makePod("web", { cpu: "1", memory: "2Gi", image: "nginx:1.27" }), snapshot);
    const a = result.nodes[0]!;
    expect(a.scores).toEqual([
      { plugin: "TaintToleration", raw: 0, normalized: 100, weight: 3, weighted: 300 },
      { plugin: "NodeResourcesFit", raw: 75, normalized: 75, weight: 1, weighted: 75 },
      { plugin: "NodeResourcesBalancedAllocation", raw: 100, normalized: 100, weight: 1, weighted: 100 },
      // 500 MiB on 1 of 2 nodes: 100 * (250 - 23) / 977 = 23
      { plugin: "ImageLocality", raw: 23, normalized: 23, weight: 1, weighted: 23 },
    ]);
    expect(a.total).toBe(498);
    const b = result.nodes[1]!;
    expect(b.scores.map((s) => [s.plugin, s.raw, s.normalized])).toEqual([
      ["TaintToleration", 1, 0],
      ["NodeResourcesFit", 75, 75],
      ["NodeResourcesBalancedAllocation", 100, 100],
      ["ImageLocality", 0, 0],
    ]);
    expect(b.total).toBe(175);
    expect(result.best).toEqual(["a"]);
  });

  it("lists ties instead of breaking them", () => {
    const snapshot = makeSnapshot([makeNode("a"), makeNode("b"), makeNode("c", { cpu: 2000 })]);
    expect(explain(makePod("p", { cpu: "1" }), snapshot).best).toEqual(["a", "b"]);
  });

  it("leaves out score plugins skipped at PreScore", () => {
    const snapshot = makeSnapshot([makeNode("a")]);
    const plugins = explain(makePod("best-effort"), snapshot).nodes[0]!.scores.map((s) => s.plugin);
    expect(plugins).toEqual(["TaintToleration", "NodeResourcesFit", "ImageLocality"]);
  });

  it("gives the same FailedScheduling message as schedulePod", () => {
    const snapshot = makeSnapshot([
      makeNode("a", { cpu: 500 }),
      makeNode("b", { memory: Gi }),
      makeNode("c", { taints: [{ key: "dedicated", value: "db", effect: "NoExecute" }] }),
    ]);
    const pod = makePod("p", { cpu: "1", memory: "2Gi" });
    const result = explain(pod, snapshot);
    expect(result.best).toEqual([]);
    expect(result.message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 node(s) had untolerated taint {dedicated: db}.",
    );
    const scheduled = schedulePod(pod, snapshot, seedRng(1), 0);
    expect(scheduled.ok ? "" : scheduled.message).toBe(result.message);
  });

  it("evaluates every node of a large cluster, without sampling", () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => makeNode(`node-${String(i).padStart(4, "0")}`));
    const result = explain(makePod("p"), makeSnapshot(nodes));
    expect(result.nodes.filter((n) => n.feasible)).toHaveLength(1000);
    expect(result.best).toHaveLength(1000);
  });

  it("marks nodes a PreFilter excluded as NodeAffinity's verdict", () => {
    const snapshot = makeSnapshot([makeNode("a"), makeNode("b")]);
    const pod = makePod("p", {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["b"] }] }],
        },
      },
    });
    const result = explain(pod, snapshot);
    expect(result.nodes[0]!.feasible).toBe(false);
    expect(result.nodes[0]!.filters.find((f) => f.plugin === "NodeAffinity")).toEqual({
      plugin: "NodeAffinity",
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"],
    });
    expect(result.nodes[0]!.filters.find((f) => f.plugin === "NodeUnschedulable")?.code).toBe("Skipped");
    expect(result.best).toEqual(["b"]);
  });
});
