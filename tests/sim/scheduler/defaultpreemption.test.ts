import { describe, expect, it } from "vitest";
import type { Pod } from "../../../shared/sim/model/pod.ts";
import type { PodDisruptionBudget } from "../../../shared/sim/model/policy.ts";
import { seedRng } from "../../../shared/sim/prng.ts";
import {
  type Candidate,
  numCandidates,
  pickOneNodeForPreemption,
  preempt,
} from "../../../shared/sim/scheduler/defaultpreemption/preemption.ts";
import { filterPodsWithPDBViolation } from "../../../shared/sim/scheduler/defaultpreemption/victims.ts";
import { schedulePod } from "../../../shared/sim/scheduler/scheduleone.ts";
import type { Snapshot } from "../../../shared/sim/scheduler/snapshot.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

const running = (name: string, node: string, cpu: string, priority: number, startTime = 0, labels = {}) =>
  makePod(name, { nodeName: node, cpu, priority, startTime, labels });

function pdb(name: string, app: string, disruptionsAllowed: number): PodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: {
      name,
      namespace: "default",
      uid: name,
      labels: {},
      annotations: {},
      creationTimestamp: 0,
      resourceVersion: 1,
    },
    spec: { minAvailable: 1, selector: { matchLabels: { app } } },
    status: {
      observedGeneration: 1,
      disruptedPods: {},
      disruptionsAllowed,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      conditions: [],
    },
  };
}

/** What DefaultPreemption does for `pod` after a failed cycle. */
function preemptOn(snapshot: Snapshot, pod: Pod) {
  const failed = schedulePod(pod, snapshot, seedRng(1), 0);
  if (failed.ok) throw new Error(`${pod.metadata.name} fits on ${failed.node}`);
  const result = preempt(pod, snapshot, failed.codes, seedRng(7), 1_000);
  return { fit: failed.message, result };
}

const victimNames = (c: Candidate) => c.victims.map((v) => v.metadata.name);

