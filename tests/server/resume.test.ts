import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MatchArchive } from "../../server/storage/MatchArchive.ts";
import { MatchDatabase } from "../../server/storage/MatchDatabase.ts";
import { SessionStore } from "../../server/storage/SessionStore.ts";
import type { SqliteMatchStore } from "../../server/storage/SqliteMatchStore.ts";
import type { ApiError, SessionPublicInfo } from "../../shared/protocol/http.ts";
import type { MatchRecord } from "../../shared/replay/record.ts";
import { exited, killChildren, startChild } from "../support/child.ts";
import { Api, joinInstructor, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { replayOf } from "../support/replay.ts";
import { startTestServer } from "../support/server.ts";

const dirs: string[] = [];
afterAll(() => {
  killChildren();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const ENV = { PORT: "0", MESSAGE_RATE: "1000", MESSAGE_BURST: "1000" };

describe("resuming live sessions after a restart", () => {
  it("a server killed with SIGKILL comes back with the same session, seats, scores and engine", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kubeclass-resume-"));
    dirs.push(dataDir);
    const first = await startChild({ ...ENV, DATA_DIR: dataDir });
    const api = new Api(first.url);
    const created = await api.createSession("first-pod", { speed: 10 });
    const teacher = await joinInstructor(first.url, created.code, created.instructorToken);
    const sched = await joinStudent(first.url, created.code, "Sched");
    const kube = await joinStudent(first.url, created.code, "Kube");
    const troll = await joinStudent(first.url, created.code, "Troll");
    const rooms = [teacher.room, sched.room, kube.room, troll.room];
    for (const room of rooms) room.reconnection.enabled = false;
    await sched.ask("seat.take", { seat: "scheduler" });
    await kube.ask("seat.take", { seat: "kubelet:worker-1" });
    await teacher.ask("player.ban", { playerId: troll.player.id });
    await teacher.ask("session.lock", { locked: true });
    await teacher.ask("session.leaderboard", { visible: true });
    await teacher.ask("session.start");
    expect(
      await sched.ask("command", { command: { type: "Bind", pod: "web", node: "worker-1" } }),
    ).toMatchObject({
      ok: true,
    });
    await waitFor(() => sched.room.state.players.get(sched.player.id)?.score === 10, "placement scored");
    await waitFor(() => teacher.room.state.session.tick >= 45, "a few simulated seconds");
    const lastSeen = teacher.room.state.session.tick;
    first.child.kill("SIGKILL");
    expect((await exited(first.child)).signal).toBe("SIGKILL");
    await leaveAll(...rooms);

    const second = await startChild({ ...ENV, DATA_DIR: dataDir });
    const api2 = new Api(second.url);
    const info = await api2.get<SessionPublicInfo>(`/api/sessions/${created.code}`);
    expect(info.body).toMatchObject({ code: created.code, status: "paused", locked: true, players: 2 });

    // the same instructor token, the settings as they were, little simulated time lost
    const teacher2 = await joinInstructor(second.url, created.code, created.instructorToken);
    const state = teacher2.room.state;
    expect(state.session).toMatchObject({
      status: "paused",
      locked: true,
      leaderboardVisible: true,
      speed: 10,
    });
    const resumedTick = state.session.tick;
    expect(resumedTick).toBeGreaterThanOrEqual(lastSeen - 10);
    expect(state.pods.get("default/web")?.node).toBe("worker-1");

    // students come back with their player token to their seat and score; the banned one does not
    const sched2 = await joinStudent(second.url, created.code, "", {
      playerToken: sched.player.token,
      deviceId: sched.deviceId,
    });
    const kube2 = await joinStudent(second.url, created.code, "", { playerToken: kube.player.token });
    expect(sched2.player).toMatchObject({ id: sched.player.id, nickname: "Sched", rejoined: true });
    await waitFor(() => sched2.room.state.players.get(sched.player.id)?.connected, "back on line");
    expect(sched2.room.state.players.get(sched.player.id)).toMatchObject({ seat: "scheduler", score: 10 });
    expect(sched2.room.state.players.get(kube.player.id)).toMatchObject({
      seat: "kubelet:worker-1",
      score: 0,
    });
    expect([...(sched2.room.state.seats.get("scheduler")?.holders ?? [])]).toEqual([sched.player.id]);
    expect(sched2.room.state.players.has(troll.player.id)).toBe(false);
    expect(state.instructor?.players.get(troll.player.id)).toMatchObject({ kicked: true, banned: true });
    const banned = await api2.join(created.code, {
      playerToken: troll.player.token,
      deviceId: troll.deviceId,
    });
    expect((banned.body as ApiError).error.reason).toBe("Banned");
    const stranger = await api2.join(created.code, { nickname: "New" });
    expect((stranger.body as ApiError).error.reason).toBe("SessionLocked");
    await waitFor(() => state.seats.get("scheduler")?.driver === "human", "the scheduler is human again");
    expect(state.seats.get("user")?.driver).toBe("bot");

    // the class goes on: time runs, a student's move lands in the same record
    await teacher2.ask("session.resume");
    await waitFor(() => state.session.tick >= resumedTick + 20, "the clock runs again");
    expect(await kube2.ask("command", { command: { type: "RenewLease", node: "worker-1" } })).toMatchObject({
      ok: true,
    });
    await teacher2.ask("session.end");
    const record = (
      await api2.get<MatchRecord>(`/api/sessions/${created.code}/record`, created.instructorToken)
    ).body;
    await leaveAll(teacher2.room, sched2.room, kube2.room);
    second.child.kill("SIGTERM");
    await exited(second.child);

    // one record across both processes: the checkpoint written at the resumed tick and the final hash of
    // the resumed engine are what a replay of the record computes
    expect(record.checkpoints.map((c) => c.tick)).toContain(resumedTick);
    const replay = replayOf(record);
    expect(replay.mismatches).toEqual([]);
    const database = MatchDatabase.open(dataDir);
    try {
      const archive = new MatchArchive(database);
      const session = archive.latestByCode(created.code);
      expect(session).toMatchObject({ endReason: "instructor", finalTick: record.endTick });
      expect(replay.engine.hash()).toBe(session?.finalHash);
      const kinds = archive.details(session?.id ?? "")?.events.map((e) => e.kind) ?? [];
      expect(kinds).toContain("session-restored");
      const resumedMoves = record.commands.filter(
        (c) => c.tick >= resumedTick && c.player === kube.player.id,
      );
      expect(resumedMoves.map((c) => c.command.type)).toContain("RenewLease");
    } finally {
      database.close();
    }
  });

  it("a stopped server suspends its sessions; the next one brings them back with their settings", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kubeclass-suspend-"));
    dirs.push(dataDir);
    const first = await startTestServer({ dataDir });
    const api = new Api(first.url);
    const created = await api.createSession("first-pod", { teamSize: 2, seatChoice: "assigned" });
    const ada = await joinStudent(first.url, created.code, "Ada");
    const act = (action: { type: string; [field: string]: unknown }) =>
      api.action(created.code, created.instructorToken, action);
    await act({ type: "seat.assign", playerId: ada.player.id, seat: "user" });
    await act({ type: "session.freeze", message: "Wait for me" });
    await act({ type: "session.wordFilter", enabled: true, allow: ["Scunthorpe"] });
    await act({ type: "session.speed", speed: 4 });
    await leaveAll(ada.room);
    await first.close();

    const second = await startTestServer({ dataDir });
    try {
      expect(second.resumed).toEqual([created.code]);
      const teacher = await joinInstructor(second.url, created.code, created.instructorToken);
      expect(teacher.room.state.session).toMatchObject({
        status: "lobby",
        frozen: true,
        freezeMessage: "Wait for me",
        teamSize: 2,
        seatChoice: "assigned",
        speed: 4,
      });
      expect([...(teacher.room.state.instructor?.allowedWords ?? [])]).toEqual(["Scunthorpe"]);
      expect(teacher.room.state.players.get(ada.player.id)).toMatchObject({ seat: "user", connected: false });
      const back = await joinStudent(second.url, created.code, "", { playerToken: ada.player.token });
      expect(await back.ask("command", { command: { type: "CordonNode", node: "worker-1" } })).toMatchObject({
        ok: false,
        reason: "Frozen",
      });
      await leaveAll(teacher.room, back.room);
    } finally {
      await second.close();
    }
  });

  it("while start-up brings a session back its code answers 503; one that cannot come back is closed", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kubeclass-broken-"));
    dirs.push(dataDir);
    const database = MatchDatabase.open(dataDir);
    const store = new SessionStore(database);
    store.createSession({
      id: "broken",
      code: "CRKNAX",
      scenarioName: "gone",
      scenarioTitle: "A scenario that no longer loads",
      scenarioSource: "upload",
      scenarioFiles: [{ file: "gone.yaml", text: "kind: Pod\nmetadata: {}\n" }],
      seed: 1,
      options: {},
      instructorTokenHash: "x",
      createdAt: Date.now(),
    });
    database.close();
    const server = await startTestServer({ dataDir });
    try {
      expect(server.resumed).toEqual([]);
      expect(await server.archive.session("broken")).toMatchObject({ endReason: "interrupted" });
      const api = new Api(server.url);
      expect((await api.get<ApiError>("/api/sessions/CRKNAX")).status).toBe(410);
      // a session left open that start-up has not brought back yet (as during a long re-simulation)
      new SessionStore((server.records as SqliteMatchStore).database).createSession({
        id: "pending",
        code: "PNDNGA",
        scenarioName: "first-pod",
        scenarioTitle: "Your first Pod",
        scenarioSource: "builtin",
        scenarioFiles: [{ file: "x.yaml", text: "" }],
        seed: 1,
        options: {},
        instructorTokenHash: "x",
        createdAt: Date.now(),
      });
      const resuming = await api.get<ApiError>("/api/sessions/PNDNGA");
      expect(resuming.status).toBe(503);
      expect(resuming.headers.get("retry-after")).toBe("2");
      expect(resuming.body.error.reason).toBe("SessionResuming");
    } finally {
      await server.stop();
    }
  });
});
