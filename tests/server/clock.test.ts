import { describe, expect, it } from "vitest";
import { nodeOf } from "../../shared/protocol/nodeWire.ts";
import { receiveState } from "../../shared/protocol/receive.ts";
import { podOfSynced } from "../../shared/protocol/syncedPod.ts";
import { TICK_MS } from "../../shared/sim/engine/Engine.ts";
import { localClassroom } from "../support/localClassroom.ts";

/**
 * Time in a classroom, on a transport-free Classroom: the simulation clock moves only as the room's loop
 * hands it elapsed time (`advance`), the wall clock only when the test moves it. Nothing waits.
 */
describe("the simulation clock", () => {
  it("waits in the lobby, runs at the chosen speed, pauses and resumes", () => {
    const { classroom, teacher, events } = localClassroom();
    const engine = classroom.engine;

    classroom.advance(1000);
    expect(engine.state.tick).toBe(0);
    expect(teacher("session.pause")).toMatchObject({
      ok: false,
      reason: "SessionNotRunning",
      code: "notStarted",
    });

    expect(teacher("session.speed", { speed: 10 })).toMatchObject({
      ok: true,
      code: "speedSet",
      params: { speed: "10" },
    });
    expect(teacher("session.start")).toMatchObject({ ok: true, code: "started" });
    expect(teacher("session.start")).toMatchObject({ ok: false, reason: "SessionAlreadyStarted" });
    // 10x: 400 ms of room time are 4 simulated seconds, 40 ticks
    for (let i = 0; i < 4; i++) classroom.advance(100);
    expect(engine.state.tick).toBe(40);
    expect(classroom.state.session.status).toBe("running");
    expect(classroom.state.session.speed).toBe(10);

    expect(teacher("session.speed", { speed: 0.5 })).toMatchObject({ ok: true, message: "Speed 0.5x." });
    classroom.advance(1000);
    expect(engine.state.tick).toBe(40 + 500 / TICK_MS);

    expect(teacher("session.pause")).toMatchObject({ ok: true });
    expect(teacher("session.pause")).toMatchObject({ ok: false, code: "alreadyPaused" });
    const paused = engine.state.tick;
    classroom.advance(5000);
    expect(engine.state.tick).toBe(paused);
    classroom.flush();
    expect(classroom.state.session.status).toBe("paused");

    expect(teacher("session.resume")).toMatchObject({ ok: true });
    classroom.advance(1000);
    expect(engine.state.tick).toBe(paused + 5);
    // the latest tick's wall-clock time travels as an offset from the first tick's; a client reads it whole
    const { classroom: started, clock, teacher: start } = localClassroom();
    start("session.start");
    started.advance(100);
    const first = clock.now();
    clock.advance(2_500);
    started.advance(100);
    const session = started.state.session;
    expect([session.wallStart, session.tickedOffset]).toEqual([first, 2_500]);
    receiveState({ session } as never);
    expect((session as unknown as { tickedAt: number }).tickedAt).toBe(clock.now());
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["session-started", "session-speed", "session-paused", "session-resumed"]),
    );
  });

  it("after a stall it catches up at most 40 ticks instead of fast-forwarding the class", () => {
    const { classroom, teacher } = localClassroom();
    teacher("session.start");
    classroom.advance(60_000);
    expect(classroom.engine.state.tick).toBe(40);
  });

  it("the scenario timeline and the bots run on the classroom's clock", () => {
    const { classroom, teacher } = localClassroom("first-pod", { speed: 10 });
    teacher("session.start");
    for (let i = 0; i < 600 && classroom.engine.state.pods["default/web"]?.status.phase !== "Running"; i++) {
      classroom.advance(100);
    }
    classroom.flush();
    const wire = classroom.state.pods.get("default/web");
    const pod = wire && podOfSynced("default/web", wire, classroom.state);
    expect(pod?.status).toBe("Running");
    expect(pod?.node).toMatch(/^worker-\d$/);
    expect(pod?.readyContainers).toBe(1);
    expect(classroom.state.events.size).toBeGreaterThan(5);
    // what a node's pods request is summed by the client from the pods (nodeWire.ts)
    const node = classroom.state.nodes.get(pod?.node ?? "");
    const pods = new Map(pod ? [["default/web", pod]] : []);
    expect(node && nodeOf(node, pods)).toMatchObject({ requestedCpu: 100, pods: 1 });
  });
});

describe("the wall clock", () => {
  it("a join ticket opens one WebSocket, and only within a minute", () => {
    const { classroom, clock } = localClassroom();
    const admit = (nickname: string) => {
      const admitted = classroom.admission.admitStudent({
        nickname,
        deviceId: `device-${nickname}`,
        ip: "10.0.0.1",
      });
      if (!admitted.ok) throw new Error(admitted.message);
      return admitted;
    };
    const ada = admit("Ada");
    expect(classroom.admission.redeemTicket(ada.ticket)).toEqual({
      role: "student",
      playerId: ada.player.id,
    });
    expect(classroom.admission.redeemTicket(ada.ticket)).toBeUndefined();
    const bob = admit("Bob");
    clock.advance(60_001);
    expect(classroom.admission.redeemTicket(bob.ticket)).toBeUndefined();
  });

  it("a session is idle once nobody has been connected for SESSION_IDLE_MINUTES", () => {
    const { classroom, clock } = localClassroom("first-pod", { idleMinutes: 5 });
    const admitted = classroom.admission.admitStudent({
      nickname: "Ada",
      deviceId: "device-ada",
      ip: "10.0.0.1",
    });
    if (!admitted.ok) throw new Error(admitted.message);
    classroom.connections.connect("s1", { role: "student", playerId: admitted.player.id });
    clock.advance(10 * 60_000);
    expect(classroom.idle()).toBe(false);
    classroom.connections.disconnected("s1");
    clock.advance(5 * 60_000);
    expect(classroom.idle()).toBe(false);
    clock.advance(1);
    expect(classroom.idle()).toBe(true);
  });
});
