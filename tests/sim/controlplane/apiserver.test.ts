import { describe, expect, it } from "vitest";
import { docs, engineFromYaml, nodeYaml, podOf, podYaml, runUntil } from "../harness.ts";

describe("the API server", () => {
  it("gives every write the next resourceVersion; a write based on an old one conflicts", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), podYaml("web", { image: "nginx:1.27" })));
    const pod = podOf(engine, "web");
    const rv = pod.metadata.resourceVersion;
    const manifest = JSON.parse(podYaml("web", { image: "nginx:1.27" }));
    manifest.metadata.labels = { tier: "front" };
    manifest.metadata.resourceVersion = String(rv);
    expect(engine.apply("user", { type: "Apply", manifest })).toEqual({
      ok: true,
      message: "pod/web configured",
    });
    expect(podOf(engine, "web").metadata.resourceVersion).toBeGreaterThan(rv);
    manifest.metadata.labels = { tier: "back" };
    expect(engine.apply("user", { type: "Apply", manifest })).toEqual({
      ok: false,
      code: "Conflict",
      message:
        'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again',
    });
    expect(podOf(engine, "web").metadata.labels).toEqual({ tier: "front" });
  });

  it("admission adds the default 300 s tolerations and requires the namespace", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), podYaml("web", { image: "nginx:1.27" })));
    expect(podOf(engine, "web").spec.tolerations).toEqual([
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 300,
      },
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 300,
      },
    ]);
    const manifest = JSON.parse(podYaml("x", { image: "nginx:1.27" }));
    manifest.metadata.namespace = "shop";
    expect(engine.apply("user", { type: "Apply", manifest })).toEqual({
      ok: false,
      code: "NotFound",
      message: 'namespaces "shop" not found',
    });
  });

  it("keeps an audit trail of who asked what, when, with what result", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), podYaml("web", { image: "nginx:1.27" })));
    engine.runFor(2000);
    engine.apply("user", { type: "Delete", kind: "pod", name: "missing" });
    engine.apply("kubelet:a", { type: "Bind", pod: "web", node: "a" });
    const trail = engine.state.audit.map(
      (e) => `${e.seat} ${e.user} ${e.verb} ${e.resource} ${e.name} ${e.code}`,
    );
    expect(trail).toContain("scheduler system:kube-scheduler bind pods/binding web 200");
    expect(trail).toContain("user kubernetes-admin delete pods missing 404");
    // The kubelet is not allowed to bind: refused before it reaches the API (authorisation), not audited as a write.
    expect(engine.apply("kubelet:a", { type: "Bind", pod: "web", node: "a" })).toMatchObject({
      ok: false,
      code: "Forbidden",
    });
  });
});

describe("providers", () => {
  it("a node asked of AWS joins after ~90 s with its instance type's capacity and takes pods", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a", { cpu: "1" }),
        podYaml("big", { image: "nginx:1.27", resources: { requests: { cpu: "3" } } }),
      ),
    );
    engine.runFor(1000);
    expect(
      engine.apply("instructor", { type: "AddNode", provider: "aws", instanceType: "m5.xlarge" }).ok,
    ).toBe(true);
    const asked = engine.now;
    runUntil(engine, () => Object.keys(engine.state.nodes).length === 2, 200_000);
    expect((engine.now - asked) / 1000).toBeCloseTo(90, 0);
    const node = Object.values(engine.state.nodes).find((n) => n.metadata.name !== "a");
    expect(node?.metadata.name).toMatch(/^ip-10-0-\d+-\d+\.ec2\.internal$/);
    expect(node?.status.capacity).toEqual({ cpu: 4000, memory: 16 * 1024 ** 3, pods: 110 });
    expect(node?.machine).toMatchObject({ provider: "aws", instanceType: "m5.xlarge", pricePerHour: 0.192 });
    expect(node?.spec.providerID).toMatch(/^aws:\/\/\/us-east-1a\/i-0/);
    runUntil(engine, () => podOf(engine, "big").status.phase === "Running", 30_000);
    expect(podOf(engine, "big").spec.nodeName).toBe(node?.metadata.name);
    expect(
      engine.apply("instructor", { type: "AddNode", provider: "gcp", instanceType: "m5.xlarge" }),
    ).toMatchObject({ ok: false, code: "Invalid" });
  });

  it("removing a node drains it first, then deletes it", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("a"), nodeYaml("b"), podYaml("p", { image: "nginx:1.27" }, { nodeName: "b" })),
    );
    runUntil(engine, () => podOf(engine, "p").status.phase === "Running");
    expect(engine.apply("instructor", { type: "RemoveNode", node: "b" }).ok).toBe(true);
    expect(engine.state.nodes.b?.spec.unschedulable).toBe(true);
    runUntil(engine, () => engine.state.nodes.b === undefined, 10_000);
    expect(engine.state.pods["default/p"]).toBeUndefined();
  });

  it("a pull from the same cloud's registry is faster than from another cloud", () => {
    const scenario = (provider: string) =>
      docs(
        `apiVersion: kubeclass.dev/v1
kind: Scenario
metadata: { name: pulls }
spec:
  registries: [{ name: ecr, kind: ecr, requiresCredentials: false }]
  images:
    - { image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api, tags: ["1.0"], from: "python:3.13-slim", layers: [{ size: 200Mi }] }`,
        JSON.stringify({
          apiVersion: "v1",
          kind: "Node",
          metadata: { name: "n", labels: { "kubeclass.dev/provider": provider } },
        }),
        podYaml("api", { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:1.0" }),
      );
    const pullSeconds = (provider: string) => {
      const engine = engineFromYaml(scenario(provider));
      runUntil(engine, () => podOf(engine, "api").status.phase === "Running", 120_000);
      return (engine.now - engine.state.startTime) / 1000;
    };
    expect(pullSeconds("aws")).toBeLessThan(pullSeconds("gcp") / 2);
  });
});

describe("the audit trail names the player", () => {
  it("records who at a seat asked, when the game server says", () => {
    const engine = engineFromYaml(docs(nodeYaml("a")));
    engine.apply(
      "user",
      { type: "Apply", manifest: JSON.parse(podYaml("web", { image: "nginx:1.27" })) },
      "player-7",
    );
    expect(engine.state.audit.at(-1)).toMatchObject({
      seat: "user",
      player: "player-7",
      user: "kubernetes-admin",
      verb: "patch",
      name: "web",
      code: 200,
    });
  });
});
