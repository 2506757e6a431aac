import { describe, expect, it } from "vitest";
import { kubectl } from "../../../shared/kubectl/kubectl.ts";
import { resourceReplicas } from "../../../shared/sim/controllers/podautoscaler/replicas.ts";
import type { Engine } from "../../../shared/sim/engine/Engine.ts";
import type { HorizontalPodAutoscaler } from "../../../shared/sim/model/autoscaling.ts";
import type { Pod } from "../../../shared/sim/model/pod.ts";
import {
  deploymentYaml,
  docs,
  engineFromYaml,
  eventsOf,
  nodeYaml,
  runUntil,
  serviceYaml,
} from "../harness.ts";
import { makePod } from "../scheduler/fixtures.ts";

const hpaYaml = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "api" },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 50 } },
        },
      ],
      ...extra,
    },
  });

const hpa = (engine: Engine) =>
  engine.state.horizontalpodautoscalers["default/api"] as HorizontalPodAutoscaler;
const replicas = (engine: Engine) => engine.state.deployments["default/api"]?.spec.replicas;

function cluster(): Engine {
  const engine = engineFromYaml(
    docs(
      nodeYaml("a", { cpu: "8" }),
      nodeYaml("b", { cpu: "8" }),
      deploymentYaml("api", 2, "nginx:1.27", { resources: { requests: { cpu: "200m" } } }),
      serviceYaml("api", { app: "api" }),
      hpaYaml(),
    ),
  );
  engine.apply("scenario", { type: "SetTraffic", service: "api", rps: 100 });
  return engine;
}

describe("resourceReplicas (the replica calculator)", () => {
  const running = (usage: number, ready = true) => ({
    pod: (() => {
      const p: Pod = makePod(`p-${usage}`, {
        cpu: "100m",
        nodeName: "n",
        phase: ready ? "Running" : "Pending",
      });
      if (ready) p.status.conditions.push({ type: "Ready", status: "True", lastTransitionTime: 0 });
      return p;
    })(),
    usage,
  });
  it.each<[string, { usage: number; ready?: boolean }[], number, number]>([
    ["above target: ceil(2 × 90/50)", [{ usage: 90 }, { usage: 90 }], 2, 4],
    ["within the 10 % tolerance: no change", [{ usage: 54 }, { usage: 54 }], 2, 2],
    ["below target", [{ usage: 20 }, { usage: 20 }, { usage: 20 }, { usage: 20 }], 4, 2],
    [
      "starting pods count as idle on a scale-up",
      [{ usage: 90 }, { usage: 90 }, { usage: 0, ready: false }],
      3,
      4,
    ],
  ])("%s", (_name, pods, current, expected) => {
    const result = resourceReplicas(
      current,
      50,
      pods.map((p) => running(p.usage, p.ready ?? true)),
    );
    expect(result).toMatchObject({ ok: true, replicas: expected });
  });
});

describe("the horizontal pod autoscaler", () => {
  it("scales up on CPU utilisation with SuccessfulRescale, at most max(2×, 4) at a time", () => {
    const engine = cluster();
    // 2 pods × (20m idle + 2m × 50 rps) = 120m each: 60 % of 200m, above 50 % by more than the tolerance.
    runUntil(engine, () => replicas(engine) === 3, 120_000);
    expect(
      eventsOf(engine, "api")
        .filter((e) => e.reason === "SuccessfulRescale")
        .map((e) => e.message),
    ).toEqual(["New size: 3; reason: cpu resource utilization (percentage of request) above target"]);
    runUntil(
      engine,
      () =>
        hpa(engine).status.currentReplicas === 3 &&
        engine.state.endpoints["default/api"]?.subsets[0]?.addresses.length === 3,
      120_000,
    );
    engine.apply("scenario", { type: "SetTraffic", service: "api", rps: 400 });
    runUntil(engine, () => (replicas(engine) ?? 0) > 3, 60_000);
    expect(replicas(engine)).toBe(6);
    expect(hpa(engine).status.conditions.find((c) => c.type === "ScalingLimited")).toMatchObject({
      status: "True",
      reason: "ScaleUpLimit",
    });
    expect(kubectl(engine, "get hpa").stdout).toMatch(
      /^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\napi\s+Deployment\/api\s+cpu: \d+%\/50%\s+2\s+10\s+\d+\s+\d+s\n$/,
    );
  });

  it("reports FailedRescale when the API server refuses the new scale (the session's replica limit)", () => {
    const engine = cluster();
    engine.apply("instructor", { type: "SetQuota", replicas: 2 });
    runUntil(engine, () => eventsOf(engine, "api").some((e) => e.reason === "FailedRescale"), 120_000);
    expect(replicas(engine)).toBe(2);
    expect(eventsOf(engine, "api").find((e) => e.reason === "FailedRescale")?.message).toMatch(
      /^New size: 3; reason: cpu resource utilization \(percentage of request\) above target; error: Deployment\.apps "api" is invalid: spec\.replicas: Invalid value: 3: must be less than or equal to 2/,
    );
    expect(hpa(engine).status.conditions.find((c) => c.type === "AbleToScale")).toMatchObject({
      status: "False",
      reason: "FailedUpdateScale",
    });
  });

  it("scales down only after the 300 s stabilisation window", () => {
    const engine = cluster();
    engine.apply("scenario", { type: "SetTraffic", service: "api", rps: 300 });
    runUntil(engine, () => (replicas(engine) ?? 0) >= 6, 120_000);
    const peak = replicas(engine) ?? 0;
    engine.apply("scenario", { type: "SetTraffic", service: "api", rps: 10 });
    const quiet = engine.now;
    runUntil(engine, () => (replicas(engine) ?? 0) < peak, 600_000);
    expect(engine.now - quiet).toBeGreaterThanOrEqual(285_000);
    const down = eventsOf(engine, "api")
      .filter((e) => e.reason === "SuccessfulRescale")
      .at(-1);
    expect(down?.message).toBe("New size: 2; reason: All metrics below target");
  });

  it("says why it cannot scale a Deployment without CPU requests", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a"),
        deploymentYaml("api", 2, "nginx:1.27"),
        serviceYaml("api", { app: "api" }),
        hpaYaml(),
      ),
    );
    runUntil(engine, () => hpa(engine).status.conditions.some((c) => c.type === "ScalingActive"), 60_000);
    expect(hpa(engine).status.conditions.find((c) => c.type === "ScalingActive")).toMatchObject({
      status: "False",
      reason: "FailedGetResourceMetric",
    });
    expect(kubectl(engine, "get hpa").stdout).toContain("cpu: <unknown>/50%");
  });
});
