import { describe, expect, it } from "vitest";
import { kubectl } from "../../../shared/kubectl/kubectl.ts";
import type { Engine } from "../../../shared/sim/engine/Engine.ts";
import { deploymentYaml, docs, engineFromYaml, eventsOf, runUntil, scenarioDoc } from "../harness.ts";

const groupNodes = (engine: Engine) =>
  Object.values(engine.state.nodes).filter((n) => n.metadata.labels["kubeclass.dev/node-group"] === "pool");
const pending = (engine: Engine) => Object.values(engine.state.pods).filter((p) => !p.spec.nodeName);

function cluster(autoscaling: string, ...objects: string[]): Engine {
  return engineFromYaml(
    docs(
      scenarioDoc(`
  autoscaling:
    ${autoscaling.trim().split("\n").join("\n    ")}
`),
      ...objects,
    ),
  );
}

const POOL = `
nodeGroups:
  - { name: pool, provider: aws, instanceType: m5.large, min: 1, max: 5 }
scaleDownUnneededTime: 1m
scaleDownDelayAfterAdd: 1m
`;

describe("the cluster autoscaler", () => {
  it("adds nodes for pods the scheduler cannot place, after the provider's boot time", () => {
    const engine = cluster(
      POOL,
      deploymentYaml("api", 4, "nginx:1.27", { resources: { requests: { cpu: "900m" } } }),
    );
    expect(groupNodes(engine)).toHaveLength(1);
    expect(groupNodes(engine)[0]?.metadata.labels).toMatchObject({
      "eks.amazonaws.com/nodegroup": "pool",
      "kubeclass.dev/node-group": "pool",
    });
    runUntil(engine, () => engine.state.pendingNodes.length > 0, 60_000);
    expect(engine.state.pendingNodes).toHaveLength(1);
    const triggered = engine.state.events
      .filter((e) => e.reason === "TriggeredScaleUp")
      .map((e) => e.message);
    expect(triggered).toEqual([
      "pod triggered scale-up: [{pool 1->2 (max: 5)}]",
      "pod triggered scale-up: [{pool 1->2 (max: 5)}]",
    ]);
    const asked = engine.now;
    runUntil(engine, () => groupNodes(engine).length === 2, 200_000);
    expect(Math.round((engine.now - asked) / 1000)).toBe(90);
    runUntil(engine, () => pending(engine).length === 0, 60_000);
    expect(
      kubectl(engine, "get nodes")
        .stdout.split("\n")
        .filter((l) => l.includes(" Ready ")).length,
    ).toBe(2);
  });

  it("says why a pod no group can help does not trigger a scale-up", () => {
    const engine = cluster(
      POOL,
      deploymentYaml("big", 1, "nginx:1.27", { resources: { requests: { cpu: "3" } } }),
    );
    runUntil(engine, () => engine.state.events.some((e) => e.reason === "NotTriggerScaleUp"), 60_000);
    expect(engine.state.events.find((e) => e.reason === "NotTriggerScaleUp")?.message).toBe(
      "pod didn't trigger scale-up: 1 Insufficient cpu",
    );
    expect(engine.state.pendingNodes).toHaveLength(0);
  });

  it("removes a node unneeded for the scale-down time, draining it first", () => {
    const engine = cluster(
      POOL,
      deploymentYaml("api", 4, "nginx:1.27", { resources: { requests: { cpu: "900m" } } }),
    );
    runUntil(engine, () => groupNodes(engine).length === 2 && pending(engine).length === 0, 300_000);
    engine.apply("user", { type: "Scale", kind: "deployment", name: "api", replicas: 1 });
    runUntil(engine, () => groupNodes(engine).length === 1, 600_000);
    const scaleDown = engine.state.events.find(
      (e) => e.reason === "ScaleDown" || e.reason === "ScaleDownEmpty",
    );
    expect(scaleDown?.message).toMatch(/^Scale-down: removing (empty )?node/);
    expect(pending(engine)).toHaveLength(0);
  });

  it("a student at the autoscaler seat scales up, judged against the bot's plan", () => {
    const engine = cluster(
      POOL,
      deploymentYaml("api", 4, "nginx:1.27", { resources: { requests: { cpu: "900m" } } }),
    );
    engine.apply("instructor", { type: "SetDriver", seat: "autoscaler", driver: "human" });
    runUntil(
      engine,
      () =>
        pending(engine).length === 2 &&
        (engine.state.pods[`default/${pending(engine)[0]?.metadata.name}`]?.status.conditions.some(
          (c) => c.type === "PodScheduled",
        ) ??
          false),
      60_000,
    );
    engine.runFor(10_000);
    expect(engine.state.pendingNodes).toHaveLength(0);
    const result = engine.apply("autoscaler", { type: "ScaleUpNodeGroup", nodeGroup: "pool", count: 2 });
    expect(result).toMatchObject({ ok: true, judgement: { kind: "autoscale", value: 80 } });
    expect(engine.apply("user", { type: "ScaleUpNodeGroup", nodeGroup: "pool", count: 1 })).toMatchObject({
      ok: false,
      code: "Forbidden",
    });
  });
});

