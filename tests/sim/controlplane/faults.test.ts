import { describe, expect, it } from "vitest";
import {
  deploymentYaml,
  docs,
  engineFromYaml,
  eventsOf,
  nodeYaml,
  podYaml,
  readyPods,
  runUntil,
  scenarioDoc,
  waitingReason,
} from "../harness.ts";

describe("instructor faults", () => {
  it("crashing a Deployment's containers: they exit and the kubelets restart them", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), deploymentYaml("web", 3, "nginx:1.27")));
    runUntil(engine, () => readyPods(engine, "web").length === 3);
    expect(engine.apply("instructor", { type: "CrashDeployment", name: "web", exitCode: 137 })).toEqual({
      ok: true,
      message: "deployment.apps/web: 3 containers crashed (exit code 137)",
    });
    runUntil(
      engine,
      () =>
        readyPods(engine, "web").every((p) => p.status.containerStatuses[0]?.restartCount === 1) &&
        readyPods(engine, "web").length === 3,
      10_000,
    );
    const status = readyPods(engine, "web")[0]?.status.containerStatuses[0];
    expect(status?.lastState).toMatchObject({ terminated: { exitCode: 137, reason: "Error" } });
  });

  it("a revoked credential makes the next pull fail with pull access denied; restoring it fixes it", () => {
    const engine = engineFromYaml(
      docs(
        scenarioDoc(`  registries: [{ name: ecr, kind: ecr, pullSecrets: [ecr-creds] }]
  images: [{ image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/app, tags: ["1"], from: "redis:7.4" }]`),
        nodeYaml("a"),
      ),
    );
    engine.apply("instructor", { type: "RevokeCredential", registry: "ecr", secret: "ecr-creds" });
    const pod = JSON.parse(
      podYaml(
        "p",
        { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1" },
        { imagePullSecrets: [{ name: "ecr-creds" }] },
      ),
    );
    engine.apply("user", { type: "Apply", manifest: pod });
    runUntil(engine, () => waitingReason(engine, "p") === "ErrImagePull", 10_000);
    expect(eventsOf(engine, "p").some((e) => e.message.includes("pull access denied"))).toBe(true);
    engine.apply("instructor", { type: "RestoreCredential", registry: "ecr", secret: "ecr-creds" });
    runUntil(engine, () => engine.state.pods["default/p"]?.status.phase === "Running", 60_000);
  });

  it("the registry keeps which credentials are revoked, so viewers read them from the engine", () => {
    const engine = engineFromYaml(
      docs(scenarioDoc("  registries: [{ name: ecr, kind: ecr, pullSecrets: [ecr-creds] }]"), nodeYaml("a")),
    );
    const ecr = () => engine.state.registries.ecr;
    expect(ecr()?.revokedSecrets).toBeUndefined();
    engine.apply("instructor", { type: "RevokeCredential", registry: "ecr", secret: "ecr-creds" });
    engine.apply("instructor", { type: "RevokeCredential", registry: "ecr", secret: "never-accepted" });
    expect(ecr()?.pullSecrets).toEqual([]);
    expect(ecr()?.revokedSecrets).toEqual(["ecr-creds", "never-accepted"]);
    engine.apply("instructor", { type: "RestoreCredential", registry: "ecr", secret: "ecr-creds" });
    expect(ecr()?.pullSecrets).toEqual(["ecr-creds"]);
    expect(ecr()?.revokedSecrets).toEqual(["never-accepted"]);
    engine.apply("instructor", { type: "RestoreCredential", registry: "ecr", secret: "never-accepted" });
    expect(ecr()?.revokedSecrets).toBeUndefined();
  });

  it("a rate limit set during the class, then lifted", () => {
    const engine = engineFromYaml(docs(nodeYaml("a")));
    expect(
      engine.apply("instructor", {
        type: "RateLimitRegistry",
        registry: "dockerhub",
        pulls: 1,
        windowSeconds: 3600,
      }).ok,
    ).toBe(true);
    for (const name of ["x", "y"])
      engine.apply("user", {
        type: "Apply",
        manifest: JSON.parse(podYaml(name, { image: name === "x" ? "nginx:1.27" : "redis:7.4" })),
      });
    engine.runFor(10_000);
    const limited = ["x", "y"].filter((p) =>
      eventsOf(engine, p).some((e) => e.message.includes("toomanyrequests")),
    );
    expect(limited).toHaveLength(1);
    engine.apply("instructor", { type: "RateLimitRegistry", registry: "dockerhub", pulls: 0 });
    runUntil(
      engine,
      () => ["x", "y"].every((p) => engine.state.pods[`default/${p}`]?.status.phase === "Running"),
      60_000,
    );
  });

  it("losing one etcd member of three keeps writing; losing two stops writes", () => {
    const engine = engineFromYaml(docs(scenarioDoc("  controlPlane: { replicas: 3 }"), nodeYaml("a")));
    engine.runFor(2000);
    engine.apply("instructor", { type: "FailEtcdMember", master: "master-3" });
    engine.runFor(2000);
    expect(
      engine.apply("user", { type: "Apply", manifest: JSON.parse(podYaml("one", { image: "nginx:1.27" })) })
        .ok,
    ).toBe(true);
    engine.apply("instructor", { type: "FailEtcdMember", master: "master-2" });
    expect(
      engine.apply("user", { type: "Apply", manifest: JSON.parse(podYaml("two", { image: "nginx:1.27" })) }),
    ).toMatchObject({
      ok: false,
      message: "Error from server: etcdserver: request timed out",
    });
    expect(engine.state.controlPlane.masters.every((m) => m.up)).toBe(true);
  });
});
