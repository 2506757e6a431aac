import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionCreated } from "../../shared/protocol/http.ts";
import { type InstructorMessages, MESSAGE_TYPES, StudentMessages } from "../../shared/protocol/messages.ts";
import {
  Api,
  type Instructor,
  joinInstructor,
  joinStudent,
  pushesOf,
  type Student,
  waitFor,
} from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;
let created: SessionCreated;
let kubelet: Student;
let scheduler: Student;
let user: Student;
let lobby: Student;
let teacher: Instructor;

/** A valid payload for every instructor message (none may end or empty the session here). */
const INSTRUCTOR_SAMPLES: Record<keyof typeof InstructorMessages, object> = {
  "session.start": {},
  "session.pause": {},
  "session.resume": {},
  "session.speed": { speed: 2 },
  "session.lock": { locked: false },
  "session.lateJoin": { allowed: true },
  "session.seatChoice": { mode: "free" },
  "session.help": { level: "reasons" },
  "session.heartbeats": { manual: false },
  "session.teamSize": { size: 0 },
  "session.wordFilter": { enabled: true },
  "session.freeze": { message: "eyes on me" },
  "session.unfreeze": {},
  "session.leaderboard": { visible: true },
  hint: { text: "look at the taints" },
  "session.end": {},
  "seat.assign": { playerId: "p_x", seat: "user" },
  "player.kick": { playerId: "p_x" },
  "player.ban": { playerId: "p_x" },
  "player.unban": { playerId: "p_x" },
  "players.kick": { playerIds: ["p_x"] },
};

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
  created = await api.createSession();
  kubelet = await joinStudent(server.url, created.code, "Kubelet One");
  scheduler = await joinStudent(server.url, created.code, "Sched");
  user = await joinStudent(server.url, created.code, "User");
  lobby = await joinStudent(server.url, created.code, "Lobby");
  teacher = await joinInstructor(server.url, created.code, created.instructorToken);
  await kubelet.ask("seat.take", { seat: "kubelet:worker-1" });
  await scheduler.ask("seat.take", { seat: "scheduler" });
  await user.ask("seat.take", { seat: "user" });
});
afterAll(() => server.stop());

const engine = () => server.directory.get(created.code)?.classroom.engine;

