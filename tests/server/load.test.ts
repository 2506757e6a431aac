import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DurationMeter } from "../../server/classroom/DurationMeter.ts";
import type { SessionHealth } from "../../server/http/health.ts";
import { Api, joinInstructor, leaveAll, waitFor } from "../support/classroom.ts";
import { localClassroom } from "../support/localClassroom.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

/**
 * What each session costs the event loop they all share: every engine tick and projection is measured,
 * a room step stops ticking at its time budget (the session falls behind instead of holding the loop),
 * and the figures reach the teacher's panel and /healthz.
 */
describe("the duration meter", () => {
  it("gives count, mean, p99 (to its bucket), max and rate over a sliding window", () => {
    const meter = new DurationMeter(60, 0);
    for (let i = 1; i <= 100; i++) meter.record(i / 10, 500);
    let stats = meter.stats(999);
    expect(stats.count).toBe(100);
    expect(stats.meanMs).toBeCloseTo(5.05, 5);
    expect(stats.maxMs).toBe(10);
    // the 99th of 100 samples is 9.9 ms: its bucket's upper edge, at most 15 % above
    expect(stats.p99Ms).toBeGreaterThanOrEqual(9.9);
    expect(stats.p99Ms).toBeLessThanOrEqual(10);
    expect(stats.perSecond).toBe(100);
    expect(stats.msPerSecond).toBeCloseTo(505, 5);
    meter.record(250, 30_500);
    stats = meter.stats(30_999);
    expect(stats.maxMs).toBe(250);
    expect(stats.count).toBe(101);
    // a minute later the first second has left the window
    stats = meter.stats(61_000);
    expect(stats.count).toBe(1);
    expect(stats.p99Ms).toBe(250);
    expect(meter.stats(200_000).count).toBe(0);
  });
});

describe("the room step's time budget", () => {
  it("a session whose ticks are slow runs fewer per step and falls behind, up to the catch-up limit", () => {
    let now = 0;
    const { classroom, teacher } = localClassroom("first-pod", {
      speed: 10,
      config: { stopwatch: () => now, stepBudgetMs: 10 },
    });
    const engine = classroom.engine;
    const tick = engine.tick.bind(engine);
    // every tick costs 6 ms of the stopwatch
    engine.tick = () => {
      now += 6;
      return tick();
    };
    teacher("session.start");
    // 100 ms at 10x: 10 ticks are due; the budget of 10 ms lets two run (6, then 12 ms)
    classroom.advance(100);
    expect(engine.state.tick).toBe(2);
    // the other 8 are owed: the next steps run them two at a time
    for (let i = 0; i < 4; i++) classroom.advance(1);
    expect(engine.state.tick).toBe(10);
    const load = classroom.load.load();
    expect(load.tick.count).toBe(10);
    expect(load.tick.meanMs).toBe(6);
  });
});

describe("the simulation's share of the event loop", () => {
  it("a session whose ticks cost more than SESSION_SIM_MS per second runs slower than real time", () => {
    let now = 0;
    const { classroom, teacher } = localClassroom("first-pod", {
      speed: 10,
      config: { stopwatch: () => now, stepBudgetMs: 1000, sessionSimMs: 100 },
    });
    const engine = classroom.engine;
    const tick = engine.tick.bind(engine);
    // every tick costs 30 ms: 10x speed would want 100 ticks (3 s of ticks) per second
    engine.tick = () => {
      now += 30;
      return tick();
    };
    teacher("session.start");
    const steps = 200;
    for (let i = 0; i < steps; i++) {
      now += 50;
      classroom.advance(50);
    }
    const seconds = now / 1000;
    const tickMs = engine.state.tick * 30;
    // at most its share (100 ms/s) plus the first second's burst and one tick over
    expect(tickMs).toBeLessThanOrEqual(100 * seconds + 100 + 30);
    expect(tickMs).toBeGreaterThan(0.8 * 100 * seconds);
  });
});

describe("load on the dashboard and /healthz", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("each live session's tick figures reach its teacher and /healthz (codes only for the admin)", async () => {
    const api = new Api(server.url);
    const created = await api.createSession("first-pod", { speed: 10 });
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    await teacher.ask("session.start");
    await waitFor(
      () => (teacher.room.state.instructor?.ticksPerSecond ?? 0) > 0,
      "tick rate on the panel",
      8000,
    );
    const panel = teacher.room.state.instructor;
    expect(panel?.tickMaxMs).toBeGreaterThan(0);
    expect(panel?.tickP99Ms).toBeLessThanOrEqual(panel?.tickMaxMs ?? 0);
    const health = await api.get<{ sessions: number; eventLoop: object; live: SessionHealth[] }>("/healthz");
    expect(health.status).toBe(200);
    const mine = health.body.live.find((s) => s.id === server.directory.get(created.code)?.roomId);
    expect(mine).toMatchObject({ scenario: "first-pod", status: "running" });
    expect(mine?.ticksPerSecond).toBeGreaterThan(0);
    expect(mine?.code).toBeUndefined();
    expect(health.body.eventLoop).toMatchObject({ delayP99Ms: expect.any(Number) });
    await leaveAll(teacher.room);
  });
});

describe("the patch interval", () => {
  it("follows what patches cost: cheap ones at the configured rate, a heavy room less often", async () => {
    const { LoadMonitor } = await import("../../server/classroom/LoadMonitor.ts");
    const { InstructorState } = await import("../../server/state/classroom.ts");
    const load = new LoadMonitor(new InstructorState(), () => 0);
    expect(load.patched(1, 0, 50)).toBe(50);
    // 25 ms per patch would be half the loop at 20 patches a second: 250 ms keeps it to 10 %
    let every = 50;
    for (let i = 0; i < 30; i++) every = load.patched(25, i, 50);
    expect(every).toBeGreaterThanOrEqual(200);
    expect(every).toBeLessThanOrEqual(1000);
    // and back when the churn stops
    for (let i = 0; i < 60; i++) every = load.patched(0.5, i, 50);
    expect(every).toBe(50);
  });
});
