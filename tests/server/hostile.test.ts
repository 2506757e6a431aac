import { Protocol } from "@colyseus/core";
import { encode, type Iterator } from "@colyseus/schema";
import { Client } from "@colyseus/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiError, SessionCreated } from "../../shared/protocol/http.ts";
import { CloseCodes, type RefusedMessage, type Reply } from "../../shared/protocol/replies.ts";
import {
  Api,
  type ClassRoom,
  joinInstructor,
  joinStudent,
  leaveAll,
  pushesOf,
  type Student,
  waitFor,
} from "../support/classroom.ts";
import { FakeClock } from "../support/fakeClock.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/**
 * The hostile student and the careless teacher, with real SDK clients on a real server: what a kick or
 * a ban leaves them (nothing: no reconnection, not one more byte), who may take a place, and the answers
 * the protocol promises to odd messages (an unknown type, undecodable msgpack, byte messages, a write
 * from the lobby) without a disconnection.
 */
let server: TestServer;
let api: Api;
/** The server's wall clock: place holds and rate limits move only when the test says so. */
const clock = new FakeClock();

beforeAll(async () => {
  server = await startTestServer({ clock, reconnectSeconds: 30, placeHoldSeconds: 30 });
  api = new Api(server.url);
});
afterAll(() => server.stop());

const reasonOf = (body: unknown) => (body as ApiError).error?.reason;

/** Every frame the client's socket receives from now on, counted (patches, pushes, anything). */
function frameCounter(room: ClassRoom): () => number {
  let frames = 0;
  const events = room.connection.events as { onmessage?: (event: MessageEvent) => void };
  const original = events.onmessage;
  events.onmessage = (event: MessageEvent) => {
    frames++;
    original?.(event);
  };
  return () => frames;
}

function closed(room: ClassRoom): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => room.onLeave((code, reason) => resolve({ code, reason: reason ?? "" })));
}

/** A student who keeps the reconnection token and counts what reaches them after they are removed. */
async function hostileStudent(code: string, nickname: string, deviceId?: string) {
  const student = await joinStudent(server.url, code, nickname, deviceId ? { deviceId } : {});
  // the SDK would try to come back by itself on a drop; this student does it by hand, on purpose
  student.room.reconnection.enabled = false;
  return { student, token: student.room.reconnectionToken, frames: frameCounter(student.room) };
}

async function expectNoWayBack(token: string, frames: () => number): Promise<void> {
  const before = frames();
  await expect(new Client(server.url).reconnect(token)).rejects.toThrow();
  // the room keeps ticking and patching the others meanwhile
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(frames()).toBe(before);
}