describe("every message is authorised by seat", () => {
  it("covers every message type of the protocol", () => {
    expect(new Set(MESSAGE_TYPES)).toEqual(
      new Set([...Object.keys(StudentMessages), ...Object.keys(INSTRUCTOR_SAMPLES)]),
    );
  });

  it("a student sending any instructor control is refused, nothing changes", async () => {
    const before = engine()?.hash();
    for (const [type, payload] of Object.entries(INSTRUCTOR_SAMPLES)) {
      const reply = await lobby.ask(type, payload);
      expect([type, reply]).toEqual([
        type,
        {
          ok: false,
          reason: "NotInstructor",
          code: "notInstructor",
          params: { type },
          message: `Only the teacher can send "${type}".`,
        },
      ]);
    }
    expect(engine()?.hash()).toBe(before);
    expect(server.directory.get(created.code)?.classroom.status).toBe("lobby");
    expect(lobby.room.connection.isOpen).toBe(true);
  });

  it("a kubelet acting for another node is refused with the reason", async () => {
    const before = engine()?.hash();
    const reply = await kubelet.ask("command", {
      command: { type: "PullImage", node: "worker-2", pod: "web", container: "nginx" },
    });
    expect(reply).toMatchObject({ ok: false, reason: "Forbidden" });
    expect(reply.message).toContain("a kubelet may only act for its own node (worker-1)");
    const lease = await kubelet.ask("command", { command: { type: "RenewLease", node: "worker-3" } });
    expect(lease).toMatchObject({ ok: false, reason: "Forbidden" });
    expect(engine()?.hash()).toBe(before);
    const own = await kubelet.ask("command", { command: { type: "RenewLease", node: "worker-1" } });
    expect(own).toMatchObject({ ok: true });
  });

  it("each seat may only do its own job", async () => {
    const apply = {
      type: "Apply",
      manifest: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "x" },
        spec: { containers: [{ name: "a", image: "nginx" }] },
      },
    };
    const sched = await scheduler.ask("command", { command: apply });
    expect(sched).toMatchObject({ ok: false, reason: "Forbidden" });
    expect(sched.message).toContain("cannot Apply");
    const bind = await user.ask("command", { command: { type: "Bind", pod: "web", node: "worker-1" } });
    expect(bind).toMatchObject({ ok: false, reason: "Forbidden" });
    const fail = await user.ask("command", { command: { type: "FailNode", node: "worker-1" } });
    expect(fail).toMatchObject({ ok: false, reason: "Forbidden" });
    const setDriver = await user.ask("command", {
      command: { type: "SetDriver", seat: "scheduler", driver: "bot" },
    });
    expect(setDriver).toMatchObject({ ok: false, reason: "Forbidden" });
    expect(engine()?.state.seats.scheduler?.driver).toBe("human");
    expect(await user.ask("command", { command: apply })).toMatchObject({ ok: true });
  });

  it("a student in the lobby cannot act on the cluster; the instructor acts as the instructor seat", async () => {
    expect(await lobby.ask("command", { command: { type: "CordonNode", node: "worker-1" } })).toMatchObject({
      ok: false,
      reason: "NoSeat",
    });
    expect(await teacher.ask("command", { command: { type: "CordonNode", node: "worker-3" } })).toMatchObject(
      {
        ok: true,
      },
    );
    expect(engine()?.state.nodes["worker-3"]?.spec.unschedulable).toBe(true);
    expect(await teacher.ask("seat.take", { seat: "user" })).toMatchObject({
      ok: false,
      reason: "NotForInstructor",
    });
    const record = await server.archive.commands(server.directory.get(created.code)?.roomId ?? "");
    expect(record.at(-1)).toMatchObject({
      seat: "instructor",
      outcome: "accepted",
      command: { type: "CordonNode" },
    });
  });

  it("malformed messages are refused with a specific reason and counted, without disconnecting", async () => {
    const cases: [string, unknown, string][] = [
      ["seat.take", { seat: 5 }, "seat.take: seat: "],
      ["seat.take", {}, "seat.take: seat: "],
      ["seat.take", { seat: "user", extra: 1 }, "seat.take: "],
      ["seat.leave", { now: true }, "seat.leave: "],
      ["command", { command: 1, seat: "scheduler" }, "command: "],
    ];
    for (const [type, payload, fragment] of cases) {
      const reply = await lobby.ask(type, payload);
      expect(reply, `${type} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, reason: "Malformed" });
      if (!reply.ok) expect(reply.message).toContain(fragment);
    }
    // the command itself is the engine's to validate, for a seated player
    const engineCases: [unknown, string][] = [
      [undefined, "command: command: Invalid input"],
      [{ type: "Bind", pod: "web" }, "malformed command: node"],
      ["Bind web", "command: command: Invalid input: expected record"],
      [{ type: "Explode" }, "malformed command: type"],
    ];
    for (const [command, fragment] of engineCases) {
      const reply = await user.ask("command", command === undefined ? {} : { command });
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.message).toContain(fragment);
    }
    const huge = { type: "Apply", manifest: { kind: "ConfigMap", data: { blob: "x".repeat(70_000) } } };
    expect(await user.ask("command", { command: huge })).toMatchObject({ ok: false, reason: "TooLarge" });
    // a message literally named "*" (the wildcard's own name) is just another unknown type
    expect(await lobby.ask("*", { a: 1 })).toMatchObject({ ok: false, reason: "UnknownMessage" });
    lobby.room.send("no.such.message" as never, { a: 1 } as never);
    lobby.room.send("seat.take" as never, { seat: [] } as never);
    await waitFor(() => pushesOf(lobby.room, "refused").length >= 2, "two refused pushes");
    expect(pushesOf(lobby.room, "refused")).toEqual([
      expect.objectContaining({ type: "no.such.message", reason: "UnknownMessage" }),
      expect.objectContaining({ type: "seat.take", reason: "Malformed" }),
    ]);
    expect(lobby.room.connection.isOpen).toBe(true);
    await waitFor(
      () => (teacher.room.state.instructor?.players.get(lobby.player.id)?.malformed ?? 0) >= 6,
      "counted",
    );
    expect(teacher.room.state.instructor?.malformed).toBeGreaterThanOrEqual(6);
  });

  it("the HTTP instructor API needs the instructor token", async () => {
    const noToken = await api.action(created.code, "", { type: "session.pause" });
    expect(noToken.status).toBe(401);
    const wrong = await api.action(created.code, "not-the-token", { type: "session.pause" });
    expect(wrong.status).toBe(401);
    const student = await api.post(`/api/sessions/${created.code}/instructor`, {}, kubelet.player.token);
    expect(student.status).toBe(401);
    const ok = await api.action(created.code, created.instructorToken, { type: "session.speed", speed: 3 });
    expect(ok.body).toMatchObject({ ok: true });
    const bad = await api.action(created.code, created.instructorToken, { type: "session.speed", speed: 99 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, reason: "Malformed" });
  });
});
