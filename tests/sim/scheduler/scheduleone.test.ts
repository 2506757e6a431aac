import { describe, expect, it } from "vitest";
import type { Node } from "../../../shared/sim/model/node.ts";
import type { Pod } from "../../../shared/sim/model/pod.ts";
import { seedRng } from "../../../shared/sim/prng.ts";
import { Gi } from "../../../shared/sim/quantity.ts";
import {
  explain,
  fitErrorMessage,
  numFeasibleNodesToFind,
  type ScheduleResult,
  schedulePod,
} from "../../../shared/sim/scheduler/scheduleone.ts";
import { Snapshot } from "../../../shared/sim/scheduler/snapshot.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

function placed(result: ScheduleResult): string {
  if (!result.ok) throw new Error(`not scheduled: ${result.message}`);
  return result.node;
}

function failed(result: ScheduleResult): Extract<ScheduleResult, { ok: false }> {
  if (result.ok) throw new Error(`unexpectedly scheduled on ${result.node}`);
  return result;
}

describe("numFeasibleNodesToFind (percentageOfNodesToScore adaptive default)", () => {
  it.each([
    [0, 0],
    [50, 50],
    [99, 99],
    [100, 100],
    [200, 100],
    [1000, 420],
    [5000, 500],
    [6000, 300],
    [10_000, 500],
    [15_000, 750],
  ])("%i nodes -> %i", (nodes, expected) => {
    expect(numFeasibleNodesToFind(nodes)).toBe(expected);
  });

  it("uses an explicit percentage", () => {
    expect(numFeasibleNodesToFind(1000, 100)).toBe(1000);
    expect(numFeasibleNodesToFind(1000, 5)).toBe(100);
  });
});

describe("FailedScheduling message", () => {
  it("counts reasons and sorts them as strings", () => {
    expect(
      fitErrorMessage(3, { a: ["Insufficient cpu"], b: ["Insufficient memory"], c: ["Insufficient cpu"] }),
    ).toBe("0/3 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.");
  });

  it("sorts 10 before 2, as Go's sort.Strings does", () => {
    const diagnosis: Record<string, string[]> = {};
    for (let i = 0; i < 10; i++) diagnosis[`cpu-${i}`] = ["Insufficient cpu"];
    diagnosis.x = ["node(s) were unschedulable"];
    diagnosis.y = ["node(s) were unschedulable"];
    expect(fitErrorMessage(12, diagnosis)).toBe(
      "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were unschedulable.",
    );
  });

  it("uses a PreFilter rejection instead of the histogram", () => {
    expect(fitErrorMessage(3, { a: ["x"] }, "pod affinity terms conflict")).toBe(
      "0/3 nodes are available: pod affinity terms conflict.",
    );
  });
});