describe("kick and ban hold", () => {
  it("a kicked student cannot reconnect with their token and receives nothing more", async () => {
    const created = await api.createSession("first-pod", { speed: 10 });
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    await teacher.ask("session.start");
    const { student, token, frames } = await hostileStudent(created.code, "Eve");
    const gone = closed(student.room);
    expect(await teacher.ask("player.kick", { playerId: student.player.id })).toMatchObject({ ok: true });
    expect(await gone).toEqual({ code: CloseCodes.KICKED, reason: "removedByTeacher" });
    await expectNoWayBack(token, frames);
    const again = await api.join(created.code, {
      playerToken: student.player.token,
      deviceId: student.deviceId,
    });
    expect(reasonOf(again.body)).toBe("Kicked");
    await leaveAll(teacher.room);
  });

  it("a student kicked while their connection was away cannot come back on it either", async () => {
    const created = await api.createSession();
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const { student, token, frames } = await hostileStudent(created.code, "Away");
    // the connection drops without a goodbye: its seat is held for a reconnection
    (student.room.connection as unknown as { close(): void }).close();
    await waitFor(
      () => teacher.room.state.instructor?.players.get(student.player.id)?.connected === false,
      "dropped",
    );
    expect(await teacher.ask("player.kick", { playerId: student.player.id })).toMatchObject({ ok: true });
    await expectNoWayBack(token, frames);
    await leaveAll(teacher.room);
  });

  it("a ban holds against the token, the device, the connection and, when the teacher says so, the address", async () => {
    const created = await api.createSession();
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const classmate = await joinStudent(server.url, created.code, "Classmate");
    const { student, token, frames } = await hostileStudent(created.code, "Mallory");
    const gone = closed(student.room);
    expect(await teacher.ask("player.ban", { playerId: student.player.id })).toMatchObject({
      ok: true,
      code: "playerBanned",
    });
    expect(await gone).toEqual({ code: CloseCodes.BANNED, reason: "deviceBanned" });
    await expectNoWayBack(token, frames);
    const byToken = await api.join(created.code, {
      playerToken: student.player.token,
      deviceId: "another-device",
    });
    expect(reasonOf(byToken.body)).toBe("Banned");
    expect(
      reasonOf((await api.join(created.code, { nickname: "Trent", deviceId: student.deviceId })).body),
    ).toBe("Banned");
    // a device ban alone: a new device and nickname from the same address gets in (a classroom's NAT)
    const sneaky = await api.join(created.code, { nickname: "Sneaky", deviceId: "new-laptop" });
    expect(sneaky.status).toBe(200);

    // the address too, on the teacher's say: told how many others share it
    expect(await teacher.ask("player.ban", { playerId: student.player.id, address: true })).toMatchObject({
      ok: true,
      code: "playerBannedAddress",
      params: { nickname: "Mallory", others: 2 },
    });
    await waitFor(
      () => teacher.room.state.instructor?.players.get(student.player.id)?.addressBanned,
      "address ban shown to the teacher",
    );
    const blocked = await api.join(created.code, { nickname: "Another", deviceId: "third-laptop" });
    expect(blocked.status).toBe(403);
    expect((blocked.body as ApiError).error).toMatchObject({ reason: "Banned", code: "addressBanned" });
    // players already in from the address keep their place
    const back = await api.join(created.code, {
      playerToken: classmate.player.token,
      deviceId: classmate.deviceId,
    });
    expect(back.status).toBe(200);

    // reversible: unbanning lifts device and address
    expect(await teacher.ask("player.unban", { playerId: student.player.id })).toMatchObject({ ok: true });
    expect((await api.join(created.code, { nickname: "Another", deviceId: "third-laptop" })).status).toBe(
      200,
    );
    const row = (
      await server.archive.details(server.directory.get(created.code)?.roomId ?? "")
    )?.players.find((p) => p.id === student.player.id);
    expect(row?.bannedAt).toBeUndefined();
    await leaveAll(teacher.room, classmate.room);
  });

  it("the teacher removes several players at once", async () => {
    const created = await api.createSession();
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const crowd = await Promise.all(["A1", "A2", "A3"].map((n) => hostileStudent(created.code, n)));
    const stays = await joinStudent(server.url, created.code, "Stays");
    const gone = crowd.map((c) => closed(c.student.room));
    expect(
      await teacher.ask("players.kick", { playerIds: crowd.map((c) => c.student.player.id), ban: true }),
    ).toMatchObject({ ok: true, code: "playersBanned", params: { n: 3 } });
    expect((await Promise.all(gone)).map((c) => c.code)).toEqual([
      CloseCodes.BANNED,
      CloseCodes.BANNED,
      CloseCodes.BANNED,
    ]);
    for (const c of crowd) await expectNoWayBack(c.token, c.frames);
    await waitFor(() => stays.room.state.players.size === 1, "only one left in the lobby");
    expect(stays.room.connection.isOpen).toBe(true);
    expect(await teacher.ask("players.kick", { playerIds: ["p_nobody"] })).toMatchObject({
      ok: false,
      reason: "PlayerUnknown",
    });
    await leaveAll(teacher.room, stays.room);
  });
});

describe("places in a full session", () => {
  it("players who left free their place after the hold; coming back then needs room", async () => {
    const created = await api.createSession("first-pod", { maxPlayers: 2 });
    const first = await joinStudent(server.url, created.code, "First");
    const second = await joinStudent(server.url, created.code, "Second");
    const full = await api.join(created.code, { nickname: "Third" });
    expect(full.status).toBe(409);
    expect(reasonOf(full.body)).toBe("SessionFull");
    await leaveAll(first.room, second.room);
    await waitFor(() => server.directory.get(created.code)?.classroom.connections.size === 0, "both left");
    // within the hold their places wait for them
    clock.advance(20_000);
    expect((await api.join(created.code, { nickname: "Third" })).status).toBe(409);
    // past it, the places are free: joining and leaving cannot fill a session
    clock.advance(15_000);
    const third = await api.join(created.code, { nickname: "Third" });
    expect(third.status).toBe(200);
    const fourth = await api.join(created.code, { nickname: "Fourth" });
    expect(fourth.status).toBe(200);
    // the first comes back by token: the class took the places meanwhile
    const late = await api.join(created.code, { playerToken: first.player.token, deviceId: first.deviceId });
    expect(late.status).toBe(409);
    expect(reasonOf(late.body)).toBe("SessionFull");
  });
});

