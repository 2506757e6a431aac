import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JudgementView } from "../../shared/protocol/state.ts";
import { Api, joinInstructor, joinStudent, leaveAll, pushesOf, waitFor } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(() => server.stop());

const engineOf = (code: string) => {
  const engine = server.directory.get(code)?.classroom.engine;
  if (!engine) throw new Error(`no live session ${code}`);
  return engine;
};

describe("the control plane, registries, traffic and kube-proxy in the synced state", () => {
  it("masters, etcd and the leader elections follow the engine, and an instructor's fault shows at once", async () => {
    const created = await api.createSession("ha-control-plane", { speed: 10 });
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const watcher = await joinStudent(server.url, created.code, "Watcher");
    const cp = () => watcher.room.state.controlPlane;
    await waitFor(
      () => cp().masters.size === 3 && cp().schedulerLeader !== "",
      "three masters, a scheduler leader",
    );
    expect(cp()).toMatchObject({ quorum: true, writable: true, etcdTerm: 1 });
    const leader = cp().schedulerLeader;
    expect(cp().masters.get(leader)).toMatchObject({ up: true, etcdUp: true, schedulerLeader: true });
    const etcdLeader = [...cp().masters.values()].find((m) => m.etcdLeader)?.name;
    expect(etcdLeader).toBe(engineOf(created.code).state.controlPlane.etcd.leader);

    // the session is still in the lobby: no tick runs, yet the fault is projected with the command
    const fail = await teacher.ask("command", { command: { type: "FailMaster", master: "master-2" } });
    expect(fail).toMatchObject({ ok: true });
    await waitFor(() => cp().masters.get("master-2")?.up === false, "master-2 down");
    expect(cp().masters.get("master-2")).toMatchObject({ etcdUp: false, schedulerLeader: false });
    expect(cp().quorum).toBe(true);
    await teacher.ask("command", { command: { type: "FailEtcdMember", master: "master-3" } });
    await waitFor(() => cp().quorum === false, "quorum lost with one member left");
    expect(cp()).toMatchObject({ writable: false });
    expect(cp().masters.get("master-3")).toMatchObject({ up: true, etcdUp: false });

    const registries = watcher.room.state.registries;
    await teacher.ask("command", {
      command: { type: "RateLimitRegistry", registry: "dockerhub", pulls: 10, windowSeconds: 3600 },
    });
    await teacher.ask("command", {
      command: { type: "RegistryOutage", registry: "dockerhub", durationSeconds: 30 },
    });
    await waitFor(() => registries.get("dockerhub")?.rateLimit === "10/3600s", "rate limit synced");
    expect(registries.get("dockerhub")).toMatchObject({ kind: "dockerhub", host: "docker.io" });
    const now = engineOf(created.code).now;
    await waitFor(() => registries.get("dockerhub")?.outageUntil === now + 30_000, "outage synced");
    await leaveAll(teacher.room, watcher.room);
  });

  it("traffic per Service, and each node's rules: stale while a human kube-proxy has not synced", async () => {
    const created = await api.createSession("services", { speed: 10 });
    const proxy = await joinStudent(server.url, created.code, "Proxy");
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    await proxy.ask("seat.take", { seat: "kube-proxy:worker-1" });
    await api.action(created.code, created.instructorToken, { type: "session.start" });
    const state = proxy.room.state;
    // every node's rules travel to the instructor; a kube-proxy team gets its own node's
    const all = teacher.room.state;
    const engine = engineOf(created.code);
    const endpoints = () =>
      (engine.state.endpoints["default/shop"]?.subsets ?? [])
        .flatMap((s) => s.addresses.map((a) => a.ip))
        .sort();
    await waitFor(() => (state.traffic.get("default/shop")?.requests ?? 0) > 0, "traffic counted", 10_000);
    expect(state.traffic.get("default/shop")).toMatchObject({ key: "default/shop", rps: 200 });
    const traffic = state.traffic.get("default/shop");
    expect(traffic?.successRate).toBeGreaterThanOrEqual(0);
    expect(traffic?.successRate).toBeLessThanOrEqual(1);

    // the bots' proxies program the six ready endpoints; the human's has no rules yet
    await waitFor(() => endpoints().length === 6, "six ready endpoints", 10_000);
    await waitFor(
      () => all.proxies.get("worker-2")?.rules?.get("default/shop")?.backends.size === 6,
      "worker-2 programmed",
    );
    const synced = all.proxies.get("worker-2")?.rules?.get("default/shop");
    expect([...(synced?.backends ?? [])].sort()).toEqual(endpoints());
    expect(synced?.stale).toBe(false);
    expect(state.proxies.get("worker-3")?.mode).toBe("ipvs");
    // another node's rules and last sync are not this seat's: it sees only whether they are stale
    expect(state.proxies.get("worker-2")?.rules?.size ?? 0).toBe(0);
    expect(state.proxies.get("worker-2")?.lastSyncAt).toBeUndefined();
    expect(all.proxies.get("worker-2")?.lastSyncAt).toBeGreaterThan(0);
    // a Service's count of ready endpoints is its addresses' (counted by the client)
    await waitFor(() => state.services.get("default/shop")?.addresses.size === 6, "six addresses");
    expect(state.services.get("default/shop")?.endpoints).toBe(6);
    const own = state.proxies.get("worker-1")?.rules?.get("default/shop");
    expect(own).toMatchObject({ stale: true });
    expect(own?.backends.size).toBe(0);
    expect(state.proxies.get("worker-1")?.stale).toBe(true);

    const sync = await proxy.ask("command", { command: { type: "SyncProxyRules", node: "worker-1" } });
    expect(sync).toMatchObject({ ok: true });
    await waitFor(() => state.proxies.get("worker-1")?.rules?.get("default/shop")?.stale === false, "synced");
    expect(state.proxies.get("worker-1")?.lastSyncAt).toBeGreaterThan(0);
    expect(state.proxies.get("worker-1")?.rules?.get("default/shop")?.backends.size).toBe(endpoints().length);
    await leaveAll(proxy.room, teacher.room);
  });

  it("a kubelet team sees its node's next steps; a human placement is judged for everyone to see", async () => {
    const created = await api.createSession("first-pod", { speed: 10 });
    const kubelet = await joinStudent(server.url, created.code, "Kube");
    const scheduler = await joinStudent(server.url, created.code, "Sched");
    await kubelet.ask("seat.take", { seat: "kubelet:worker-1" });
    await scheduler.ask("seat.take", { seat: "scheduler" });
    expect(
      await scheduler.ask("command", { command: { type: "Bind", pod: "web", node: "worker-1" } }),
    ).toMatchObject({
      ok: true,
    });
    const pushed = await waitFor(
      () => pushesOf(scheduler.room, "judgement")[0] as JudgementView | undefined,
      "placement judgement pushed",
    );
    expect(pushed).toMatchObject({ kind: "placement", subject: "default/web", value: 100, points: 10 });
    expect(pushesOf(kubelet.room, "judgement")).toEqual([]);
    await waitFor(() => kubelet.room.state.judgements.get(pushed.id), "judgement synced to everyone");
    expect(kubelet.room.state.judgements.get(pushed.id)).toMatchObject({
      seat: "scheduler",
      driver: "human",
    });

    await api.action(created.code, created.instructorToken, { type: "session.start" });
    const steps = () => kubelet.room.state.nodes.get("worker-1")?.machine?.steps;
    await waitFor(() => steps()?.get("default/web/nginx")?.step === "pull", "the kubelet's next step: pull");
    expect(steps()?.get("default/web/nginx")).toMatchObject({
      pod: "default/web",
      container: "nginx",
      message: "docker.io/library/nginx:1.27",
    });
    // the scheduler's view has no machines, so no steps
    expect(scheduler.room.state.nodes.get("worker-1")?.machine).toBeUndefined();
    await kubelet.ask("command", {
      command: { type: "PullImage", node: "worker-1", pod: "web", container: "nginx" },
    });
    await waitFor(() => steps()?.get("default/web/nginx")?.step === "wait", "waiting for the pull");
    expect(steps()?.get("default/web/nginx")?.reason).toBe("Pulling");
    await waitFor(() => steps()?.get("default/web/nginx")?.step === "start", "then: start", 10_000);
    await leaveAll(kubelet.room, scheduler.room);
  });
});

