import { describe, expect, it } from "vitest";
import { docs, engineFromYaml, eventsOf, nodeYaml, podOf, podYaml, runUntil } from "../harness.ts";

describe("the scheduler bot in the engine", () => {
  it("a pod that fits nowhere stays Pending with the FailedScheduling message and condition", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a", { cpu: "2", memory: "4Gi" }),
        nodeYaml("b", { cpu: "8", memory: "2Gi" }),
        nodeYaml("c", { cpu: "1", memory: "16Gi" }),
        podYaml("big", { image: "nginx:1.27", resources: { requests: { cpu: "4", memory: "3Gi" } } }),
      ),
    );
    engine.runFor(2_000);
    const pod = podOf(engine, "big");
    expect(pod.status.phase).toBe("Pending");
    const message =
      "0/3 nodes are available: 1 Insufficient memory, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
    expect(pod.status.conditions.find((c) => c.type === "PodScheduled")).toMatchObject({
      status: "False",
      reason: "Unschedulable",
      message,
    });
    expect(
      eventsOf(engine, "big")
        .filter((e) => e.reason === "FailedScheduling")
        .map((e) => e.message),
    ).toEqual([message]);
  });

  it("retries at once when the cluster changes (a node that fits joins)", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("small", { cpu: "1" }),
        podYaml("p", { image: "nginx:1.27", resources: { requests: { cpu: "2" } } }),
      ),
    );
    engine.runFor(60_000);
    expect(eventsOf(engine, "p").filter((e) => e.reason === "FailedScheduling")).toHaveLength(1);
    expect(
      engine.apply("instructor", { type: "Apply", manifest: JSON.parse(nodeYaml("large", { cpu: "8" })) }).ok,
    ).toBe(true);
    engine.tick();
    engine.tick();
    expect(podOf(engine, "p").spec.nodeName).toBe("large");
  });

  it("a node that is Ready again (its unreachable taint lifted) lets a parked pod schedule at once", () => {
    const engine = engineFromYaml(nodeYaml("only"));
    engine.apply("instructor", { type: "PartitionNode", node: "only" });
    engine.runFor(60_000);
    expect(engine.state.nodes.only?.spec.taints.map((t) => t.key)).toContain(
      "node.kubernetes.io/unreachable",
    );
    engine.apply("user", { type: "Apply", manifest: JSON.parse(podYaml("p", { image: "nginx:1.27" })) });
    engine.runFor(5_000);
    expect(eventsOf(engine, "p").filter((e) => e.reason === "FailedScheduling")).toHaveLength(1);
    engine.apply("instructor", { type: "HealNode", node: "only" });
    const waited = runUntil(engine, () => podOf(engine, "p").spec.nodeName === "only", 60_000);
    // the next node monitor pass (every 5 s) lifts the taint; the scheduler hears the node update
    expect(waited).toBeLessThanOrEqual(6_000);
  });

  it("a node update that helps no pod (a taint added) wakes no parked pod", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("n", { cpu: "1" }),
        podYaml("p", { image: "nginx", resources: { requests: { cpu: "2" } } }),
      ),
    );
    engine.runFor(5_000);
    const tainted = JSON.parse(
      nodeYaml("n", { cpu: "1", spec: { taints: [{ key: "a", effect: "NoSchedule" }] } }),
    );
    expect(engine.apply("user", { type: "Apply", manifest: tainted }).ok).toBe(true);
    engine.runFor(5_000);
    expect(eventsOf(engine, "p").filter((e) => e.reason === "FailedScheduling")).toHaveLength(1);
  });

  it("without changes, an unschedulable pod is retried after 5 minutes", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("n", { cpu: "1" }),
        podYaml("p", { image: "nginx", resources: { requests: { cpu: "2" } } }),
      ),
    );
    engine.runFor(310_000);
    const attempts = eventsOf(engine, "p").filter((e) => e.reason === "FailedScheduling");
    expect(attempts).toHaveLength(2);
    expect(((attempts[1]?.eventTime ?? 0) - (attempts[0]?.eventTime ?? 0)) / 1000).toBeGreaterThan(300);
  });

  it("a cordoned node gets no new pods", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a"),
        nodeYaml("b"),
        `apiVersion: kubeclass.dev/v1
kind: Scenario
metadata: { name: cordon }
spec:
  timeline:
    - { at: 0s, action: CordonNode, node: a }
    - { at: 1s, action: Apply, manifest: { apiVersion: v1, kind: Pod, metadata: { name: p1 }, spec: { containers: [{ name: c, image: nginx:1.27 }] } } }
    - { at: 1s, action: Apply, manifest: { apiVersion: v1, kind: Pod, metadata: { name: p2 }, spec: { containers: [{ name: c, image: nginx:1.27 }] } } }
    - { at: 1s, action: Apply, manifest: { apiVersion: v1, kind: Pod, metadata: { name: p3 }, spec: { containers: [{ name: c, image: nginx:1.27 }] } } }`,
      ),
    );
    runUntil(engine, () => ["p1", "p2", "p3"].every((p) => engine.state.pods[`default/${p}`]?.spec.nodeName));
    expect(["p1", "p2", "p3"].map((p) => podOf(engine, p).spec.nodeName)).toEqual(["b", "b", "b"]);
    expect(engine.state.nodes.a?.spec.taints).toContainEqual(
      expect.objectContaining({ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }),
    );
  });

  it("spreads pods by LeastAllocated: 6 equal pods on 3 equal nodes land 2 per node", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a"),
        nodeYaml("b"),
        nodeYaml("c"),
        ...Array.from({ length: 6 }, (_, i) =>
          podYaml(`p${i}`, {
            image: "nginx:1.27",
            resources: { requests: { cpu: "500m", memory: "512Mi" } },
          }),
        ),
      ),
    );
    engine.runFor(1_000);
    const counts: Record<string, number> = {};
    for (const pod of Object.values(engine.state.pods))
      counts[pod.spec.nodeName ?? "-"] = (counts[pod.spec.nodeName ?? "-"] ?? 0) + 1;
    expect(counts).toEqual({ a: 2, b: 2, c: 2 });
  });
});
