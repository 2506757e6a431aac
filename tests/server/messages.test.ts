import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HintMessage } from "../../shared/protocol/replies.ts";
import { FAULTS } from "../../shared/replay/markers.ts";
import { explain } from "../../shared/sim/scheduler/scheduleone.ts";
import { Api, joinInstructor, joinStudent, leaveAll, pushesOf, waitFor } from "../support/classroom.ts";
import { replayOf } from "../support/replay.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(() => server.stop());

const roomOf = (code: string) => {
  const room = server.directory.get(code);
  if (!room) throw new Error(`no live session ${code}`);
  return room;
};

describe("explain", () => {
  it("answers the default scheduler's verdict on every node, for anyone; an unknown pod is NotFound", async () => {
    const created = await api.createSession("scheduling");
    const lobby = await joinStudent(server.url, created.code, "Curious");
    const engine = roomOf(created.code).classroom.engine;
    const pending = Object.values(engine.state.pods).find((p) => !p.spec.nodeName);
    if (!pending) throw new Error("the scenario has no pending pod");
    const reply = await lobby.ask("explain", {
      pod: pending.metadata.name,
      namespace: pending.metadata.namespace,
    });
    expect(reply.ok).toBe(true);
    const explanation = (reply as unknown as { explanation: ReturnType<typeof explain> }).explanation;
    expect(explanation).toEqual(JSON.parse(JSON.stringify(explain(pending, engine.snapshot))));
    expect(explanation.nodes.map((n) => n.node).sort()).toEqual(Object.keys(engine.state.nodes).sort());
    expect(explanation.nodes.some((n) => n.filters.length > 0)).toBe(true);

    // the API server's own words, untranslated
    const notFound = 'pods "nope" not found in namespace "default"';
    expect(await lobby.ask("explain", { pod: "nope" })).toEqual({
      ok: false,
      reason: "NotFound",
      code: "kubernetes",
      params: { text: notFound },
      message: notFound,
    });
    expect(await lobby.ask("explain", { pod: "" })).toMatchObject({ ok: false, reason: "Malformed" });
    await leaveAll(lobby.room);
  });
});