describe("schedulePod", () => {
  const small = (name: string, extra: Partial<Parameters<typeof makeNode>[1]> = {}) =>
    makeNode(name, { cpu: 2000, memory: 4 * Gi, ...extra });

  it("reports why each node failed: 0/3 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.", () => {
    const snapshot = makeSnapshot([
      small("a", { cpu: 500 }),
      small("b", { cpu: 500 }),
      small("c", { memory: Gi }),
    ]);
    const result = failed(schedulePod(makePod("p", { cpu: "1", memory: "2Gi" }), snapshot, seedRng(1), 0));
    expect(result.message).toBe("0/3 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.");
    expect(result.diagnosis).toEqual({
      a: ["Insufficient cpu"],
      b: ["Insufficient cpu"],
      c: ["Insufficient memory"],
    });
  });

  it("names the untolerated taint, the cordon and the selector", () => {
    const snapshot = makeSnapshot([
      small("cp", { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] }),
      small("cordoned", { unschedulable: true }),
      small("hdd", { labels: { disktype: "hdd" } }),
    ]);
    const pod = makePod("p", { nodeSelector: { disktype: "ssd" } });
    expect(failed(schedulePod(pod, snapshot, seedRng(1), 0)).message).toBe(
      "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, " +
        "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) were unschedulable.",
    );
  });

  it("counts only the first failing filter of a node", () => {
    const snapshot = makeSnapshot([small("a", { unschedulable: true, cpu: 100 })]);
    const result = failed(schedulePod(makePod("p", { cpu: "1" }), snapshot, seedRng(1), 0));
    expect(result.message).toBe("0/1 nodes are available: 1 node(s) were unschedulable.");
  });

  it("reports an empty cluster as upstream does", () => {
    const result = failed(schedulePod(makePod("p"), new Snapshot(), seedRng(1), 0));
    expect(result.message).toBe("no nodes available to schedule pods");
  });

  it("avoids a cordoned node and uses a tolerated one", () => {
    const snapshot = makeSnapshot([
      small("a", { unschedulable: true }),
      small("b", { taints: [{ key: "gpu", effect: "NoSchedule" }] }),
    ]);
    const pod = makePod("p", { tolerations: [{ key: "gpu", operator: "Exists" }] });
    expect(placed(schedulePod(pod, snapshot, seedRng(1), 0))).toBe("b");
  });

  it("prefers the least allocated node", () => {
    const snapshot = makeSnapshot(
      [small("busy"), small("idle")],
      [makePod("e", { nodeName: "busy", cpu: "1", memory: "2Gi" })],
    );
    expect(placed(schedulePod(makePod("p", { cpu: "500m", memory: "1Gi" }), snapshot, seedRng(1), 0))).toBe(
      "idle",
    );
  });

  it("lets preferred node affinity change the winner", () => {
    const nodes = [makeNode("a"), makeNode("b", { labels: { tier: "gold" } })];
    const existing = [makePod("e", { nodeName: "b", cpu: "1", memory: "2Gi" })];
    const plain = makePod("p", { cpu: "1", memory: "2Gi" });
    expect(placed(schedulePod(plain, makeSnapshot(nodes, existing), seedRng(1), 0))).toBe("a");
    const preferring = makePod("q", {
      cpu: "1",
      memory: "2Gi",
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 10,
            preference: { matchExpressions: [{ key: "tier", operator: "In", values: ["gold"] }] },
          },
        ],
      },
    });
    expect(placed(schedulePod(preferring, makeSnapshot(nodes, existing), seedRng(1), 0))).toBe("b");
  });

  it("narrows to the nodes named in matchFields, counting the others as excluded", () => {
    const snapshot = makeSnapshot([small("a"), small("b", { cpu: 100 }), small("c")]);
    const pod = makePod("p", {
      cpu: "1",
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["b"] }] }],
        },
      },
    });
    const result = failed(schedulePod(pod, snapshot, seedRng(1), 0));
    expect(result.message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].",
    );
    const free = makePod("q", { nodeAffinity: pod.spec.affinity?.nodeAffinity });
    expect(placed(schedulePod(free, makeSnapshot([small("a"), small("b"), small("c")]), seedRng(1), 0))).toBe(
      "b",
    );
  });

  it("rejects conflicting node-name terms at PreFilter", () => {
    const snapshot = makeSnapshot([small("a"), small("b")]);
    const pod = makePod("p", {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchFields: [
                { key: "metadata.name", operator: "In", values: ["a"] },
                { key: "metadata.name", operator: "In", values: ["b"] },
              ],
            },
          ],
        },
      },
    });
    const result = failed(schedulePod(pod, snapshot, seedRng(1), 7));
    expect(result.message).toBe("0/2 nodes are available: pod affinity terms conflict.");
    expect(result.nextStartNodeIndex).toBe(7);
  });

  it("spreads a replica set over identical nodes as their pods add up", () => {
    const snapshot = makeSnapshot(["a", "b", "c"].map((n) => small(n)));
    const rng = seedRng(42);
    let start = 0;
    const counts: Record<string, number> = {};
    for (let i = 0; i < 6; i++) {
      const pod = makePod(`web-${i}`, { cpu: "100m", memory: "128Mi" });
      const result = schedulePod(pod, snapshot, rng, start);
      const node = placed(result);
      start = result.nextStartNodeIndex;
      pod.spec.nodeName = node;
      snapshot.addPod(pod);
      counts[node] = (counts[node] ?? 0) + 1;
    }
    expect(counts).toEqual({ a: 2, b: 2, c: 2 });
  });
});

describe("tie-breaking", () => {
  const identical = (): Node[] => ["n1", "n2", "n3", "n4"].map((n) => makeNode(n));
  const pod = (): Pod => makePod("p", { cpu: "1", memory: "1Gi" });

  it("is deterministic for a seed", () => {
    for (const seed of [1, 2, 3, 99]) {
      const first = placed(schedulePod(pod(), makeSnapshot(identical()), seedRng(seed), 0));
      const again = placed(schedulePod(pod(), makeSnapshot(identical()), seedRng(seed), 0));
      expect(again).toBe(first);
    }
  });

  it("picks every tied node over many seeds, roughly uniformly", () => {
    const counts: Record<string, number> = {};
    for (let seed = 0; seed < 400; seed++) {
      const node = placed(schedulePod(pod(), makeSnapshot(identical()), seedRng(seed), 0));
      counts[node] = (counts[node] ?? 0) + 1;
    }
    expect(Object.keys(counts).sort()).toEqual(["n1", "n2", "n3", "n4"]);
    for (const count of Object.values(counts)) {
      expect(count).toBeGreaterThan(60);
      expect(count).toBeLessThan(140);
    }
  });

  it("does not draw from the rng when only one node is feasible", () => {
    const rng = seedRng(5);
    const before = [...rng];
    const snapshot = makeSnapshot([makeNode("a"), makeNode("b", { unschedulable: true })]);
    expect(placed(schedulePod(pod(), snapshot, rng, 0))).toBe("a");
    expect([...rng]).toEqual(before);
  });

  it("does not draw from the rng when the best node is unique", () => {
    const rng = seedRng(5);
    const before = [...rng];
    const snapshot = makeSnapshot([makeNode("a"), makeNode("b", { cpu: 8000, memory: 16 * Gi })]);
    expect(placed(schedulePod(pod(), snapshot, rng, 0))).toBe("b");
    expect([...rng]).toEqual(before);
  });
});