describe("big writes", () => {
  it("a line makes at most 50 changes, in one commit; its files are parsed off the event loop", async () => {
    const created = await api.createSession();
    const student = await joinStudent(server.url, created.code, "Writer");
    await student.ask("seat.take", { seat: "user" });
    const pods = Array.from(
      { length: 60 },
      (_, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p-${i}\n  labels: {app: bulk}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n`,
    ).join("---\n");
    expect(pods.length).toBeGreaterThan(1024);
    const reply = (await student.ask("kubectl", {
      line: "kubectl apply -f pods.yaml",
      files: { "pods.yaml": pods },
    })) as Reply<{ stdout: string; stderr: string; exitCode: number; commands: number[] }>;
    expect(reply).toMatchObject({ ok: true, exitCode: 1 });
    if (!reply.ok) return;
    expect(reply.commands).toHaveLength(50);
    expect(reply.stdout.split("\n").filter((l) => l.endsWith(" created"))).toHaveLength(50);
    expect(reply.stderr).toContain("this console makes at most 50 changes per command");
    const room = server.directory.get(created.code);
    const recorded = (await server.archive.commands(room?.roomId ?? "")).filter((c) =>
      reply.commands.includes(c.seq),
    );
    expect(recorded).toHaveLength(50);
    // a broken file is kubectl's error, parsed on the worker as it would be here (kubectl stops reading at
    // the broken document: nothing after it is applied)
    expect(
      await student.ask("kubectl", {
        line: "kubectl apply -f bad.yaml",
        files: { "bad.yaml": `kind: [\n---\n${pods}` },
      }),
    ).toMatchObject({
      ok: true,
      exitCode: 1,
      stdout: "",
      stderr: expect.stringMatching(/^error: error parsing bad\.yaml/),
    });
    await leaveAll(student.room);
  });
});

/** Colyseus' matchmaker is one per process: the tests below start other servers, so they come last. */
describe("odd messages get the answer the protocol promises, and the sender stays", () => {
  let created: SessionCreated;
  let lobby: Student;

  beforeAll(async () => {
    created = await api.createSession();
    lobby = await joinStudent(server.url, created.code, "Odd");
  });
  afterAll(() => leaveAll(lobby.room));

  it("a kubectl change from the lobby is refused with what to do", async () => {
    expect(await lobby.ask("kubectl", { line: "kubectl cordon worker-1" })).toMatchObject({
      ok: false,
      reason: "NoSeat",
      code: "kubectlNeedsSeat",
    });
    expect(await lobby.ask("kubectl", { line: "kubectl get nodes" })).toMatchObject({
      ok: true,
      exitCode: 0,
    });
  });

  it("a request of an unknown type is answered UnknownMessage", async () => {
    expect(await lobby.ask("no.such.request", { a: 1 })).toMatchObject({
      ok: false,
      reason: "UnknownMessage",
      params: { type: "no.such.request" },
    });
    expect(await lobby.ask("*", {})).toMatchObject({ ok: false, reason: "UnknownMessage" });
  });

  it("undecodable msgpack and byte messages are refused, not disconnected", async () => {
    const room = lobby.room;
    const before = pushesOf(room, "refused").length;
    // a ROOM_DATA frame for "kubectl" whose payload is a msgpack array cut short
    const it: Iterator = { offset: 1 };
    const frame = new Uint8Array(64);
    frame[0] = Protocol.ROOM_DATA;
    encode.string(frame as Buffer, "kubectl", it);
    frame.set([0x92, 0x01], it.offset);
    (room.connection as unknown as { send(data: Uint8Array): void }).send(frame.subarray(0, it.offset + 2));
    room.sendBytes("kubectl" as never, new Uint8Array([1, 2, 3]));
    await waitFor(() => pushesOf(room, "refused").length >= before + 2, "two refusals");
    const [undecodable, bytes] = pushesOf(room, "refused").slice(before) as RefusedMessage[];
    expect(undecodable).toMatchObject({ reason: "Malformed", code: "undecodable", type: "kubectl" });
    expect(bytes).toMatchObject({ reason: "UnknownMessage", type: "bytes:kubectl" });
    expect(room.connection.isOpen).toBe(true);
    expect(await lobby.ask("kubectl", { line: "kubectl get nodes" })).toMatchObject({ ok: true });
  });
});

describe("stopping the server", () => {
  it("closes every connection with SERVER_RESTARTING and the phrase saying the session comes back", async () => {
    const own = await startTestServer();
    const ownApi = new Api(own.url);
    const created = await ownApi.createSession();
    const student = await joinStudent(own.url, created.code, "Sleepy");
    const teacher = await joinInstructor(own.url, created.code, created.instructorToken);
    const studentClosed = closed(student.room);
    const teacherClosed = closed(teacher.room);
    await own.stop();
    expect(await studentClosed).toEqual({ code: CloseCodes.SERVER_RESTARTING, reason: "serverRestarting" });
    expect(await teacherClosed).toEqual({ code: CloseCodes.SERVER_RESTARTING, reason: "serverRestarting" });
  });
});

/** A scenario of `nodes` Nodes: 8,000 fit in the 512 KB a file may have, and take ~0.4 s to parse. */
function manyNodes(nodes: number): string {
  const docs: string[] = [];
  for (let i = 0; i < nodes; i++) docs.push(`apiVersion: v1\nkind: Node\nmetadata: {name: n${i}}\n`);
  return docs.join("---\n");
}

/** The longest the event loop went without running a 1 ms timer while `work` ran. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return longest;
}

describe("scenario checks and uploads", () => {
  const ADMIN = "admin-secret-456";
  let own: TestServer;
  let ownApi: Api;
  beforeAll(async () => {
    own = await startTestServer({ adminToken: ADMIN, scenarioRateLimit: 4, clock: new FakeClock() });
    ownApi = new Api(own.url);
  });
  afterAll(() => own.stop());

  it("need ADMIN_TOKEN when the server has one, and are rate-limited per address", async () => {
    const files = [{ file: "a.yaml", text: manyNodes(2) }];
    const anonymous = await ownApi.post("/api/scenarios/validate", { files });
    expect(anonymous.status).toBe(401);
    expect((anonymous.body as ApiError).error).toMatchObject({
      reason: "NotAdmin",
      code: "needsAdminForScenarios",
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await ownApi.post("/api/scenarios/validate", { files }, ADMIN)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    // an upload spends from the same budget
    const upload = await ownApi.post("/api/sessions", { files }, ADMIN);
    expect(upload.status).toBe(429);
    expect((upload.body as ApiError).error.reason).toBe("RateLimited");
  });

  it("are parsed off the event loop: a maximal file does not stall the server", async () => {
    const text = manyNodes(8000);
    expect(text.length).toBeLessThanOrEqual(512 * 1024);
    // the worker threads are up (a thread's start is not what is measured)
    await api.post("/api/scenarios/validate", { files: [{ file: "small.yaml", text: manyNodes(1) }] });
    let reply: unknown;
    const stall = await longestStall(async () => {
      reply = (await api.post("/api/scenarios/validate", { files: [{ file: "big.yaml", text }] })).body;
    });
    // parsed and checked whole: beyond this server's quota of Nodes, it is refused and says so
    expect(reply).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([
        expect.objectContaining({ message: expect.stringContaining("8000 Nodes") }),
      ]),
    });
    // parsing on the event loop held it ~0.4 s (more on a busy machine); the request's own JSON body
    // (0.4 MB) costs a few ms, and a machine shared with other work adds its own scheduling delays
    expect(stall).toBeLessThan(200);
  });
});

describe("heavy requests cost their sender, not the other classes", () => {
  let own: TestServer;
  let ownApi: Api;
  beforeAll(async () => {
    // budgets small enough that a handful of big reads overdraws them (time measured for real)
    own = await startTestServer({ seatWorkMs: 2, sessionWorkMs: 4, messageRate: 1000, messageBurst: 1000 });
    ownApi = new Api(own.url);
  });
  afterAll(() => own.stop());

  it("an overdrawn seat, then class, is refused OverBudget; the teacher and other classes are served", async () => {
    const created = await ownApi.createSession();
    const teacher = await joinInstructor(own.url, created.code, created.instructorToken);
    const greedy = await joinStudent(own.url, created.code, "Greedy");
    const classmate = await joinStudent(own.url, created.code, "Classmate");
    const other = await ownApi.createSession();
    const elsewhere = await joinStudent(own.url, other.code, "Elsewhere");
    await greedy.ask("seat.take", { seat: "user" });
    expect(
      await greedy.ask("kubectl", {
        line: "kubectl create deployment big --image=nginx:1.27 --replicas=400",
      }),
    ).toMatchObject({ ok: true, exitCode: 0 });
    let refused: Reply<Record<string, unknown>> | undefined;
    for (let i = 0; i < 200 && !refused; i++) {
      const reply = await greedy.ask("kubectl", { line: "kubectl get pods -o yaml" });
      if (!reply.ok) refused = reply;
    }
    expect(refused).toMatchObject({
      reason: "OverBudget",
      code: "seatOverBudget",
      params: { seconds: expect.any(Number) },
    });
    // the class's allowance goes too as the classmate keeps at it
    let classRefused: Reply<Record<string, unknown>> | undefined;
    for (let i = 0; i < 200 && !classRefused; i++) {
      const reply = await classmate.ask("kubectl", { line: "kubectl get pods -o yaml" });
      if (!reply.ok && reply.code === "classOverBudget") classRefused = reply;
    }
    expect(classRefused).toMatchObject({ reason: "OverBudget" });
    // the teacher is charged but never refused; another class is untouched
    expect(await teacher.ask("kubectl", { line: "kubectl get nodes" })).toMatchObject({ ok: true });
    expect(await elsewhere.ask("kubectl", { line: "kubectl get pods -o yaml" })).toMatchObject({ ok: true });
    await waitFor(
      () => (teacher.room.state.instructor?.overBudget ?? 0) >= 2,
      "refusals on the teacher's panel",
    );
    await leaveAll(teacher.room, greedy.room, classmate.room, elsewhere.room);
  });
});
