import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TICK_MS } from "../../shared/sim/engine/Engine.ts";
import { Api, joinInstructor, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(() => server.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Simulated ms per real ms, measured on the engine over `ms` of wall time. */
async function measuredSpeed(engine: { state: { tick: number } }, ms: number): Promise<number> {
  const t0 = engine.state.tick;
  const w0 = performance.now();
  await sleep(ms);
  return ((engine.state.tick - t0) * TICK_MS) / (performance.now() - w0);
}

describe("the simulation clock", () => {
  it("waits in the lobby, runs at the chosen speed, pauses and resumes", async () => {
    const created = await api.createSession();
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const student = await joinStudent(server.url, created.code, "Watcher");
    const engine = server.directory.get(created.code)?.classroom.engine;
    if (!engine) throw new Error("no engine");

    await sleep(100);
    expect(engine.state.tick).toBe(0);
    expect(await teacher.ask("session.pause")).toMatchObject({ ok: false, reason: "SessionNotRunning" });

    expect(await teacher.ask("session.speed", { speed: 10 })).toMatchObject({ ok: true });
    expect(await teacher.ask("session.start")).toMatchObject({ ok: true });
    expect(await teacher.ask("session.start")).toMatchObject({ ok: false, reason: "SessionAlreadyStarted" });
    const fast = await measuredSpeed(engine, 400);
    expect(fast).toBeGreaterThan(6);
    expect(fast).toBeLessThan(12);
    await waitFor(
      () => student.room.state.session.status === "running" && student.room.state.session.tick > 0,
      "running",
    );
    expect(student.room.state.session.speed).toBe(10);

    await teacher.ask("session.speed", { speed: 2 });
    const slow = await measuredSpeed(engine, 400);
    expect(slow).toBeGreaterThan(1);
    expect(slow).toBeLessThan(2.6);

    expect(await teacher.ask("session.pause")).toMatchObject({ ok: true });
    const paused = engine.state.tick;
    await sleep(150);
    expect(engine.state.tick).toBe(paused);
    await waitFor(() => student.room.state.session.status === "paused", "paused synced");
    const session = student.room.state.session;
    await waitFor(() => session.tick === paused, "tick synced");
    expect(session.now).toBe(session.startTime + paused * TICK_MS);

    expect(await teacher.ask("session.resume")).toMatchObject({ ok: true });
    await waitFor(() => engine.state.tick > paused + 2, "running again");
    const events = server.archive
      .details(server.directory.get(created.code)?.roomId ?? "")
      ?.events.map((e) => e.kind);
    expect(events).toEqual(
      expect.arrayContaining(["session-started", "session-speed", "session-paused", "session-resumed"]),
    );
    await leaveAll(teacher.room, student.room);
  });

  it("the scenario timeline and the bots run on the room clock", async () => {
    const created = await api.createSession("first-pod", { speed: 10 });
    const student = await joinStudent(server.url, created.code, "Ob");
    await api.action(created.code, created.instructorToken, { type: "session.start" });
    await waitFor(
      () => student.room.state.pods.get("default/web")?.status === "Running",
      "bot-run pod Running",
      8000,
    );
    const pod = student.room.state.pods.get("default/web");
    expect(pod?.node).toMatch(/^worker-\d$/);
    expect(pod?.readyContainers).toBe(1);
    expect(student.room.state.events.size).toBeGreaterThan(5);
    const node = student.room.state.nodes.get(pod?.node ?? "");
    expect(node?.requestedCpu).toBe(100);
    expect(node?.pods).toBe(1);
    await leaveAll(student.room);
  });
});