describe("DefaultPreemption", () => {
  it("evicts the fewest, least important pods on the node where that costs least", () => {
    const snapshot = makeSnapshot(
      [makeNode("a", { cpu: 4000 }), makeNode("b", { cpu: 4000 })],
      [
        running("a-low-1", "a", "1", 0),
        running("a-low-2", "a", "1", 0),
        running("a-mid", "a", "2", 100),
        running("b-mid-1", "b", "2", 100),
        running("b-mid-2", "b", "2", 100),
      ],
    );
    const { fit, result } = preemptOn(snapshot, makePod("urgent", { cpu: "2", priority: 1000 }));
    expect(fit).toBe("0/2 nodes are available: 2 Insufficient cpu.");
    if (!result.ok) throw new Error(result.message);
    // a: the two priority-0 pods make room (highest victim 0); b: one priority-100 pod (highest 100).
    expect(result.candidate.node).toBe("a");
    expect(victimNames(result.candidate)).toEqual(["a-low-1", "a-low-2"]);
    const all = result.candidates.map((c) => [c.node, victimNames(c)]).sort();
    expect(all).toEqual([
      ["a", ["a-low-1", "a-low-2"]],
      ["b", ["b-mid-2"]],
    ]);
  });

  it("reprieves the most important pods first, so only what is needed goes", () => {
    const snapshot = makeSnapshot(
      [makeNode("a", { cpu: 4000 })],
      [running("old", "a", "1", 10, 100), running("new", "a", "1", 10, 200), running("tiny", "a", "2", 5)],
    );
    const { result } = preemptOn(snapshot, makePod("p", { cpu: "2", priority: 50 }));
    if (!result.ok) throw new Error(result.message);
    // priority 10 pods are given back first; the priority-5 pod alone makes room
    expect(victimNames(result.candidate)).toEqual(["tiny"]);
  });

  it("prefers victims whose eviction breaks no PodDisruptionBudget", () => {
    const snapshot = makeSnapshot(
      [makeNode("a", { cpu: 2000 }), makeNode("b", { cpu: 2000 })],
      [running("db-0", "a", "2", 0, 0, { app: "db" }), running("web-0", "b", "2", 0, 0, { app: "web" })],
      { poddisruptionbudgets: { "default/db": pdb("db", "db", 0), "default/web": pdb("web", "web", 1) } },
    );
    const { result } = preemptOn(snapshot, makePod("p", { cpu: "2", priority: 10 }));
    if (!result.ok) throw new Error(result.message);
    expect(result.candidate.node).toBe("b");
    expect(result.candidate.numPDBViolations).toBe(0);
  });

  it.each<{ name: string; nodes: ReturnType<typeof makeNode>[]; pods: Pod[]; pod: Pod; message: string }>([
    {
      name: "nothing of lower priority anywhere",
      nodes: [makeNode("a", { cpu: 1000 }), makeNode("b", { cpu: 1000 })],
      pods: [running("x", "a", "1", 0), running("y", "b", "1", 0)],
      pod: makePod("p", { cpu: "1" }),
      message: "0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    },
    {
      name: "a request larger than any node: nothing to win",
      nodes: [makeNode("a", { cpu: 1000 })],
      pods: [running("x", "a", "1", 0)],
      pod: makePod("p", { cpu: "2", priority: 100 }),
      message: "0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    },
    {
      name: "evicting every lower-priority pod is still not enough",
      nodes: [makeNode("a", { cpu: 2000 })],
      pods: [running("low", "a", "1", 0), running("high", "a", "1", 500)],
      pod: makePod("p", { cpu: "2", priority: 100 }),
      message: "0/1 nodes are available: 1 Insufficient cpu.",
    },
    {
      name: "preemptionPolicy Never",
      nodes: [makeNode("a", { cpu: 1000 })],
      pods: [running("low", "a", "1", 0)],
      pod: makePod("p", { cpu: "1", priority: 100, preemptionPolicy: "Never" }),
      message: "not eligible due to preemptionPolicy=Never.",
    },
  ])("no preemption: $name", ({ nodes, pods, pod, message }) => {
    const { result } = preemptOn(makeSnapshot(nodes, pods), pod);
    expect(result).toMatchObject({ ok: false, message });
  });

  it("a pod waiting for its victims to go is not eligible again", () => {
    const victim = running("low", "a", "1", 0);
    victim.metadata.deletionTimestamp = 30_000;
    victim.status.conditions.push({
      type: "DisruptionTarget",
      status: "True",
      reason: "PreemptionByScheduler",
      lastTransitionTime: 0,
    });
    const snapshot = makeSnapshot([makeNode("a", { cpu: 1000 })], [victim]);
    const { result } = preemptOn(snapshot, makePod("p", { cpu: "1", priority: 100, nominatedNodeName: "a" }));
    expect(result).toMatchObject({
      ok: false,
      message: "not eligible due to a terminating pod on the nominated node.",
    });
  });
});

describe("pickOneNodeForPreemption", () => {
  const c = (node: string, priorities: number[], pdb = 0, starts: number[] = []): Candidate => ({
    node,
    victims: priorities.map((p, i) => makePod(`${node}-${i}`, { priority: p, startTime: starts[i] ?? 0 })),
    numPDBViolations: pdb,
  });
  it.each<{ name: string; candidates: Candidate[]; node: string }>([
    { name: "fewest budget violations", candidates: [c("a", [0], 1), c("b", [50, 50], 0)], node: "b" },
    { name: "lowest highest-priority victim", candidates: [c("a", [10]), c("b", [5, 5, 5])], node: "b" },
    { name: "smallest sum of priorities", candidates: [c("a", [5, 5]), c("b", [5, 1])], node: "b" },
    { name: "fewest victims", candidates: [c("a", [5, 0, 0]), c("b", [5, 0])], node: "b" },
    {
      name: "latest start of the highest-priority victims",
      candidates: [c("a", [5], 0, [100]), c("b", [5], 0, [300])],
      node: "b",
    },
    { name: "then the first", candidates: [c("a", [5]), c("b", [5])], node: "a" },
  ])("$name", ({ candidates, node }) => {
    expect(pickOneNodeForPreemption(candidates)?.node).toBe(node);
  });
});

describe("filterPodsWithPDBViolation and numCandidates", () => {
  it("counts each budget down; the pods that take it below zero violate it", () => {
    const pods = [
      makePod("db-0", { labels: { app: "db" } }),
      makePod("db-1", { labels: { app: "db" } }),
      makePod("web", { labels: { app: "web" } }),
    ];
    const { violating, nonViolating } = filterPodsWithPDBViolation(pods, [pdb("db", "db", 1)]);
    expect(violating.map((p) => p.metadata.name)).toEqual(["db-1"]);
    expect(nonViolating.map((p) => p.metadata.name)).toEqual(["db-0", "web"]);
  });

  it("looks at 10 % of the nodes, at least 100", () => {
    expect([numCandidates(3), numCandidates(500), numCandidates(5000)]).toEqual([3, 100, 500]);
  });
});
