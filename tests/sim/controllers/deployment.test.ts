import { describe, expect, it } from "vitest";
import {
  activePods,
  deploymentYaml,
  docs,
  engineFromYaml,
  eventsOf,
  nodeYaml,
  readyPods,
  runUntil,
} from "../harness.ts";

const cluster = (...objects: string[]) => docs(nodeYaml("a"), nodeYaml("b"), nodeYaml("c"), ...objects);

describe("Deployment and ReplicaSet controllers", () => {
  it("creates a ReplicaSet named by the template hash and the pods it asks for", () => {
    const engine = engineFromYaml(cluster(deploymentYaml("web", 4, "nginx:1.27")));
    runUntil(engine, () => engine.state.deployments["default/web"]?.status.availableReplicas === 4);
    const [rs] = Object.values(engine.state.replicasets);
    expect(rs?.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs?.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("1");
    expect(rs?.metadata.ownerReferences?.[0]).toMatchObject({
      kind: "Deployment",
      name: "web",
      controller: true,
    });
    for (const pod of activePods(engine, "web")) {
      expect(pod.metadata.name.startsWith(`${rs?.metadata.name}-`)).toBe(true);
      expect(pod.metadata.labels["pod-template-hash"]).toBe(rs?.metadata.name.slice(4));
    }
    const d = engine.state.deployments["default/web"];
    expect(d?.status).toMatchObject({
      replicas: 4,
      updatedReplicas: 4,
      readyReplicas: 4,
      availableReplicas: 4,
      unavailableReplicas: 0,
    });
    expect(d?.status.conditions.map((c) => `${c.type}=${c.status}/${c.reason}`)).toEqual([
      "Available=True/MinimumReplicasAvailable",
      "Progressing=True/NewReplicaSetAvailable",
    ]);
    expect(eventsOf(engine, "web").map((e) => e.message)).toContain(
      `Scaled up replica set ${rs?.metadata.name} from 0 to 4`,
    );
    expect(
      eventsOf(engine, rs?.metadata.name ?? "").filter((e) => e.reason === "SuccessfulCreate"),
    ).toHaveLength(4);
  });

  it("replaces a deleted pod", () => {
    const engine = engineFromYaml(cluster(deploymentYaml("web", 3, "nginx:1.27")));
    runUntil(engine, () => readyPods(engine, "web").length === 3);
    const victim = activePods(engine, "web")[0]?.metadata.name ?? "";
    engine.apply("user", { type: "Delete", kind: "pod", name: victim });
    engine.tick();
    expect(activePods(engine, "web")).toHaveLength(3);
    expect(activePods(engine, "web").map((p) => p.metadata.name)).not.toContain(victim);
  });

  it("a rolling update never exceeds maxSurge nor drops below maxUnavailable (25 % / 25 % of 8)", () => {
    const engine = engineFromYaml(cluster(deploymentYaml("web", 8, "nginx:1.26")));
    runUntil(engine, () => readyPods(engine, "web").length === 8);
    expect(
      engine.apply("user", {
        type: "SetImage",
        kind: "deployment",
        name: "web",
        container: "app",
        image: "nginx:1.27",
      }),
    ).toEqual({
      ok: true,
      message: "deployment.apps/web image updated",
    });
    let maxActive = 0;
    let minReady = 8;
    runUntil(engine, () => {
      maxActive = Math.max(maxActive, activePods(engine, "web").length);
      minReady = Math.min(minReady, readyPods(engine, "web").length);
      const all = activePods(engine, "web");
      return (
        all.length === 8 &&
        all.every((p) => p.spec.containers[0]?.image === "nginx:1.27") &&
        readyPods(engine, "web").length === 8
      );
    });
    expect(maxActive).toBeLessThanOrEqual(8 + 2);
    expect(maxActive).toBeGreaterThan(8); // it did surge
    expect(minReady).toBeGreaterThanOrEqual(8 - 2);
    const sets = Object.values(engine.state.replicasets).sort(
      (x, y) =>
        Number(x.metadata.annotations["deployment.kubernetes.io/revision"]) -
        Number(y.metadata.annotations["deployment.kubernetes.io/revision"]),
    );
    expect(
      sets.map((rs) => [rs.metadata.annotations["deployment.kubernetes.io/revision"], rs.spec.replicas]),
    ).toEqual([
      ["1", 0],
      ["2", 8],
    ]);
  });

  it("rollout undo goes back to the previous revision, which becomes revision 3", () => {
    const engine = engineFromYaml(cluster(deploymentYaml("web", 3, "nginx:1.26")));
    runUntil(engine, () => readyPods(engine, "web").length === 3);
    engine.apply("user", {
      type: "SetImage",
      kind: "deployment",
      name: "web",
      container: "app",
      image: "nginx:1.27",
    });
    runUntil(
      engine,
      () =>
        activePods(engine, "web").every((p) => p.spec.containers[0]?.image === "nginx:1.27") &&
        readyPods(engine, "web").length === 3,
    );
    expect(engine.apply("user", { type: "RolloutUndo", name: "web" })).toEqual({
      ok: true,
      message: "deployment.apps/web rolled back",
    });
    runUntil(
      engine,
      () =>
        activePods(engine, "web").every((p) => p.spec.containers[0]?.image === "nginx:1.26") &&
        readyPods(engine, "web").length === 3,
    );
    const d = engine.state.deployments["default/web"];
    expect(d?.metadata.annotations["deployment.kubernetes.io/revision"]).toBe("3");
    expect(Object.values(engine.state.replicasets)).toHaveLength(2);
    expect(engine.apply("user", { type: "RolloutUndo", name: "web", toRevision: 9 })).toMatchObject({
      ok: false,
      message: "error: unable to find specified revision 9 in history",
    });
  });

  it("Recreate: every old pod is gone before a new one is created", () => {
    const engine = engineFromYaml(
      cluster(deploymentYaml("web", 4, "nginx:1.26", { strategy: { type: "Recreate" } })),
    );
    runUntil(engine, () => readyPods(engine, "web").length === 4);
    engine.apply("user", {
      type: "SetImage",
      kind: "deployment",
      name: "web",
      container: "app",
      image: "nginx:1.27",
    });
    let overlap = false;
    runUntil(engine, () => {
      const images = new Set(
        Object.values(engine.state.pods)
          .filter((p) => p.metadata.labels.app === "web")
          .map((p) => p.spec.containers[0]?.image),
      );
      if (images.size > 1) overlap = true;
      return (
        readyPods(engine, "web").length === 4 &&
        activePods(engine, "web").every((p) => p.spec.containers[0]?.image === "nginx:1.27")
      );
    });
    expect(overlap).toBe(false);
  });

  it("scale down removes unready and newest pods first", () => {
    const engine = engineFromYaml(cluster(deploymentYaml("web", 5, "nginx:1.27")));
    runUntil(engine, () => readyPods(engine, "web").length === 5);
    engine.apply("user", { type: "Scale", kind: "deployment", name: "web", replicas: 2 });
    engine.runFor(2000);
    expect(activePods(engine, "web")).toHaveLength(2);
    expect(engine.state.deployments["default/web"]?.spec.replicas).toBe(2);
  });

  it("a Deployment whose image does not exist exceeds its progress deadline after 600 s", () => {
    const engine = engineFromYaml(cluster(deploymentYaml("web", 2, "nginx:9.99")));
    runUntil(
      engine,
      () =>
        engine.state.deployments["default/web"]?.status.conditions.some(
          (c) => c.reason === "ProgressDeadlineExceeded",
        ) ?? false,
      700_000,
    );
    const elapsed = (engine.now - engine.state.startTime) / 1000;
    expect(elapsed).toBeGreaterThan(600);
    expect(elapsed).toBeLessThan(620);
    expect(
      engine.state.deployments["default/web"]?.status.conditions.find((c) => c.type === "Progressing"),
    ).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
    });
  });

  it("deleting a Deployment garbage-collects its ReplicaSets and pods", () => {
    const engine = engineFromYaml(cluster(deploymentYaml("web", 3, "nginx:1.27")));
    runUntil(engine, () => readyPods(engine, "web").length === 3);
    expect(engine.apply("user", { type: "Delete", kind: "deployment", name: "web" })).toEqual({
      ok: true,
      message: 'deployment.apps "web" deleted',
    });
    runUntil(engine, () => Object.keys(engine.state.pods).length === 0, 10_000);
    expect(Object.keys(engine.state.replicasets)).toHaveLength(0);
  });

  it("validation errors read like kubectl's", () => {
    const engine = engineFromYaml(cluster());
    const manifest = JSON.parse(deploymentYaml("web", 1, "nginx:1.27"));
    manifest.spec.replicas = -1;
    expect(engine.apply("user", { type: "Apply", manifest })).toEqual({
      ok: false,
      code: "Invalid",
      message:
        'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    });
  });
});

describe("a human controller manager", () => {
  it("creates a Deployment's ReplicaSet, scales it, and creates its pods", () => {
    const engine = engineFromYaml(cluster());
    engine.apply("instructor", { type: "SetDriver", seat: "controller-manager", driver: "human" });
    engine.apply("user", { type: "Apply", manifest: JSON.parse(deploymentYaml("web", 2, "nginx:1.27")) });
    engine.runFor(2000);
    expect(Object.keys(engine.state.replicasets)).toHaveLength(0);
    const created = engine.apply("controller-manager", { type: "CreateReplicaSet", deployment: "web" });
    expect(created).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^replicaset\.apps\/web-\w+ created \(revision 1\); scale it up next$/),
    });
    expect(engine.apply("controller-manager", { type: "CreateReplicaSet", deployment: "web" })).toMatchObject(
      { ok: false, code: "AlreadyExists" },
    );
    const rs = Object.values(engine.state.replicasets)[0];
    if (!rs) throw new Error("no ReplicaSet");
    expect(
      engine.apply("controller-manager", {
        type: "ScaleReplicaSet",
        replicaSet: rs.metadata.name,
        replicas: 2,
      }).ok,
    ).toBe(true);
    for (let i = 0; i < 2; i++)
      expect(
        engine.apply("controller-manager", { type: "CreateReplica", replicaSet: rs.metadata.name }).ok,
      ).toBe(true);
    runUntil(engine, () => engine.state.deployments["default/web"]?.status.availableReplicas === 2);
    expect(
      engine.state.audit.filter((e) => e.seat === "controller-manager").map((e) => `${e.verb} ${e.resource}`),
    ).toEqual([
      "create replicasets",
      "create replicasets",
      "scale replicasets",
      "create pods",
      "create pods",
    ]);
  });
});