describe("spot capacity", () => {
  it("is announced (EC2's two minutes), cordoned and drained, then the machine goes", () => {
    const engine = cluster(
      `
nodeGroups:
  - { name: pool, provider: aws, instanceType: m5.large, min: 2, max: 2, spot: true }
`,
      deploymentYaml("api", 2, "nginx:1.27", { resources: { requests: { cpu: "500m" } } }),
    );
    const nodes = groupNodes(engine);
    expect(nodes[0]?.metadata.labels["eks.amazonaws.com/capacityType"]).toBe("SPOT");
    expect(nodes[0]?.machine.pricePerHour).toBeCloseTo(0.096 * 0.3, 5);
    runUntil(
      engine,
      () => Object.values(engine.state.pods).filter((p) => p.status.phase === "Running").length === 2,
      120_000,
    );
    const victim = nodes[0]?.metadata.name as string;
    expect(engine.apply("instructor", { type: "ReclaimSpotNode", node: victim })).toMatchObject({ ok: true });
    const notice = eventsOf(engine, victim).find((e) => e.reason === "SpotInterruption");
    expect(notice?.message).toMatch(
      /^Spot Interruption event received\. Instance i-\w+ will be interrupted at 2025-01-01T00:0\d:\d\dZ$/,
    );
    expect(engine.state.nodes[victim]?.spec.unschedulable).toBe(true);
    const start = engine.now;
    runUntil(engine, () => !engine.state.nodes[victim], 200_000);
    expect(Math.round((engine.now - start) / 1000)).toBe(120);
    expect(eventsOf(engine, victim).some((e) => e.reason === "DeletingNode")).toBe(true);
  });
});

describe("node upgrades", () => {
  it("go node by node: cordon, drain (a budget holds it back), upgrade, uncordon", () => {
    const pdb = JSON.stringify({
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "api" },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: "api" } } },
    });
    const engine = engineFromYaml(docs(deploymentYaml("api", 3, "nginx:1.27"), pdb));
    runUntil(
      engine,
      () => Object.values(engine.state.pods).filter((p) => p.status.phase === "Running").length === 3,
      120_000,
    );
    expect(engine.apply("instructor", { type: "UpgradeNodes", version: "v1.32.0" })).toMatchObject({
      ok: true,
    });
    let worst = 3;
    runUntil(
      engine,
      () => {
        const ready = Object.values(engine.state.pods).filter((p) =>
          p.status.conditions.some((c) => c.type === "Ready" && c.status === "True"),
        ).length;
        worst = Math.min(worst, ready);
        return (engine.state.upgrade?.done.length ?? 0) === 3;
      },
      1_200_000,
    );
    expect(worst).toBeGreaterThanOrEqual(2);
    expect(Object.values(engine.state.nodes).map((n) => n.status.nodeInfo.kubeletVersion)).toEqual([
      "v1.32.0",
      "v1.32.0",
      "v1.32.0",
    ]);
    expect(Object.values(engine.state.nodes).every((n) => !n.spec.unschedulable)).toBe(true);
    expect(kubectl(engine, "get nodes").stdout).toContain("v1.32.0");
  });
});
