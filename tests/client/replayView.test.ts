import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compareMove, describeMove } from "../../client/replay/compare.ts";
import { ReplayView } from "../../client/replay/replayView.ts";
import { nodeStatus } from "../../client/state/view.ts";
import type { MatchRecord } from "../../shared/replay/record.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";

function firstPod() {
  return scenario("first-pod");
}

function scenario(name: string) {
  const files = [
    {
      file: `${name}.yaml`,
      text: readFileSync(new URL(`../../scenarios/${name}.yaml`, import.meta.url), "utf8"),
    },
  ];
  const loaded = loadScenario(files);
  if (!loaded.ok) throw new Error(loaded.errors[0]?.message);
  const engine = createEngine(loaded.scenario);
  const record = {
    format: "kubeclass.match",
    version: 1,
    id: "test",
    scenario: { name, title: loaded.scenario.title },
    scenarioFiles: files,
    seed: 1,
    createdAt: new Date(0).toISOString(),
    endTick: 0,
    players: [{ id: "p1", nickname: "Ada" }],
    occupancy: [{ player: "p1", seat: "scheduler", fromTick: 0 }],
    commands: [],
    checkpoints: [],
  } as MatchRecord;
  return { engine, record };
}

describe("a replay seen as the synced state", () => {
  it("projects the engine like the server: nodes, the pending pod, seats and who holds them", () => {
    const { engine, record } = firstPod();
    engine.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" });
    for (let i = 0; i < 20; i++) engine.tick();
    const view = new ReplayView(record).view(engine, "paused");
    expect([...view.nodes.keys()].sort()).toEqual(["worker-1", "worker-2", "worker-3"]);
    const node = view.nodes.get("worker-1");
    expect(node && nodeStatus(node)).toBe("Ready");
    expect(node?.cpu).toBe(4000);
    const pod = view.pods.get("default/web");
    expect(pod).toMatchObject({ name: "web", phase: "Pending", status: "Pending", node: "", cpu: 100 });
    expect(view.seats.get("scheduler")?.holders.includes("p1")).toBe(true);
    expect(view.players.get("p1")?.seat).toBe("scheduler");
    expect(view.controlPlane?.quorum).toBe(true);
    expect(view.registries?.get("dockerhub")?.kind).toBe("dockerhub");
  });

  it("compares a placement with kube-scheduler and a kubelet move with the kubelet's next step", () => {
    const { engine } = firstPod();
    engine.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" });
    for (let i = 0; i < 20; i++) engine.tick();
    const bind = {
      seq: 1,
      tick: 20,
      seat: "scheduler",
      command: { type: "Bind", pod: "web", node: "worker-1" },
      ok: true,
    };
    const cmp = compareMove(engine, bind);
    expect(cmp.verdict).toBe("same");
    expect(cmp.explanation?.nodes).toHaveLength(3);
    expect(describeMove(bind.command)).toBe("Bind web → worker-1");

    const pull = {
      seq: 2,
      tick: 20,
      seat: "kubelet:worker-1",
      command: { type: "PullImage", node: "worker-1", pod: "web", container: "nginx" },
      ok: false,
    };
    // not bound yet: the kubelet has nothing to pull for this pod
    expect(compareMove(engine, pull).verdict).not.toBe("same");
  });

  it("projects like the server too: a Deployment's current ReplicaSet, templates' containers, endpoint IPs", () => {
    const { engine, record } = scenario("services");
    const ready = () => engine.state.endpoints["default/shop"]?.subsets.flatMap((x) => x.addresses) ?? [];
    for (let i = 0; i < 3000 && ready().length < 6; i++) engine.tick();
    expect(ready()).toHaveLength(6);
    const view = new ReplayView(record).view(engine, "paused");
    const d = view.workloads.get("Deployment/default/shop");
    const owned = Object.values(engine.state.replicasets).filter((rs) =>
      rs.metadata.ownerReferences?.some(
        (o) => o.uid === engine.state.deployments["default/shop"]?.metadata.uid,
      ),
    );
    expect(owned).toHaveLength(1);
    expect(d?.currentReplicaSet).toBe(owned[0]?.metadata.name);
    expect(view.workloads.get(`ReplicaSet/default/${owned[0]?.metadata.name}`)?.currentReplicaSet).toBe("");
    expect([...(d?.containers ?? [])]).toEqual(
      engine.state.deployments["default/shop"]?.spec.template.spec.containers.map((c) => ({
        name: c.name,
        image: c.image,
      })),
    );
    const service = view.services.get("default/shop");
    expect([...(service?.addresses ?? [])].sort()).toEqual(
      ready()
        .map((a) => a.ip)
        .sort(),
    );
    expect(service?.endpoints).toBe(6);

    // a new template has no ReplicaSet until the controller makes it
    engine.apply("instructor", { type: "SetDriver", seat: "controller-manager", driver: "human" });
    const container = engine.state.deployments["default/shop"]?.spec.template.spec.containers[0]?.name;
    const set = engine.apply("instructor", {
      type: "SetImage",
      kind: "deployment",
      name: "shop",
      container,
      image: "nginx:1.26",
    });
    expect(set.ok).toBe(true);
    for (let i = 0; i < 20; i++) engine.tick();
    expect(
      new ReplayView(record).view(engine, "paused").workloads.get("Deployment/default/shop")
        ?.currentReplicaSet,
    ).toBe("");
  });

  it("names the secrets a registry accepts and the ones the match's commands revoked so far", () => {
    const { engine, record } = scenario("image-pulls");
    const revoke = { type: "RevokeCredential", registry: "ecr", secret: "ecr-creds" };
    expect(engine.apply("instructor", revoke).ok).toBe(true);
    const at = engine.state.tick;
    record.commands.push({ seq: 1, tick: at, seat: "instructor", command: revoke, ok: true });
    const ecr = new ReplayView(record).view(engine, "paused").registries?.get("ecr");
    expect([...(ecr?.pullSecrets ?? [])]).toEqual([]);
    expect([...(ecr?.revokedSecrets ?? [])]).toEqual(["ecr-creds"]);
  });
});
