import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { podOf } from "../../shared/protocol/podWire.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { Gi } from "../../shared/sim/quantity.ts";
import { autoscalingPollKey, autoscalingView, hpaView, pdbView } from "../../shared/view/autoscaling.ts";
import { ClusterProjector } from "../../shared/view/ClusterProjector.ts";
import { podView } from "../../shared/view/pods.ts";
import { PlainClusterTarget } from "../../shared/view/target.ts";
import { workloadView } from "../../shared/view/workloads.ts";
import { engineFromYaml, runUntil } from "../sim/harness.ts";

/**
 * The views of scaling and of the new workloads, from the built-in scenarios as a class plays them:
 * node groups with their size and price, machines booting, the cluster autoscaler's memory, spot
 * reclaims, the node upgrade, HPAs, budgets, and DaemonSets, StatefulSets, Jobs and CronJobs in kubectl's
 * columns.
 */
function scenario(name: string): Engine {
  const file = `${name}.yaml`;
  const loaded = loadScenario([{ file, text: readFileSync(join(process.cwd(), "scenarios", file), "utf8") }]);
  if (!loaded.ok) throw new Error(file);
  return createEngine(loaded.scenario);
}

describe("the autoscaling view", () => {
  it("shows each node group with its nodes, bounds, machine size and price", () => {
    const engine = scenario("autoscaling");
    const view = autoscalingView(engine.state);
    expect([...view.nodeGroups.values()]).toEqual([
      {
        name: "general",
        provider: "aws",
        instanceType: "m5.large",
        min: 2,
        max: 6,
        spot: false,
        nodes: 2,
        upcoming: 0,
        cpu: 2000,
        memory: 8 * Gi,
        pricePerHour: 0.096,
      },
    ]);
    expect(view.scaleDownUnneededSeconds).toBe(600);
    expect(view.scaleDownDelayAfterAddSeconds).toBe(600);
    expect(view.scaleDownUtilizationThreshold).toBe(50);
    expect(view.pendingNodes.size).toBe(0);
    expect(view.upgrade).toMatchObject({ version: "", node: "", phase: "", queued: 0, done: 0 });
  });

  it("counts a player's scale-up as machines booting, and its poll key changes with it", () => {
    const engine = scenario("autoscaling");
    engine.apply("instructor", { type: "SetDriver", seat: "autoscaler", driver: "human" });
    const before = autoscalingPollKey(engine.state);
    const result = engine.apply(
      "autoscaler",
      { type: "ScaleUpNodeGroup", nodeGroup: "general", count: 2 },
      "p1",
    );
    expect(result.ok).toBe(true);
    expect(autoscalingPollKey(engine.state)).not.toBe(before);
    const view = autoscalingView(engine.state);
    expect(view.nodeGroups.get("general")).toMatchObject({ nodes: 2, upcoming: 2 });
    const booting = [...view.pendingNodes.values()];
    expect(booting).toHaveLength(2);
    expect(booting[0]).toMatchObject({ provider: "aws", instanceType: "m5.large", nodeGroup: "general" });
    expect(booting[0]?.joinAt).toBe(engine.now + 90_000);
    expect(view.lastScaleUpAt).toBe(engine.now);
    engine.runFor(91_000);
    expect(autoscalingView(engine.state).nodeGroups.get("general")).toMatchObject({ nodes: 4, upcoming: 0 });
  });

  it("prices spot groups below on-demand and counts down a reclaim", () => {
    const engine = scenario("priority-preemption");
    const group = autoscalingView(engine.state).nodeGroups.get("spot");
    expect(group).toMatchObject({ spot: true, nodes: 3, max: 3 });
    expect(group?.pricePerHour).toBeCloseTo(0.096 * 0.3);
    const result = engine.apply("instructor", { type: "ReclaimSpotNode", nodeGroup: "spot" });
    expect(result.ok).toBe(true);
    const reclaims = autoscalingView(engine.state).spotReclaims;
    expect(reclaims.size).toBe(1);
    expect([...reclaims.values()][0]).toBe(engine.now + 120_000);
  });

  it("follows a node upgrade through its phases", () => {
    const engine = scenario("statefulset");
    const [first, second] = Object.keys(engine.state.nodes).sort();
    engine.apply("instructor", { type: "UpgradeNodes", version: "v1.31.9", nodes: [first, second] });
    engine.tick();
    expect(autoscalingView(engine.state).upgrade).toMatchObject({
      version: "v1.31.9",
      drainBy: "bot",
      node: first,
      phase: "draining",
      queued: 1,
      done: 0,
    });
    runUntil(engine, () => engine.state.upgrade?.current?.phase === "upgrading", 120_000);
    const upgrading = autoscalingView(engine.state).upgrade;
    expect(upgrading.phase).toBe("upgrading");
    expect(upgrading.readyAt - engine.now).toBeLessThanOrEqual(60_000);
    runUntil(engine, () => engine.state.upgrade?.done.length === 2, 600_000);
    expect(autoscalingView(engine.state).upgrade).toMatchObject({ node: "", phase: "", queued: 0, done: 2 });
  });

  it("lists the nodes the cluster autoscaler finds unneeded, and those it removes", () => {
    const engine = scenario("autoscaling");
    engine.state.clusterAutoscaler!.unneededSince = { "b-node": 5, "a-node": 7 };
    engine.state.clusterAutoscaler!.deleting = { "c-node": 9 };
    const view = autoscalingView(engine.state);
    expect([...view.unneeded]).toEqual([
      ["a-node", 7],
      ["b-node", 5],
    ]);
    expect([...view.deleting]).toEqual([["c-node", 9]]);
  });

  it("is empty in a cluster without node groups", () => {
    const view = autoscalingView(scenario("first-pod").state);
    expect(view.nodeGroups.size).toBe(0);
    expect(view.scaleDownUnneededSeconds).toBe(0);
  });
});