describe("percentageOfNodesToScore sampling", () => {
  const cluster = (n: number) =>
    makeSnapshot(Array.from({ length: n }, (_, i) => makeNode(`node-${String(i).padStart(4, "0")}`)));

  it("stops after enough feasible nodes and resumes there next cycle, wrapping around", () => {
    const snapshot = cluster(1000);
    const rng = seedRng(3);
    const first = schedulePod(makePod("a"), snapshot, rng, 0);
    expect(first).toMatchObject({
      ok: true,
      evaluatedNodes: 420,
      feasibleNodes: 420,
      nextStartNodeIndex: 420,
    });
    const second = schedulePod(makePod("b"), snapshot, rng, first.nextStartNodeIndex);
    expect(second).toMatchObject({ evaluatedNodes: 420, nextStartNodeIndex: 840 });
    const third = schedulePod(makePod("c"), snapshot, rng, second.nextStartNodeIndex);
    expect(third).toMatchObject({ evaluatedNodes: 420, nextStartNodeIndex: 260 });
  });

  it("only picks among the nodes it examined", () => {
    const snapshot = cluster(1000);
    for (let seed = 0; seed < 20; seed++) {
      const node = placed(schedulePod(makePod("p"), snapshot, seedRng(seed), 900));
      const index = Number(node.slice(5));
      // From 900, 420 nodes: 900..999 then 0..319.
      expect(index >= 900 || index < 320).toBe(true);
    }
  });

  it("counts infeasible nodes as evaluated", () => {
    const nodes = Array.from({ length: 200 }, (_, i) =>
      makeNode(`node-${String(i).padStart(4, "0")}`, { unschedulable: i % 2 === 0 }),
    );
    const result = schedulePod(makePod("p"), makeSnapshot(nodes), seedRng(1), 0);
    // 200 nodes -> 100 feasible wanted; every other node is cordoned, so all 200 are examined.
    expect(result).toMatchObject({
      ok: true,
      evaluatedNodes: 200,
      feasibleNodes: 100,
      nextStartNodeIndex: 0,
    });
  });

  it("examines every node when none fits, and moves the start past them", () => {
    const snapshot = cluster(300);
    const result = failed(schedulePod(makePod("p", { cpu: "64" }), snapshot, seedRng(1), 17));
    expect(result.message).toBe("0/300 nodes are available: 300 Insufficient cpu.");
    expect(result.nextStartNodeIndex).toBe(17);
    expect(Object.keys(result.diagnosis)).toHaveLength(300);
  });
});

describe("schedulePod agrees with explain", () => {
  it("picks one of explain's best nodes, or fails with the same message, on a mixed cluster", () => {
    const nodes = Array.from({ length: 60 }, (_, i) =>
      makeNode(`n${String(i).padStart(2, "0")}`, {
        cpu: [1000, 2000, 4000][i % 3],
        memory: [2 * Gi, 4 * Gi, 8 * Gi][i % 3],
        pods: 6,
        labels: i % 4 === 0 ? { disktype: "ssd" } : {},
        taints:
          i % 7 === 0
            ? [{ key: "gpu", effect: "NoSchedule" }]
            : i % 5 === 0
              ? [{ key: "spot", effect: "PreferNoSchedule" }]
              : [],
        unschedulable: i % 13 === 12,
        images: i % 3 === 0 ? [{ names: ["nginx:1.27"], sizeBytes: 300 * 1024 * 1024 }] : [],
      }),
    );
    const snapshot = makeSnapshot(nodes);
    const rng = seedRng(7);
    let start = 0;
    let placedCount = 0;
    let failedCount = 0;
    for (let i = 0; i < 400; i++) {
      const pod = makePod(`p${i}`, {
        cpu: ["100m", "300m", "700m", undefined][i % 4],
        memory: ["64Mi", "512Mi", "1Gi", undefined][i % 4],
        image: i % 2 === 0 ? "nginx:1.27" : "redis:7",
        ...(i % 6 === 0 ? { nodeSelector: { disktype: "ssd" } } : {}),
        ...(i % 9 === 0 ? { tolerations: [{ key: "gpu", operator: "Exists" as const }] } : {}),
      });
      const expected = explain(pod, snapshot);
      const result = schedulePod(pod, snapshot, rng, start);
      start = result.nextStartNodeIndex;
      if (result.ok) {
        expect(expected.best).toContain(result.node);
        pod.spec.nodeName = result.node;
        snapshot.addPod(pod);
        placedCount++;
      } else {
        expect(result.message).toBe(expected.message);
        failedCount++;
      }
    }
    // The cluster fills up along the way, so both paths are exercised.
    expect(placedCount).toBeGreaterThan(100);
    expect(failedCount).toBeGreaterThan(10);
    for (const info of snapshot.nodeInfos) {
      expect(info.requested.cpu).toBeLessThanOrEqual(info.node.status.allocatable.cpu);
      expect(info.requested.memory).toBeLessThanOrEqual(info.node.status.allocatable.memory);
      expect(info.requested.pods).toBeLessThanOrEqual(6);
    }
  });
});
