import { describe, expect, it } from "vitest";
import { out } from "../../kubectl/fixtures.ts";
import { docs, engineFromYaml, eventsOf, nodeYaml, runUntil } from "../harness.ts";

/**
 * NodePort and LoadBalancer Services: node ports allocated in 30000-32767 (kept on update, refused
 * when taken), and a LoadBalancer's address from the cluster's cloud (a local cluster stays <pending>).
 */
const service = (
  name: string,
  type: string,
  ports: Record<string, unknown>[] = [{ port: 8080, targetPort: 80 }],
) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { type, selector: { app: name }, ports },
});
const apply = (engine: ReturnType<typeof engineFromYaml>, manifest: unknown) =>
  engine.apply("user", { type: "Apply", manifest });

describe("node ports", () => {
  it.each([
    ["NodePort", /^web\s+NodePort\s+10\.96\.\d+\.\d+\s+<none>\s+8080:3\d{4}\/TCP\s/],
    ["LoadBalancer", /^web\s+LoadBalancer\s+10\.96\.\d+\.\d+\s+<pending>\s+8080:3\d{4}\/TCP\s/],
    ["ClusterIP", /^web\s+ClusterIP\s+10\.96\.\d+\.\d+\s+<none>\s+8080\/TCP\s/],
  ])("a %s Service: %s", (type, row) => {
    const engine = engineFromYaml(nodeYaml("worker-1"));
    expect(apply(engine, service("web", type))).toMatchObject({ ok: true });
    expect(out(engine, "get svc web --no-headers")).toMatch(row);
    const nodePort = engine.state.services["default/web"]?.spec.ports[0]?.nodePort;
    if (type !== "ClusterIP") {
      expect(nodePort).toBeGreaterThanOrEqual(30000);
      expect(nodePort).toBeLessThanOrEqual(32767);
    } else expect(nodePort).toBeUndefined();
  });

  it("allocates distinct ports, keeps them on update, refuses one already taken", () => {
    const engine = engineFromYaml(nodeYaml("worker-1"));
    const ports = [
      { name: "http", port: 80 },
      { name: "https", port: 443 },
    ];
    apply(engine, service("a", "NodePort", ports));
    const first = engine.state.services["default/a"]?.spec.ports.map((p) => p.nodePort) ?? [];
    expect(new Set(first).size).toBe(2);
    expect(
      apply(engine, { ...service("a", "NodePort", ports), metadata: { name: "a", labels: { x: "y" } } }),
    ).toMatchObject({
      ok: true,
      message: "service/a configured",
    });
    expect(engine.state.services["default/a"]?.spec.ports.map((p) => p.nodePort)).toEqual(first);
    expect(apply(engine, service("b", "NodePort", [{ port: 80, nodePort: first[0] }]))).toMatchObject({
      ok: false,
      message: `The Service "b" is invalid: spec.ports[0].nodePort: Invalid value: ${first[0]}: provided port is already allocated`,
    });
    expect(apply(engine, service("c", "NodePort", [{ port: 80, nodePort: 30080 }]))).toMatchObject({
      ok: true,
    });
    expect(out(engine, "get svc c --no-headers")).toMatch(/\s80:30080\/TCP\s/);
  });

  it("a port outside the range is refused with the API server's words", () => {
    const engine = engineFromYaml(nodeYaml("worker-1"));
    expect(apply(engine, service("d", "NodePort", [{ port: 80, nodePort: 8080 }]))).toMatchObject({
      ok: false,
      message: expect.stringContaining(
        "spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767",
      ),
    });
  });
});

describe("LoadBalancer addresses", () => {
  it.each([
    ["gcp", /^34\.\d+\.\d+\.\d+$/],
    ["azure", /^20\.\d+\.\d+\.\d+$/],
    ["aws", /^a[0-9a-f]{32}-\d{10}\.[a-z0-9-]+\.elb\.amazonaws\.com$/],
  ])("%s: the cloud's load balancer", (provider, address) => {
    const engine = engineFromYaml(
      docs(nodeYaml("worker-1", { annotations: { "kubeclass.dev/provider": provider } })),
    );
    apply(engine, service("web", "LoadBalancer"));
    runUntil(engine, () => !out(engine, "get svc web --no-headers").includes("<pending>"), 60_000);
    const external = out(engine, "get svc web --no-headers").split(/\s+/)[3] ?? "";
    expect(external).toMatch(address);
    expect(eventsOf(engine, "web").map((e) => e.reason)).toEqual([
      "EnsuringLoadBalancer",
      "EnsuredLoadBalancer",
    ]);
    expect(out(engine, "describe svc web")).toContain(`LoadBalancer Ingress:     ${external}\n`);
  });

  it("a local cluster has no cloud controller: <pending> for good, no events", () => {
    const engine = engineFromYaml(nodeYaml("worker-1"));
    apply(engine, service("web", "LoadBalancer"));
    engine.runFor(120_000);
    expect(out(engine, "get svc web --no-headers")).toContain("<pending>");
    expect(eventsOf(engine, "web")).toEqual([]);
  });
});
