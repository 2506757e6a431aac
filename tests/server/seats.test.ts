import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  const room = server.directory.get(code);
  if (!room) throw new Error(`no live session ${code}`);
  return room.classroom.engine;
};

describe("seats, bots and views", () => {
  it("a student takes a free seat: the bot stops; leaving hands it back to the bot", async () => {
    const created = await api.createSession();
    const ada = await joinStudent(server.url, created.code, "Ada");
    const reply = await ada.ask("seat.take", { seat: "scheduler" });
    expect(reply).toMatchObject({ ok: true });
    expect(engineOf(created.code).state.seats.scheduler?.driver).toBe("human");
    await waitFor(() => ada.room.state.seats.get("scheduler")?.driver === "human", "synced driver human");
    expect([...(ada.room.state.seats.get("scheduler")?.holders ?? [])]).toEqual([ada.player.id]);
    expect(ada.room.state.players.get(ada.player.id)?.seat).toBe("scheduler");

    expect(await ada.ask("seat.leave")).toMatchObject({ ok: true });
    expect(engineOf(created.code).state.seats.scheduler?.driver).toBe("bot");
    await waitFor(() => ada.room.state.seats.get("scheduler")?.driver === "bot", "synced driver bot");

    await ada.ask("seat.take", { seat: "scheduler" });
    expect(engineOf(created.code).state.seats.scheduler?.driver).toBe("human");
    await leaveAll(ada.room);
    await waitFor(
      () => engineOf(created.code).state.seats.scheduler?.driver === "bot",
      "bot back after leave",
    );
    const record = await server.archive.commands(server.directory.get(created.code)?.roomId ?? "");
    type SetDriver = { type: string; seat: string; driver: string; pace?: string };
    const drivers = record.filter((c) => (c.command as SetDriver).type === "SetDriver");
    expect(drivers.every((c) => c.outcome === "accepted" && c.seat === "instructor")).toBe(true);
    // every bot starts at a human-like pace, recorded at tick 0
    const seats = Object.keys(engineOf(created.code).state.seats);
    const paced = drivers
      .filter((c) => c.tick === 0 && c.playerId === undefined)
      .map((c) => c.command as SetDriver);
    expect(paced.map((c) => c.seat).sort()).toEqual(seats.sort());
    expect(paced.every((c) => c.driver === "bot" && c.pace === "human")).toBe(true);
    const scheduler = drivers
      .map((c) => c.command as SetDriver)
      .filter((c) => c.seat === "scheduler")
      .slice(1);
    expect(scheduler).toEqual([
      { type: "SetDriver", seat: "scheduler", driver: "human" },
      { type: "SetDriver", seat: "scheduler", driver: "bot", pace: "human" },
      { type: "SetDriver", seat: "scheduler", driver: "human" },
      { type: "SetDriver", seat: "scheduler", driver: "bot", pace: "human" },
    ]);
  });

  it("while a human holds the scheduler the bot does not schedule; their Bind does", async () => {
    const created = await api.createSession("first-pod", { speed: 10 });
    const sam = await joinStudent(server.url, created.code, "Sam");
    await sam.ask("seat.take", { seat: "scheduler" });
    await api.action(created.code, created.instructorToken, { type: "session.start" });
    const engine = engineOf(created.code);
    await waitFor(() => engine.state.tick >= 20, "2 s of simulated time");
    expect(engine.state.pods["default/web"]?.spec.nodeName).toBeUndefined();
    await waitFor(
      () => sam.room.state.pods.get("default/web")?.status === "Pending",
      "pod synced as Pending",
    );

    const bind = await sam.ask("command", { command: { type: "Bind", pod: "web", node: "worker-2" } });
    expect(bind).toMatchObject({ ok: true });
    expect((bind as { seq?: unknown }).seq).toBeTypeOf("number");
    await waitFor(
      () => sam.room.state.pods.get("default/web")?.node === "worker-2",
      "pod bound in synced state",
    );
    // the placement is judged against the default scheduler: its points are the player's score
    const judgement = await waitFor(
      () => pushesOf(sam.room, "judgement")[0] as { kind: string; value: number; points: number } | undefined,
      "judgement pushed",
    );
    expect(judgement).toMatchObject({
      kind: "placement",
      seat: "scheduler",
      driver: "human",
      subject: "default/web",
    });
    expect(judgement.points).toBe(judgement.value / 10);
    await waitFor(
      () => sam.room.state.players.get(sam.player.id)?.score === judgement.points,
      "score is the judgement's points",
    );
    expect(judgement.points).toBeGreaterThan(0);
    await leaveAll(sam.room);
  });

  it("seats handed out by the instructor; team size; unknown seats", async () => {
    const created = await api.createSession("first-pod", { seatChoice: "assigned" });
    const a = await joinStudent(server.url, created.code, "Alan");
    const b = await joinStudent(server.url, created.code, "Barbara");
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    expect(await a.ask("seat.take", { seat: "user" })).toMatchObject({
      ok: false,
      reason: "SeatChoiceClosed",
    });
    expect(
      await teacher.ask("seat.assign", { playerId: a.player.id, seat: "kubelet:worker-1" }),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await teacher.ask("seat.assign", { playerId: b.player.id, seat: "kubelet:worker-1" }),
    ).toMatchObject({
      ok: true,
    });
    await waitFor(() => a.room.state.seats.get("kubelet:worker-1")?.holders.length === 2, "a team of two");
    expect(await teacher.ask("seat.assign", { playerId: "p_nobody", seat: "user" })).toMatchObject({
      ok: false,
      reason: "PlayerUnknown",
    });

    await teacher.ask("session.seatChoice", { mode: "free" });
    await teacher.ask("session.teamSize", { size: 2 });
    const c = await joinStudent(server.url, created.code, "Claude");
    expect(await c.ask("seat.take", { seat: "kubelet:worker-1" })).toMatchObject({
      ok: false,
      reason: "SeatFull",
    });
    expect(await c.ask("seat.take", { seat: "kubelet:worker-9" })).toMatchObject({
      ok: false,
      reason: "SeatUnknown",
    });
    expect(await c.ask("seat.take", { seat: "kube-proxy:worker-1" })).toMatchObject({ ok: true });

    // one of the team leaves: the other keeps the seat human
    await leaveAll(a.room);
    await waitFor(() => !b.room.state.players.get(a.player.id)?.connected, "Alan shown disconnected");
    expect(engineOf(created.code).state.seats["kubelet:worker-1"]?.driver).toBe("human");
    await teacher.ask("seat.assign", { playerId: b.player.id, seat: null });
    expect(engineOf(created.code).state.seats["kubelet:worker-1"]?.driver).toBe("bot");
    await leaveAll(b.room, c.room, teacher.room);
  });

  it("views: a kubelet sees its own machine, the instructor sees everything, students no instructor data", async () => {
    const created = await api.createSession();
    const k = await joinStudent(server.url, created.code, "Kim");
    const s = await joinStudent(server.url, created.code, "Sol");
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    await k.ask("seat.take", { seat: "kubelet:worker-1" });
    await waitFor(
      () => k.room.state.nodes.get("worker-1")?.machine !== undefined,
      "kubelet sees its machine",
    );
    expect(k.room.state.nodes.get("worker-1")?.machine?.up).toBe(true);
    expect(k.room.state.nodes.get("worker-2")?.machine).toBeUndefined();
    expect(s.room.state.nodes.get("worker-1")?.machine).toBeUndefined();
    expect(k.room.state.instructor).toBeUndefined();
    expect(s.room.state.instructor).toBeUndefined();
    await waitFor(() => teacher.room.state.instructor?.players.size === 2, "instructor sees the players");
    const admin = teacher.room.state.instructor?.players.get(k.player.id);
    expect(admin?.device).toMatch(/^[\w-]{8}$/);
    expect(admin?.ip).toBeTruthy();
    for (const name of ["worker-1", "worker-2", "worker-3"]) {
      expect(teacher.room.state.nodes.get(name)?.machine).toBeDefined();
    }
    // moving to another node's kubelet moves the view
    await k.ask("seat.take", { seat: "kubelet:worker-3" });
    await waitFor(() => k.room.state.nodes.get("worker-3")?.machine !== undefined, "new node's machine");
    await leaveAll(k.room, s.room, teacher.room);
  });
});