describe("the instructor's classroom controls", () => {
  it("pause: the clock stops and students' moves are refused with a clear reason; reads still work", async () => {
    const created = await api.createSession("first-pod", { speed: 10 });
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const user = await joinStudent(server.url, created.code, "Pia");
    await user.ask("seat.take", { seat: "user" });
    await teacher.ask("session.start");
    const classroom = roomOf(created.code).classroom;
    expect(await teacher.ask("session.pause")).toMatchObject({ ok: true });
    await waitFor(() => user.room.state.session.status === "paused", "paused synced");
    const before = classroom.recorder.lastSeq;
    const paused = { ok: false, reason: "Paused", code: "pausedMoves" };
    expect(await user.ask("command", { command: { type: "CordonNode", node: "worker-1" } })).toMatchObject(
      paused,
    );
    expect(await user.ask("kubectl", { line: "kubectl cordon worker-1" })).toMatchObject(paused);
    expect(classroom.recorder.lastSeq).toBe(before);
    expect(await user.ask("kubectl", { line: "kubectl get nodes" })).toMatchObject({ ok: true, exitCode: 0 });
    // the teacher still acts while paused
    expect(await teacher.ask("command", { command: { type: "CordonNode", node: "worker-2" } })).toMatchObject(
      {
        ok: true,
      },
    );
    expect(await teacher.ask("session.resume")).toMatchObject({ ok: true });
    expect(await user.ask("command", { command: { type: "CordonNode", node: "worker-1" } })).toMatchObject({
      ok: true,
    });
    await leaveAll(user.room, teacher.room);
  });

  it("freeze: students' moves are refused with the message, reads work, bots and the teacher go on", async () => {
    const created = await api.createSession("first-pod", { speed: 10 });
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const user = await joinStudent(server.url, created.code, "Uma");
    await user.ask("seat.take", { seat: "user" });
    await teacher.ask("session.start");
    const classroom = roomOf(created.code).classroom;
    const engine = classroom.engine;

    expect(await teacher.ask("session.freeze", { message: "Eyes on the board" })).toMatchObject({ ok: true });
    await waitFor(() => user.room.state.session.frozen, "frozen synced");
    expect(user.room.state.session.freezeMessage).toBe("Eyes on the board");
    const commandsBefore = classroom.recorder.lastSeq;
    const frozen = {
      ok: false,
      reason: "Frozen",
      code: "frozen",
      params: { message: "Eyes on the board" },
      message: "The teacher froze the class: Eyes on the board",
    };
    expect(await user.ask("command", { command: { type: "CordonNode", node: "worker-1" } })).toEqual(frozen);
    expect(await user.ask("kubectl", { line: "kubectl cordon worker-1" })).toEqual(frozen);
    expect(engine.state.nodes["worker-1"]?.spec.unschedulable).toBe(false);
    expect(classroom.recorder.lastSeq).toBe(commandsBefore);
    const read = await user.ask("kubectl", { line: "kubectl get nodes" });
    expect(read).toMatchObject({ ok: true, exitCode: 0 });
    // the bots go on: the scheduler bot places web, the clock runs
    const tick = engine.state.tick;
    await waitFor(() => engine.state.tick > tick + 5, "the clock runs while frozen");
    await waitFor(() => engine.state.pods["default/web"]?.spec.nodeName, "the bot schedules while frozen");
    expect(await teacher.ask("command", { command: { type: "CordonNode", node: "worker-2" } })).toMatchObject(
      {
        ok: true,
      },
    );

    expect(await teacher.ask("session.unfreeze")).toMatchObject({ ok: true });
    await waitFor(() => !user.room.state.session.frozen, "unfrozen synced");
    expect(user.room.state.session.freezeMessage).toBe("");
    expect(await user.ask("command", { command: { type: "CordonNode", node: "worker-1" } })).toMatchObject({
      ok: true,
    });
    const events = (await server.archive.details(classroom.id))?.events ?? [];
    expect(events.find((e) => e.kind === "session-frozen")?.detail).toEqual({ message: "Eyes on the board" });
    expect(events.map((e) => e.kind)).toContain("session-unfrozen");
    await leaveAll(teacher.room, user.room);
  });

  it("the leaderboard is shown or hidden for everyone", async () => {
    const created = await api.createSession();
    const student = await joinStudent(server.url, created.code, "Lee");
    expect(student.room.state.session.leaderboardVisible).toBe(false);
    await api.action(created.code, created.instructorToken, { type: "session.leaderboard", visible: true });
    await waitFor(() => student.room.state.session.leaderboardVisible, "shown");
    await api.action(created.code, created.instructorToken, { type: "session.leaderboard", visible: false });
    await waitFor(() => !student.room.state.session.leaderboardVisible, "hidden");
    const events = (await server.archive.details(roomOf(created.code).classroom.id))?.events ?? [];
    expect(events.filter((e) => e.kind === "session-leaderboard").map((e) => e.detail)).toEqual([
      { visible: true },
      { visible: false },
    ]);
    await leaveAll(student.room);
  });

  it("hints reach a seat's team, one player, or everyone, and are recorded", async () => {
    const created = await api.createSession();
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const [a, b, c] = await Promise.all(
      ["Ann", "Ben", "Cal"].map((name) => joinStudent(server.url, created.code, name)),
    );
    if (!a || !b || !c) throw new Error("join failed");
    await a.ask("seat.take", { seat: "scheduler" });
    await b.ask("seat.take", { seat: "scheduler" });
    await c.ask("seat.take", { seat: "user" });
    const hints = (s: typeof a) => pushesOf(s.room, "hint") as HintMessage[];

    expect(await teacher.ask("hint", { text: "Look at the taints", seat: "scheduler" })).toMatchObject({
      ok: true,
      delivered: 2,
    });
    await waitFor(() => hints(a).length === 1 && hints(b).length === 1, "team hinted");
    expect(hints(a)[0]).toMatchObject({ text: "Look at the taints", to: "seat", seat: "scheduler" });
    expect(await teacher.ask("hint", { text: "Try kubectl describe", playerId: c.player.id })).toMatchObject({
      ok: true,
      delivered: 1,
    });
    await waitFor(() => hints(c).length === 1, "player hinted");
    expect(hints(c)[0]).toMatchObject({ text: "Try kubectl describe", to: "player" });
    expect(await teacher.ask("hint", { text: "Two minutes left" })).toMatchObject({ ok: true, delivered: 3 });
    await waitFor(() => [a, b, c].every((s) => hints(s).at(-1)?.text === "Two minutes left"), "all hinted");
    expect(hints(a).map((h) => h.text)).toEqual(["Look at the taints", "Two minutes left"]);
    expect(hints(c).map((h) => h.to)).toEqual(["player", "everyone"]);

    expect(await teacher.ask("hint", { text: "x", seat: "nope" })).toMatchObject({
      ok: false,
      reason: "SeatUnknown",
    });
    expect(await teacher.ask("hint", { text: "x", playerId: "p_nobody" })).toMatchObject({
      ok: false,
      reason: "PlayerUnknown",
    });
    expect(await teacher.ask("hint", { text: "x", seat: "user", playerId: c.player.id })).toMatchObject({
      ok: false,
      reason: "Malformed",
    });
    expect(await a.ask("hint", { text: "x" })).toMatchObject({ ok: false, reason: "NotInstructor" });
    const recorded = ((await server.archive.details(roomOf(created.code).classroom.id))?.events ?? []).filter(
      (e) => e.kind === "hint",
    );
    expect(recorded.map((e) => e.detail)).toEqual([
      { text: "Look at the taints", to: "seat", seat: "scheduler", delivered: 2 },
      { text: "Try kubectl describe", to: "player", delivered: 1 },
      { text: "Two minutes left", to: "everyone", delivered: 3 },
    ]);
    expect(recorded[1]?.playerId).toBe(c.player.id);
    await leaveAll(teacher.room, a.room, b.room, c.room);
  });

  it("every instructor fault works end to end and is recorded as the instructor seat's command", async () => {
    const created = await api.createSession("services", { speed: 10 });
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const classroom = roomOf(created.code).classroom;
    const state = teacher.room.state;
    await teacher.ask("session.start");
    const running = () => [...state.pods.values()].filter((p) => p.status === "Running").length;
    await waitFor(() => running() >= 6, "the shop runs", 10_000);
    const faults: [Record<string, unknown>, () => unknown][] = [
      [{ type: "FailNode", node: "worker-1" }, () => state.nodes.get("worker-1")?.machine?.up === false],
      [{ type: "RecoverNode", node: "worker-1" }, () => state.nodes.get("worker-1")?.machine?.up === true],
      [
        { type: "PartitionNode", node: "worker-2" },
        () => state.nodes.get("worker-2")?.machine?.networkUp === false,
      ],
      [
        { type: "HealNode", node: "worker-2" },
        () => state.nodes.get("worker-2")?.machine?.networkUp === true,
      ],
      [
        { type: "RegistryOutage", registry: "dockerhub", durationSeconds: 60 },
        () => (state.registries.get("dockerhub")?.outageUntil ?? 0) > 0,
      ],
      [
        { type: "RateLimitRegistry", registry: "dockerhub", pulls: 5 },
        () => state.registries.get("dockerhub")?.rateLimit === "5/3600s",
      ],
      [
        { type: "RevokeCredential", registry: "dockerhub", secret: "hub-creds" },
        () => !classroom.engine.state.registries.dockerhub?.pullSecrets.includes("hub-creds"),
      ],
      [
        { type: "RestoreCredential", registry: "dockerhub", secret: "hub-creds" },
        () => classroom.engine.state.registries.dockerhub?.pullSecrets.includes("hub-creds"),
      ],
      [
        { type: "CrashDeployment", name: "shop", exitCode: 2 },
        () => [...state.pods.values()].some((p) => p.owner.startsWith("ReplicaSet/shop") && p.restarts > 0),
      ],
      [
        { type: "FailMaster", master: "master-1" },
        () => state.controlPlane.masters.get("master-1")?.up === false,
      ],
      [
        { type: "RecoverMaster", master: "master-1" },
        () => state.controlPlane.masters.get("master-1")?.up === true,
      ],
      [
        { type: "FailEtcdMember", master: "master-1" },
        () => state.controlPlane.masters.get("master-1")?.etcdUp === false,
      ],
      [
        { type: "RecoverEtcdMember", master: "master-1" },
        () => state.controlPlane.masters.get("master-1")?.etcdUp === true,
      ],
      [
        { type: "AddNode", provider: "aws", instanceType: "m5.large", name: "cloud-1" },
        () => classroom.engine.state.pendingNodes.some((n) => n.name === "cloud-1"),
      ],
      [
        { type: "RemoveNode", node: "worker-3" },
        () => classroom.engine.state.controllers.drainingNodes["worker-3"] || !state.nodes.has("worker-3"),
      ],
      [
        { type: "SetTraffic", service: "shop", rps: 50 },
        () => classroom.engine.state.traffic["default/shop"]?.rps === 50,
      ],
    ];
    for (const [command, effect] of faults) {
      const reply = await teacher.ask("command", { command });
      expect([command.type, reply]).toMatchObject([command.type, { ok: true }]);
      await waitFor(effect, `${command.type} took effect`);
    }
    await teacher.ask("session.end");

    const match = await server.archive.match(classroom.id);
    if (!match) throw new Error("no record");
    const instructorMoves = match.commands.filter(
      (c) =>
        c.seat === "instructor" && !["SetDriver", "SetSpeed", "SetQuota"].includes(String(c.command.type)),
    );
    expect(instructorMoves.map((c) => [c.command.type, c.ok])).toEqual(faults.map(([c]) => [c.type, true]));
    expect(instructorMoves.every((c) => c.player === undefined)).toBe(true);
    // the faults the replay's timeline marks (shared/replay/markers.ts FAULTS) are the instructor's
    const marked = faults.map(([c]) => String(c.type)).filter((type) => FAULTS.has(type));
    expect(marked.length).toBeGreaterThanOrEqual(10);
    expect(replayOf(match).mismatches).toEqual([]);
    await leaveAll(teacher.room);
  });
});
