import { describe, expect, it } from "vitest";
import {
  activePods,
  deploymentYaml,
  docs,
  engineFromYaml,
  eventsOf,
  nodeYaml,
  podOf,
  readyPods,
  runUntil,
} from "../harness.ts";

const cluster = (...objects: string[]) => docs(nodeYaml("a"), nodeYaml("b"), nodeYaml("c"), ...objects);
const seconds = (engine: ReturnType<typeof engineFromYaml>, since: number) => (engine.now - since) / 1000;

describe("node lifecycle", () => {
  it("a failed node goes Unknown after ~40 s and its pods are replaced elsewhere after ~340 s", () => {
    const engine = engineFromYaml(cluster(deploymentYaml("web", 6, "nginx:1.27")));
    runUntil(engine, () => readyPods(engine, "web").length === 6);
    const victim = "b";
    const onVictim = activePods(engine, "web")
      .filter((p) => p.spec.nodeName === victim)
      .map((p) => p.metadata.name);
    expect(onVictim.length).toBeGreaterThan(0);
    engine.apply("instructor", { type: "FailNode", node: victim });
    const failedAt = engine.now;
    const ready = () => engine.state.nodes[victim]?.status.conditions.find((c) => c.type === "Ready");
    runUntil(engine, () => ready()?.status === "Unknown");
    const unknownAfter = seconds(engine, failedAt);
    expect(unknownAfter).toBeGreaterThanOrEqual(30); // the last renewal was up to 10 s before the failure
    expect(unknownAfter).toBeLessThanOrEqual(46); // 40 s grace + the 5 s monitor period
    expect(ready()).toMatchObject({
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
    });
    expect(engine.state.nodes[victim]?.spec.taints.map((t) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/unreachable:NoSchedule",
      "node.kubernetes.io/unreachable:NoExecute",
    ]);
    for (const name of onVictim) {
      expect(podOf(engine, name).status.conditions.find((c) => c.type === "Ready")?.status).toBe("False");
    }
    runUntil(
      engine,
      () => onVictim.every((n) => podOf(engine, n).metadata.deletionTimestamp !== undefined),
      400_000,
    );
    const evictedAfter = seconds(engine, failedAt);
    expect(evictedAfter).toBeGreaterThanOrEqual(330);
    expect(evictedAfter).toBeLessThanOrEqual(350);
    expect(eventsOf(engine, onVictim[0] ?? "").map((e) => e.reason)).toContain("TaintManagerEviction");
    runUntil(engine, () => readyPods(engine, "web").length === 6, 60_000);
    expect(readyPods(engine, "web").every((p) => p.spec.nodeName !== victim)).toBe(true);
    // The evicted pods stay Terminating: their kubelet is gone and cannot confirm.
    expect(onVictim.every((n) => engine.state.pods[`default/${n}`] !== undefined)).toBe(true);
    engine.apply("instructor", { type: "RecoverNode", node: victim });
    runUntil(engine, () => onVictim.every((n) => engine.state.pods[`default/${n}`] === undefined), 60_000);
    runUntil(
      engine,
      () => ready()?.status === "True" && (engine.state.nodes[victim]?.spec.taints.length ?? 1) === 0,
      20_000,
    );
  });

  it("NoExecute taints are added at the eviction rate (one node per 10 s)", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), nodeYaml("b"), nodeYaml("c"), nodeYaml("d")));
    engine.runFor(1000);
    for (const node of ["a", "b", "c"]) engine.apply("instructor", { type: "FailNode", node });
    runUntil(
      engine,
      () =>
        ["a", "b", "c"].every((n) =>
          engine.state.nodes[n]?.spec.taints.some((t) => t.effect === "NoExecute"),
        ),
      120_000,
    );
    const times = ["a", "b", "c"]
      .map((n) => engine.state.nodes[n]?.spec.taints.find((t) => t.effect === "NoExecute")?.timeAdded ?? 0)
      .sort((x, y) => x - y);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(10_000);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(10_000);
  });

  it("in a full disruption (every node unreachable) no pod is evicted", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), nodeYaml("b"), deploymentYaml("web", 2, "nginx:1.27")));
    runUntil(engine, () => readyPods(engine, "web").length === 2);
    engine.apply("instructor", { type: "FailNode", node: "a" });
    engine.apply("instructor", { type: "FailNode", node: "b" });
    engine.runFor(600_000);
    expect(
      Object.values(engine.state.nodes).every((n) => !n.spec.taints.some((t) => t.effect === "NoExecute")),
    ).toBe(true);
    expect(Object.values(engine.state.pods).every((p) => p.metadata.deletionTimestamp === undefined)).toBe(
      true,
    );
  });

  it("a network partition: the node goes Unknown, its pods keep running, and it comes back", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), nodeYaml("b"), deploymentYaml("web", 2, "nginx:1.27")));
    runUntil(engine, () => readyPods(engine, "web").length === 2);
    engine.apply("instructor", { type: "PartitionNode", node: "a" });
    engine.runFor(60_000);
    expect(engine.state.nodes.a?.status.conditions.find((c) => c.type === "Ready")?.status).toBe("Unknown");
    const onA = Object.values(engine.state.pods).find((p) => p.spec.nodeName === "a");
    const instance = onA && engine.state.machines.a?.containers[`${onA.metadata.uid}/app`];
    expect(instance?.finishedAt).toBeUndefined();
    engine.apply("instructor", { type: "HealNode", node: "a" });
    runUntil(
      engine,
      () => engine.state.nodes.a?.status.conditions.find((c) => c.type === "Ready")?.status === "True",
      20_000,
    );
  });
});