describe("what a seat does not show is not sent to it", () => {
  it("a machine's kubelet side (next steps, containers) is made only for a kubelet panel open", async () => {
    const created = await api.createSession("first-pod", { speed: 10 });
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const kubelet = await joinStudent(server.url, created.code, "Kube");
    await api.action(created.code, created.instructorToken, { type: "session.start" });
    const engine = engineOf(created.code);
    await waitFor(() => engine.state.pods["default/web"]?.status.phase === "Running", "web Running", 20_000);
    const node = engine.state.pods["default/web"]?.spec.nodeName as string;
    const machine = () => teacher.room.state.nodes.get(node)?.machine;
    // the teacher's board draws the machine (up, network, pulls) without the kubelet's side
    await waitFor(() => machine()?.up === true, "the teacher's view of the machine");
    expect(machine()?.steps.size).toBe(0);
    expect(machine()?.containers.size).toBe(0);

    expect(await kubelet.ask("seat.take", { seat: `kubelet:${node}` })).toMatchObject({ ok: true });
    const own = () => kubelet.room.state.nodes.get(node)?.machine;
    await waitFor(() => own()?.steps.get("default/web/nginx")?.step === "none", "the panel's steps");
    expect(own()?.steps.get("default/web/nginx")?.reason).toBe("running");
    expect([...(own()?.containers.values() ?? [])].map((c) => c.state)).toContain("running");

    // the panel closed: the machine's kubelet side is no longer made (nor sent)
    expect(await kubelet.ask("seat.leave", {})).toMatchObject({ ok: true });
    await waitFor(() => machine()?.steps.size === 0, "steps dropped with the last panel");
    expect(machine()?.containers.size).toBe(0);
    await leaveAll(kubelet.room, teacher.room);
  });

  it("workloads' status counts go to the controller manager and the instructor only, new workloads too", async () => {
    const created = await api.createSession("rolling-update", { speed: 10 });
    const student = await joinStudent(server.url, created.code, "Student");
    const user = await joinStudent(server.url, created.code, "User");
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    expect(await user.ask("seat.take", { seat: "user" })).toMatchObject({ ok: true });
    await api.action(created.code, created.instructorToken, { type: "session.start" });
    const engine = engineOf(created.code);
    const ready = (name: string) => engine.state.deployments[`default/${name}`]?.status.readyReplicas ?? 0;
    const id = (name: string) => `Deployment/default/${name}`;
    const [web] = Object.values(engine.state.deployments).map((d) => d.metadata.name);
    if (!web) throw new Error("no Deployment");
    await waitFor(() => ready(web) > 0, "a ready replica", 20_000);
    await waitFor(() => teacher.room.state.workloads.get(id(web))?.readyReplicas === ready(web), "teacher's");
    // the board in the lobby and at kubectl lists the workloads (names, templates) without their counts
    expect(student.room.state.workloads.get(id(web))?.name).toBe(web);
    expect(student.room.state.workloads.get(id(web))?.readyReplicas).toBeUndefined();
    expect(user.room.state.workloads.get(id(web))?.updatedReplicas).toBeUndefined();

    // taking the controller manager's seat brings them
    expect(await student.ask("seat.take", { seat: "controller-manager" })).toMatchObject({ ok: true });
    await waitFor(() => student.room.state.workloads.get(id(web))?.readyReplicas === ready(web), "seated");
    // available read back as ready less the ready ones not yet available (workloadWire.ts)
    expect(student.room.state.workloads.get(id(web))?.availableReplicas).toBe(
      engine.state.deployments[`default/${web}`]?.status.availableReplicas,
    );

    // a Deployment made later (the human manager has not made its ReplicaSet): its status too
    const out = await user.ask("kubectl", {
      line: "create deployment extra --image=nginx:1.27 --replicas=2",
    });
    expect(out).toMatchObject({ ok: true, exitCode: 0 });
    await waitFor(() => student.room.state.workloads.get(id("extra"))?.replicas === 2, "extra listed");
    await waitFor(() => student.room.state.workloads.get(id("extra"))?.updatedReplicas === 0, "its status");
    await waitFor(() => teacher.room.state.workloads.get(id("extra"))?.readyReplicas === 0, "the teacher's");
    expect(user.room.state.workloads.get(id("extra"))?.readyReplicas).toBeUndefined();
    await leaveAll(student.room, user.room, teacher.room);
  });
});