describe("the HorizontalPodAutoscaler and PodDisruptionBudget views", () => {
  it("shows an HPA's target, its measured and wanted utilization and its replicas", () => {
    const engine = scenario("autoscaling");
    const key = "default/shop";
    const idle = hpaView(key, engine.state.horizontalpodautoscalers[key]!);
    expect(idle).toMatchObject({
      name: "shop",
      target: "Deployment/shop",
      minReplicas: 2,
      maxReplicas: 12,
      targetUtilization: 60,
      currentUtilization: -1,
    });
    engine.runFor(120_000);
    const busy = hpaView(key, engine.state.horizontalpodautoscalers[key]!);
    expect(busy.currentUtilization).toBeGreaterThan(60);
    expect(busy.desiredReplicas).toBeGreaterThan(2);
    expect(busy.lastScaleTime).toBeGreaterThan(0);
  });

  it("shows a budget as kubectl get pdb does", () => {
    const engine = scenario("statefulset");
    engine.runFor(60_000);
    const view = pdbView("default/db", engine.state.poddisruptionbudgets["default/db"]!);
    expect(view).toMatchObject({ name: "db", minAvailable: "4", maxUnavailable: "", desiredHealthy: 4 });
    expect(view.disruptionsAllowed).toBe(0);
  });
});

describe("the new workloads and pods", () => {
  it("shows DaemonSets with one pod per eligible node, and their pods' owner and priority", () => {
    const engine = scenario("daemonsets");
    engine.runFor(30_000);
    const shipper = workloadView(
      "kube-system/log-shipper",
      engine.state.daemonsets["kube-system/log-shipper"]!,
    );
    // the GPU node's taint keeps the log shipper off it; the exporter tolerates everything
    expect(shipper).toMatchObject({
      kind: "DaemonSet",
      key: "DaemonSet/kube-system/log-shipper",
      replicas: 3,
    });
    const exporter = workloadView(
      "kube-system/node-exporter",
      engine.state.daemonsets["kube-system/node-exporter"]!,
    );
    expect(exporter.replicas).toBe(4);
    expect(exporter.containers).toEqual([{ name: "exporter", image: "busybox:1.36" }]);
    const pod = Object.entries(engine.state.pods).find(([k]) => k.startsWith("kube-system/node-exporter-"));
    expect(pod && podOf(pod[0], podView(pod[1])).owner).toBe("DaemonSet/node-exporter");
  });

  it("shows a StatefulSet's replicas and a Job's completions", () => {
    const sts = scenario("statefulset");
    sts.runFor(5_000);
    expect(workloadView("default/db", sts.state.statefulsets["default/db"]!)).toMatchObject({
      kind: "StatefulSet",
      replicas: 3,
      schedule: "",
    });
    const batch = scenario("priority-preemption");
    batch.runFor(20_000);
    const job = workloadView("default/report", batch.state.jobs["default/report"]!);
    expect(job).toMatchObject({ kind: "Job", replicas: 10, succeeded: 0, failed: 0 });
    expect(job.active).toBe(4);
    const worker = Object.entries(batch.state.pods).find(([k]) => k.startsWith("default/report-"));
    expect(worker && podView(worker[1]).priority).toBe(100);
    const checkout = Object.entries(batch.state.pods).find(([k]) => k.startsWith("default/checkout-"));
    expect(checkout && podView(checkout[1]).priority).toBe(100000);
  });

  it("shows a CronJob's schedule, its running Jobs and its last schedule time", () => {
    const engine = engineFromYaml(`
apiVersion: batch/v1
kind: CronJob
metadata: { name: tick }
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: tick, image: "busybox:1.36", command: ["sh", "-c", "sleep 20"] }]
`);
    const target = new PlainClusterTarget();
    const projector = new ClusterProjector(engine, target);
    projector.initialize();
    expect(target.workloads.get("CronJob/default/tick")).toMatchObject({
      schedule: "* * * * *",
      active: 0,
      lastTime: 0,
    });
    runUntil(engine, () => (engine.state.cronjobs["default/tick"]?.status.active.length ?? 0) > 0, 120_000);
    projector.flush();
    const cron = target.workloads.get("CronJob/default/tick");
    expect(cron?.active).toBe(1);
    expect(cron?.lastTime).toBeGreaterThan(0);
    const job = [...target.workloads.values()].find((w) => w.kind === "Job");
    expect(job).toMatchObject({ owner: "CronJob/tick", replicas: 1 });
  });
});
