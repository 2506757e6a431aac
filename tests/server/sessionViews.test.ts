import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionCreated } from "../../shared/protocol/http.ts";
import type { SyncedArray, SyncedSet, WinConditionLineView } from "../../shared/protocol/state.ts";
import { exited, killChildren, startChild } from "../support/child.ts";
import { Api, joinInstructor, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/**
 * What the synced state says beyond counts: the scenario's goals and win conditions for the lobby
 * (uploaded scenarios too), each Service's endpoint IPs, and the secret names each registry accepts
 * or has lost (which survive a restart).
 */
let server: TestServer;
let api: Api;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(async () => {
  killChildren();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await server.stop();
});

/** A synced list, in its order (goals, win conditions). */
const lines = (items: SyncedArray<string> | undefined) => [...(items ?? [])];
/** The win conditions' English lines. */
const winLines = (items: SyncedArray<WinConditionLineView> | undefined) =>
  [...(items ?? [])].map((l) => l.text);
/** A synced set (addresses, secret names), sorted. */
const list = (items: SyncedSet<string> | undefined) => [...(items ?? [])].sort();

const engineOf = (code: string) => {
  const engine = server.directory.get(code)?.classroom.engine;
  if (!engine) throw new Error(`no live session ${code}`);
  return engine;
};

const UPLOAD = `apiVersion: kubeclass.dev/v1
kind: Scenario
metadata: { name: own-goals }
spec:
  title: Own goals
  description: A scenario of our own.
  goals: [Deployments make ReplicaSets, ReplicaSets make Pods]
  winConditions:
    - { type: DeploymentAvailable, name: api }
    - { type: NodesReady, count: 3 }
    - { type: ServiceSLO, service: api, successRate: 0.995, window: 2m }
`;

describe("the lobby's scenario", () => {
  it("a built-in scenario's goals and its win conditions as readable lines", async () => {
    const created = await api.createSession("first-pod");
    const student = await joinStudent(server.url, created.code, "Ada");
    const session = student.room.state.session;
    expect(session.description).toContain("One Pod running nginx 1.27");
    expect(lines(session.goals)).toHaveLength(4);
    expect(lines(session.goals)[0]).toBe(
      "Every change goes through the API server, which validates the manifest and stores it in etcd.",
    );
    expect(winLines(session.winConditions)).toEqual([
      "Pod web is Running and Ready",
      "Pod web-2 is Running and Ready",
    ]);
    // the same lines as codes the page words in its language, and the scenario's own translations
    expect(session.winConditions.at(0)).toMatchObject({ code: "winCondition.podRunning" });
    expect(JSON.parse(session.winConditions.at(0)?.params ?? "{}")).toEqual({ name: "web" });
    expect(session.translations.get("ja")?.title).toBeTruthy();
    expect(session.translations.get("zh-TW")?.goals.length).toBe(4);
    await leaveAll(student.room);
  });

  it("an uploaded scenario's too; a condition on a Deployment's own replicas follows the Deployment", async () => {
    const res = await api.post<SessionCreated>("/api/sessions", {
      files: [{ file: "own.yaml", text: UPLOAD }],
      options: { speed: 10 },
    });
    expect(res.status).toBe(201);
    const student = await joinStudent(server.url, res.body.code, "Ada");
    const session = student.room.state.session;
    expect(lines(session.goals)).toEqual(["Deployments make ReplicaSets", "ReplicaSets make Pods"]);
    expect(winLines(session.winConditions)).toEqual([
      "Every replica of Deployment api is available",
      "3 nodes are Ready",
      "Service api answers 99.50% of requests over 2m",
    ]);
    await student.ask("seat.take", { seat: "user" });
    await api.action(res.body.code, res.body.instructorToken, { type: "session.start" });
    const made = await student.ask("kubectl", {
      line: "create deployment api --image=nginx:1.27 --replicas=4",
    });
    expect(made).toMatchObject({ ok: true, exitCode: 0 });
    await waitFor(
      () => winLines(session.winConditions)[0] === "Deployment api has 4 available replicas",
      "the line worded again",
    );
    await leaveAll(student.room);
  });
});

describe("what kube-scheduler reads", () => {
  it("a pod's nodeSelector, node affinity and tolerations, the Nodes' images and sizes", async () => {
    const created = await api.createSession("scheduling");
    const student = await joinStudent(server.url, created.code, "Ada");
    const state = student.room.state;
    const trainer = state.pods.get("default/trainer");
    const selector: Record<string, string> = {};
    trainer?.nodeSelector.forEach((v, k) => {
      selector[k] = v;
    });
    expect(selector).toEqual({ "kubernetes.io/hostname": "gpu-1" });
    expect([...(trainer?.tolerations ?? [])]).toContain("dedicated=gpu:NoSchedule");
    // the two NoExecute tolerations every pod gets are counted, not listed
    expect([...(trainer?.tolerations ?? [])]).not.toContain(
      "node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
    );
    expect(trainer?.defaultTolerations).toBe(2);
    expect(state.nodes.get("gpu-1")).toMatchObject({ capacityCpu: 4000, capacityMemory: 16 * 1024 ** 3 });
    // a local machine declared by its capacity is the local type of that size, or has none
    expect(state.nodes.get("small-1")?.instanceType).toBe("local-2c4g");
    expect(state.nodes.get("gpu-1")?.instanceType).toBe("");
    await leaveAll(student.room);
  });

  it("the teacher's help level: chosen at creation, changed live, seen by everyone", async () => {
    const res = await api.post<SessionCreated>("/api/sessions", {
      scenario: "scheduling",
      options: { helpLevel: "reasons" },
    });
    expect(res.status).toBe(201);
    const student = await joinStudent(server.url, res.body.code, "Ada");
    expect(student.room.state.session.helpLevel).toBe("reasons");
    const changed = await api.action(res.body.code, res.body.instructorToken, {
      type: "session.help",
      level: "none",
    });
    expect(changed.body.ok).toBe(true);
    await waitFor(() => student.room.state.session.helpLevel === "none", "help level none");
    const bad = await api.action(res.body.code, res.body.instructorToken, {
      type: "session.help",
      level: "everything",
    });
    expect(bad.body.ok).toBe(false);
    expect(student.room.state.session.helpLevel).toBe("none");
    await leaveAll(student.room);
  });
});

describe("manual heartbeats", () => {
  it("the teacher's challenge is recorded, shown to everyone, and holds the speed at 1x", async () => {
    const res = await api.post<SessionCreated>("/api/sessions", {
      scenario: "first-pod",
      options: { speed: 4 },
    });
    const { code, instructorToken } = res.body;
    const student = await joinStudent(server.url, code, "Ada");
    expect(student.room.state.session.manualHeartbeats).toBe(false);
    const on = await api.action(code, instructorToken, { type: "session.heartbeats", manual: true });
    expect(on.body.ok).toBe(true);
    await waitFor(() => student.room.state.session.manualHeartbeats, "manual heartbeats shown");
    expect(student.room.state.session.speed).toBe(1);
    const faster = await api.action(code, instructorToken, { type: "session.speed", speed: 5 });
    expect(faster.body).toMatchObject({ ok: false, code: "speedHeldByHeartbeats" });
    const record = await api.get<{ commands: { command: { type: string } }[] }>(
      `/api/sessions/${code}/record`,
      instructorToken,
    );
    expect(record.body.commands.map((c) => c.command.type)).toContain("SetManualHeartbeats");
    await api.action(code, instructorToken, { type: "session.heartbeats", manual: false });
    expect((await api.action(code, instructorToken, { type: "session.speed", speed: 5 })).body.ok).toBe(true);
    await leaveAll(student.room);
  });
});

describe("Service endpoints", () => {
  it("the ready and the not-ready endpoint IPs, as the engine's Endpoints hold them", async () => {
    const created = await api.createSession("services", { speed: 10 });
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const watcher = await joinStudent(server.url, created.code, "Watcher");
    await teacher.ask("session.start");
    const engine = engineOf(created.code);
    const ips = (field: "addresses" | "notReadyAddresses") =>
      [
        ...new Set(
          (engine.state.endpoints["default/shop"]?.subsets ?? []).flatMap((s) => s[field].map((a) => a.ip)),
        ),
      ].sort();
    const service = () => watcher.room.state.services.get("default/shop");
    await waitFor(() => list(service()?.addresses).length === 6, "six ready endpoints", 10_000);
    expect(list(service()?.addresses)).toEqual(ips("addresses"));
    expect(service()?.endpoints).toBe(6);
    // every address is a pod of the Service
    const podIps = new Set([...watcher.room.state.pods.values()].map((p) => p.ip));
    for (const ip of list(service()?.addresses)) expect(podIps.has(ip)).toBe(true);

    // crashed containers: the pods leave the ready addresses for the not-ready ones
    await teacher.ask("command", { command: { type: "CrashDeployment", name: "shop" } });
    await waitFor(() => list(service()?.notReadyAddresses).length > 0, "not-ready endpoints", 10_000);
    await waitFor(
      () =>
        list(service()?.notReadyAddresses).join() === ips("notReadyAddresses").join() &&
        list(service()?.addresses).join() === ips("addresses").join(),
      "the view equal to the engine's Endpoints",
    );
    expect(service()?.endpoints).toBe(list(service()?.addresses).length);
    await leaveAll(teacher.room, watcher.room);
  });
});

describe("registry credentials", () => {
  it("names the secrets a registry accepts and the ones revoked; only accepted moves count", async () => {
    const created = await api.createSession("image-pulls");
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const student = await joinStudent(server.url, created.code, "Mallory");
    await student.ask("seat.take", { seat: "user" });
    const ecr = () => student.room.state.registries.get("ecr");
    await waitFor(ecr, "the registry synced");
    expect(list(ecr()?.pullSecrets)).toEqual(["ecr-creds"]);
    expect(list(ecr()?.revokedSecrets)).toEqual([]);
    expect(list(student.room.state.registries.get("dockerhub")?.pullSecrets)).toEqual([]);

    const revoke = (secret: string) => ({ command: { type: "RevokeCredential", registry: "ecr", secret } });
    const restore = (secret: string) => ({ command: { type: "RestoreCredential", registry: "ecr", secret } });
    expect(await teacher.ask("command", revoke("ecr-creds"))).toMatchObject({ ok: true });
    await waitFor(() => list(ecr()?.revokedSecrets).join() === "ecr-creds", "revoked");
    expect(list(ecr()?.pullSecrets)).toEqual([]);

    // a refused move names nothing
    expect(await student.ask("command", revoke("not-a-secret"))).toMatchObject({ ok: false });
    expect(await teacher.ask("command", restore("ecr-rotated"))).toMatchObject({ ok: true });
    await waitFor(() => list(ecr()?.pullSecrets).join() === "ecr-rotated", "a new secret accepted");
    expect(list(ecr()?.revokedSecrets)).toEqual(["ecr-creds"]);
    expect(await teacher.ask("command", restore("ecr-creds"))).toMatchObject({ ok: true });
    await waitFor(() => list(ecr()?.pullSecrets).join() === "ecr-creds,ecr-rotated", "restored");
    expect(list(ecr()?.revokedSecrets)).toEqual([]);
    await leaveAll(teacher.room, student.room);
  });

  it("a session resumed after a restart still knows which secrets were revoked", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kubeclass-secrets-"));
    dirs.push(dataDir);
    const env = { PORT: "0", DATA_DIR: dataDir };
    const first = await startChild(env);
    const created = await new Api(first.url).createSession("image-pulls");
    const teacher = await joinInstructor(first.url, created.code, created.instructorToken);
    teacher.room.reconnection.enabled = false;
    const command = (type: string, secret: string) =>
      teacher.ask("command", { command: { type, registry: "ecr", secret } });
    expect(await command("RestoreCredential", "ecr-rotated")).toMatchObject({ ok: true });
    expect(await command("RevokeCredential", "ecr-rotated")).toMatchObject({ ok: true });
    expect(await command("RevokeCredential", "ecr-creds")).toMatchObject({ ok: true });
    first.child.kill("SIGKILL");
    await exited(first.child);
    await leaveAll(teacher.room);

    const second = await startChild(env);
    const again = await joinInstructor(second.url, created.code, created.instructorToken);
    const ecr = again.room.state.registries.get("ecr");
    expect(list(ecr?.pullSecrets)).toEqual([]);
    expect(list(ecr?.revokedSecrets)).toEqual(["ecr-creds", "ecr-rotated"]);
    await leaveAll(again.room);
    second.child.kill("SIGTERM");
    await exited(second.child);
  });
});
