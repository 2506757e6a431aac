import { describe, expect, it } from "vitest";
import { activeLeader } from "../../../shared/sim/controlplane/leaderelection.ts";
import {
  activePods,
  deploymentYaml,
  docs,
  engineFromYaml,
  podYaml,
  readyPods,
  runUntil,
  scenarioDoc,
} from "../harness.ts";

const ha = (replicas: number, ...objects: string[]) =>
  docs(scenarioDoc(`  controlPlane: { replicas: ${replicas} }`), ...objects);
const pod = (name: string) => JSON.parse(podYaml(name, { image: "nginx:1.27" }));

describe("etcd quorum", () => {
  it("3 masters survive one failure; losing two freezes writes; recovering one unfreezes them", () => {
    const engine = engineFromYaml(ha(3));
    engine.runFor(1000);
    const leader = engine.state.controlPlane.etcd.leader as string;
    const follower = ["master-1", "master-2", "master-3"].find((m) => m !== leader) as string;
    engine.apply("instructor", { type: "FailMaster", master: follower });
    expect(engine.apply("user", { type: "Apply", manifest: pod("one") }).ok).toBe(true);
    engine.apply("instructor", { type: "FailMaster", master: leader });
    const revision = engine.state.revision;
    expect(engine.apply("user", { type: "Apply", manifest: pod("two") })).toEqual({
      ok: false,
      code: "Unavailable",
      message: "Error from server: etcdserver: request timed out",
    });
    expect(engine.state.pods["default/two"]).toBeUndefined();
    expect(engine.state.revision).toBe(revision);
    expect(engine.state.audit.at(-1)).toMatchObject({
      seat: "user",
      verb: "patch",
      resource: "pods",
      name: "two",
      code: 504,
    });
    engine.apply("instructor", { type: "RecoverMaster", master: leader });
    // An election follows: about a second without writes.
    expect(engine.apply("user", { type: "Apply", manifest: pod("three") }).ok).toBe(false);
    runUntil(engine, () => engine.apply("user", { type: "Apply", manifest: pod("three") }).ok, 5_000);
    expect(engine.state.pods["default/three"]).toBeDefined();
  });

  it("losing the etcd leader pauses writes for about a second", () => {
    const engine = engineFromYaml(ha(5));
    engine.runFor(1000);
    const leader = engine.state.controlPlane.etcd.leader as string;
    engine.apply("instructor", { type: "FailMaster", master: leader });
    const start = engine.now;
    const waited = runUntil(
      engine,
      () => engine.apply("user", { type: "Apply", manifest: pod("x") }).ok,
      5_000,
    );
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeLessThanOrEqual(1600);
    expect(engine.state.controlPlane.etcd.leader).not.toBe(leader);
    expect(engine.now - start).toBe(waited);
  });

  it("one master: its failure takes the API server away", () => {
    const engine = engineFromYaml(ha(1));
    engine.apply("instructor", { type: "FailMaster", master: "master-1" });
    expect(engine.apply("user", { type: "Apply", manifest: pod("x") })).toMatchObject({
      ok: false,
      message:
        "The connection to the server 10.0.0.2:6443 was refused - did you specify the right host or port?",
    });
  });
});

describe("leader election", () => {
  it("when the scheduler's leader fails, a standby takes over within the lease duration and schedules", () => {
    const engine = engineFromYaml(ha(3, deploymentYaml("web", 2, "nginx:1.27")));
    runUntil(engine, () => readyPods(engine, "web").length === 2);
    const leader = activeLeader(engine, "kube-scheduler") as string;
    expect(leader).toMatch(/^master-[123]$/);
    engine.apply("instructor", { type: "FailMaster", master: leader });
    const failedAt = engine.now;
    runUntil(
      engine,
      () => {
        const now = activeLeader(engine, "kube-scheduler");
        return now !== undefined && now !== leader;
      },
      30_000,
    );
    expect((engine.now - failedAt) / 1000).toBeLessThanOrEqual(15 + 2 + 1.5);
    const lease = engine.state.leases["kube-system/kube-scheduler"];
    expect(lease?.spec.leaseTransitions).toBe(1);
    engine.apply("user", { type: "Scale", kind: "deployment", name: "web", replicas: 4 });
    runUntil(engine, () => readyPods(engine, "web").length === 4, 30_000);
  });

  it("a human scheduler cannot bind while no scheduler instance leads", () => {
    const engine = engineFromYaml(ha(1, podYaml("p", { image: "nginx:1.27" })));
    engine.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" });
    engine.apply("instructor", { type: "FailMaster", master: "master-1" });
    const result = engine.apply("scheduler", { type: "Bind", pod: "p", node: "worker-1" });
    expect(result.ok).toBe(false);
    expect(activePods(engine, "p")).toHaveLength(0);
  });
});
