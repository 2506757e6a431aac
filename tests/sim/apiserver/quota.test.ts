import { describe, expect, it } from "vitest";
import { specBeyondQuota } from "../../../shared/sim/apiserver/quota.ts";
import { clusterSpecOf } from "../../../shared/sim/engine/spec.ts";
import { docs, engineFromYaml, nodeYaml, podYaml } from "../harness.ts";

/**
 * What a session may hold, as a ResourceQuota: the server sets it through the record; the API server
 * refuses whatever would pass it, whoever asks, with the quota's own words.
 */
const deployment = (name: string, replicas: number) =>
  JSON.stringify({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
      },
    },
  });

describe("the session's quota", () => {
  it("refuses a workload asking for more replicas than the class may run, on apply and on scale", () => {
    const engine = engineFromYaml(docs(nodeYaml("a")));
    expect(engine.apply("instructor", { type: "SetQuota", pods: 20, replicas: 10 })).toMatchObject({
      ok: true,
    });
    const huge = engine.apply("user", { type: "Apply", manifest: JSON.parse(deployment("huge", 100_000)) });
    expect(huge).toEqual({
      ok: false,
      code: "Invalid",
      message:
        'Deployment.apps "huge" is invalid: spec.replicas: Invalid value: 100000: must be less than or equal to 10 (this class\'s limit, set by kubeclass)',
    });
    expect(engine.state.deployments["default/huge"]).toBeUndefined();
    expect(engine.apply("user", { type: "Apply", manifest: JSON.parse(deployment("web", 3)) })).toMatchObject(
      {
        ok: true,
      },
    );
    expect(
      engine.apply("user", { type: "Scale", kind: "deployment", name: "web", replicas: 11 }),
    ).toMatchObject({
      ok: false,
      code: "Invalid",
    });
    expect(engine.state.deployments["default/web"]?.spec.replicas).toBe(3);
  });

  it("bounds a StatefulSet's replicas; a new PodDisruptionBudget is refused past the objects limit", () => {
    const engine = engineFromYaml(docs(nodeYaml("a")));
    engine.apply("instructor", { type: "SetQuota", replicas: 5 });
    const sts = (replicas: number) => ({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "db" },
      spec: {
        replicas,
        serviceName: "db",
        selector: { matchLabels: { app: "db" } },
        template: {
          metadata: { labels: { app: "db" } },
          spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
        },
      },
    });
    expect(engine.apply("user", { type: "Apply", manifest: sts(6) })).toMatchObject({
      ok: false,
      code: "Invalid",
      message: expect.stringMatching(/^StatefulSet\.apps "db" is invalid: spec\.replicas: Invalid value: 6/),
    });
    expect(engine.apply("user", { type: "Apply", manifest: sts(2) })).toMatchObject({ ok: true });
    expect(
      engine.apply("user", { type: "Scale", kind: "statefulset", name: "db", replicas: 6 }),
    ).toMatchObject({ ok: false, code: "Invalid" });
    const used = Object.keys(engine.state.namespaces).length + Object.keys(engine.state.nodes).length;
    engine.apply("instructor", { type: "SetQuota", objects: used + 1 });
    const pdb = {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "db" },
      spec: { minAvailable: 1, selector: { matchLabels: { app: "db" } } },
    };
    expect(engine.apply("user", { type: "Apply", manifest: pdb })).toMatchObject({
      ok: false,
      code: "Forbidden",
      message: expect.stringContaining("exceeded quota: kubeclass-session"),
    });
  });

  it("refuses pods past the limit with ResourceQuota's message, whoever creates them", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), podYaml("p1", { image: "nginx:1.27" })));
    engine.apply("instructor", { type: "SetQuota", pods: 2 });
    expect(
      engine.apply("user", { type: "Apply", manifest: JSON.parse(podYaml("p2", { image: "nginx:1.27" })) }),
    ).toMatchObject({
      ok: true,
    });
    expect(
      engine.apply("user", { type: "Apply", manifest: JSON.parse(podYaml("p3", { image: "nginx:1.27" })) }),
    ).toEqual({
      ok: false,
      code: "Forbidden",
      message:
        'pods "p3" is forbidden: exceeded quota: kubeclass-session, requested: pods=1, used: pods=2, limited: pods=2',
    });
    // an update of a stored pod is not a create: it passes
    expect(
      engine.apply("user", { type: "Apply", manifest: JSON.parse(podYaml("p2", { image: "nginx:1.27" })) }),
    ).toMatchObject({
      ok: true,
    });
    // a ReplicaSet's pods are refused alike: the controller cannot pass the quota either
    engine.apply("user", { type: "Apply", manifest: JSON.parse(deployment("web", 3)) });
    engine.runFor(3000);
    expect(Object.keys(engine.state.pods)).toHaveLength(2);
    // the controller says why, and tries a few times per sync, not once per missing pod (slowStartBatch)
    const failed = engine.state.events.filter((e) => e.reason === "FailedCreate");
    expect(failed[0]?.message).toMatch(
      /^Error creating: pods "web-[a-z0-9-]+" is forbidden: exceeded quota: kubeclass-session/,
    );
    expect(failed.length).toBeLessThanOrEqual(5);
  });

  it("bounds Nodes too, the teacher's AddNode included", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), nodeYaml("b")));
    engine.apply("instructor", { type: "SetQuota", nodes: 3 });
    expect(engine.apply("instructor", { type: "AddNode", provider: "aws" })).toMatchObject({ ok: true });
    expect(engine.apply("instructor", { type: "AddNode", provider: "aws", name: "too-many" })).toMatchObject({
      ok: false,
      code: "Forbidden",
      message: expect.stringContaining(
        "exceeded quota: kubeclass-session, requested: nodes=1, used: nodes=3",
      ),
    });
    expect(engine.apply("user", { type: "Apply", manifest: JSON.parse(nodeYaml("c")) })).toMatchObject({
      ok: false,
      code: "Forbidden",
    });
  });

  it("names what a scenario asks beyond the limits before a class is made of it", () => {
    const spec = clusterSpecOf({
      name: "big",
      objects: Array.from({ length: 5 }, (_, i) => ({
        kind: "Node" as const,
        metadata: { name: `n${i}`, labels: {}, annotations: {} },
        spec: { unschedulable: false, taints: [] },
        machine: {},
      })),
    });
    expect(specBeyondQuota(spec, { nodes: 3 })).toEqual(["5 Nodes: this server allows at most 3 per class"]);
    expect(specBeyondQuota(spec, { nodes: 5 })).toEqual([]);
  });
});
