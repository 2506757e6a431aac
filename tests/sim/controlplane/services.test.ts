import { describe, expect, it } from "vitest";
import { serviceLevel } from "../../../shared/sim/proxy/traffic.ts";
import {
  activePods,
  deploymentYaml,
  docs,
  engineFromYaml,
  readyPods,
  runUntil,
  scenarioDoc,
  serviceYaml,
} from "../harness.ts";

const app = (rps: number, mode = "iptables") =>
  docs(
    scenarioDoc(`  traffic:\n    - { service: web, rps: ${rps} }`),
    JSON.stringify({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "a", annotations: { "kubeclass.dev/proxy-mode": mode } },
    }),
    JSON.stringify({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "b", annotations: { "kubeclass.dev/proxy-mode": mode } },
    }),
    deploymentYaml("web", 3, "nginx:1.27"),
    serviceYaml("web", { app: "web" }),
  );

describe("Services, Endpoints and kube-proxy", () => {
  it("a Service gets a ClusterIP and its Endpoints list the Ready pods", () => {
    const engine = engineFromYaml(app(0));
    runUntil(engine, () => readyPods(engine, "web").length === 3);
    engine.runFor(500);
    const service = engine.state.services["default/web"];
    expect(service?.spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    const endpoints = engine.state.endpoints["default/web"];
    const ips = endpoints?.subsets[0]?.addresses.map((a) => a.ip).sort();
    expect(ips).toEqual(
      readyPods(engine, "web")
        .map((p) => p.status.podIP)
        .sort(),
    );
    expect(endpoints?.subsets[0]?.ports).toEqual([{ port: 80, protocol: "TCP" }]);
  });

  it("each node's kube-proxy programs endpoint changes, at most once per second (minSyncPeriod)", () => {
    const engine = engineFromYaml(app(0));
    runUntil(engine, () => (engine.state.endpoints["default/web"]?.subsets[0]?.addresses.length ?? 0) === 3);
    const changedAt = engine.now;
    const synced = () =>
      ["a", "b"].every((n) => engine.state.proxies[n]?.rules["default/web"]?.backends.length === 3);
    runUntil(engine, synced, 5_000);
    expect(engine.now - changedAt).toBeLessThanOrEqual(1100);
    const syncs = ["a", "b"].map((n) => engine.state.proxies[n]?.lastSyncAt ?? 0);
    // A change right after a sync waits for the minimum sync period.
    const victim = readyPods(engine, "web")[0]?.metadata.name as string;
    engine.apply("user", { type: "Delete", kind: "pod", name: victim });
    const newer = () =>
      ["a", "b"].every((n, i) => (engine.state.proxies[n]?.lastSyncAt ?? 0) > (syncs[i] ?? 0));
    runUntil(engine, newer, 5_000);
    for (const [i, n] of ["a", "b"].entries()) {
      expect((engine.state.proxies[n]?.lastSyncAt ?? 0) - (syncs[i] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
  });

  it("steady traffic succeeds; a node failure costs requests until endpoints and rules catch up", () => {
    const engine = engineFromYaml(app(100));
    runUntil(engine, () => readyPods(engine, "web").length === 3);
    engine.runFor(30_000);
    const traffic = engine.state.traffic["default/web"];
    if (!traffic) throw new Error("no traffic");
    const steady = serviceLevel(traffic, engine.now, 20);
    expect(steady.requests).toBeGreaterThanOrEqual(1900);
    expect(steady).toMatchObject({ failures: 0, successRate: 1 });
    const node = activePods(engine, "web")[0]?.spec.nodeName as string;
    engine.apply("instructor", { type: "FailNode", node });
    engine.runFor(20_000);
    const during = serviceLevel(traffic, engine.now, 20);
    expect(during.failures).toBeGreaterThan(0);
    engine.runFor(60_000); // NotReady at ~40 s, pods marked not ready, endpoints and rules updated
    const after = serviceLevel(traffic, engine.now, 10);
    expect(after.requests).toBeGreaterThanOrEqual(900);
    expect(after.successRate).toBe(1);
  });

  it("IPVS round robin spreads requests evenly over the backends", () => {
    const engine = engineFromYaml(app(0, "ipvs"));
    runUntil(
      engine,
      () => ["a", "b"].every((n) => engine.state.proxies[n]?.rules["default/web"]?.backends.length === 3),
      60_000,
    );
    engine.apply("instructor", { type: "SetTraffic", service: "web", rps: 60 });
    engine.runFor(10_000);
    const next = engine.state.proxies.a?.next["default/web"] ?? 0;
    const nextB = engine.state.proxies.b?.next["default/web"] ?? 0;
    expect(next + nextB).toBe(600);
    expect(serviceLevel(engine.state.traffic["default/web"]!, engine.now, 10).successRate).toBe(1);
  });

  it("a human kube-proxy that does not sync routes to a deleted pod and fails", () => {
    const engine = engineFromYaml(app(0));
    runUntil(
      engine,
      () => ["a", "b"].every((n) => engine.state.proxies[n]?.rules["default/web"]?.backends.length === 3),
      60_000,
    );
    for (const n of ["a", "b"])
      engine.apply("instructor", { type: "SetDriver", seat: `kube-proxy:${n}`, driver: "human" });
    const victim = activePods(engine, "web")[0]?.metadata.name as string;
    engine.apply("user", { type: "Delete", kind: "pod", name: victim });
    engine.apply("instructor", { type: "SetTraffic", service: "web", rps: 100 });
    engine.runFor(10_000);
    const traffic = engine.state.traffic["default/web"]!;
    expect(serviceLevel(traffic, engine.now, 10).failures).toBeGreaterThan(0);
    expect(engine.apply("kube-proxy:a", { type: "SyncProxyRules", node: "a" }).ok).toBe(true);
    expect(engine.apply("kube-proxy:a", { type: "SyncProxyRules", node: "b" })).toMatchObject({
      ok: false,
      code: "Forbidden",
    });
    engine.apply("kube-proxy:b", { type: "SyncProxyRules", node: "b", service: "web" });
    engine.runFor(10_000);
    expect(serviceLevel(traffic, engine.now, 5).successRate).toBe(1);
  });
});
