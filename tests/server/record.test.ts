import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MatchArchive } from "../../server/storage/MatchArchive.ts";
import { MatchDatabase } from "../../server/storage/MatchDatabase.ts";
import { MIGRATIONS } from "../../server/storage/migrations.ts";
import { SessionStore } from "../../server/storage/SessionStore.ts";
import type { MatchRecord } from "../../shared/replay/record.ts";
import type { AppliedCommand } from "../../shared/replay/recorder.ts";
import { Api, joinInstructor, joinStudent, leaveAll, waitFor } from "../support/classroom.ts";
import { replayOf } from "../support/replay.ts";
import { startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
let api: Api;

beforeAll(async () => {
  server = await startTestServer();
  api = new Api(server.url);
});
afterAll(() => server.stop());

describe("the match record", () => {
  it("reproduces a played match: replaying the recorded commands gives the same state hash", async () => {
    const created = await api.createSession("first-pod", { speed: 10, seed: 7 });
    const teacher = await joinInstructor(server.url, created.code, created.instructorToken);
    const sched = await joinStudent(server.url, created.code, "Sched");
    const user = await joinStudent(server.url, created.code, "User");
    await sched.ask("seat.take", { seat: "scheduler" });
    await user.ask("seat.take", { seat: "user" });
    await teacher.ask("session.start");
    const room = server.directory.get(created.code);
    if (!room) throw new Error("no session");
    const engine = room.classroom.engine;
    await waitFor(() => engine.state.tick > 5, "a few ticks");
    const manifest = (name: string) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name },
      spec: {
        containers: [{ name: "app", image: "redis:7.4-alpine", resources: { requests: { cpu: "250m" } } }],
      },
    });
    for (const [i, node] of ["worker-1", "worker-2", "worker-1"].entries()) {
      expect(
        await user.ask("command", { command: { type: "Apply", manifest: manifest(`app-${i}`) } }),
      ).toMatchObject({ ok: true });
      await waitFor(() => engine.state.tick > 10 * (i + 1), "time passes");
      expect(await sched.ask("command", { command: { type: "Bind", pod: `app-${i}`, node } })).toMatchObject({
        ok: true,
      });
    }
    expect(
      await sched.ask("command", { command: { type: "Bind", pod: "app-0", node: "worker-3" } }),
    ).toMatchObject({ ok: false });
    await teacher.ask("command", { command: { type: "FailNode", node: "worker-2" } });
    await leaveAll(sched.room);
    await waitFor(() => engine.state.tick > 60, "the bots carry on");
    const ended = await teacher.ask("session.end");
    expect(ended).toMatchObject({ ok: true });

    const details = await server.archive.details(room.roomId);
    const match = await server.archive.match(room.roomId);
    if (!details || !match) throw new Error("no record");
    expect(details.session).toMatchObject({
      code: created.code,
      scenarioName: "first-pod",
      seed: 7,
      endReason: "instructor",
    });
    const finalTick = details.session.finalTick ?? 0;
    expect(finalTick).toBeGreaterThan(60);
    // the human scheduler never placed "web": the scenario's first win condition is not met
    expect(match).toMatchObject({
      format: "kubeclass.match",
      seed: 7,
      endTick: finalTick,
      outcome: expect.stringMatching(/^lost: Pod web is Running and Ready \(web is Pending/),
    });
    expect(match.scenarioFiles[0]?.text).toContain("kind: Scenario");
    expect(match.commands.filter((c) => !c.ok)).toHaveLength(1);
    expect(match.checkpoints[0]).toEqual({ tick: 0, hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(match.players.map((p) => p.nickname).sort()).toEqual(["Sched", "User"]);
    expect(details.seatHolds).toContainEqual(
      expect.objectContaining({ seat: "scheduler", assignedBy: "self", toTick: expect.any(Number) }),
    );
    expect(match.occupancy).toContainEqual(
      expect.objectContaining({ seat: "scheduler", toTick: expect.any(Number) }),
    );
    const replay = replayOf(match);
    expect(replay.mismatches).toEqual([]);
    expect(replay.engine.state.tick).toBe(finalTick);
    expect(replay.engine.hash()).toBe(details.session.finalHash);
    // and the record really drives it: without the players' commands, another cluster
    const bare = replayOf({ ...match, commands: match.commands.filter((c) => c.player === undefined) });
    expect(bare.engine.hash()).not.toBe(details.session.finalHash);
    await leaveAll(teacher.room, user.room);
  });

  it("exposes the record to the instructor only, also after the end", async () => {
    const created = await api.createSession();
    const student = await joinStudent(server.url, created.code, "Rita");
    await api.action(created.code, created.instructorToken, { type: "session.end" });
    await waitFor(() => !student.room.connection.isOpen, "student disconnected at the end");
    expect((await api.get(`/api/sessions/${created.code}/record`)).status).toBe(401);
    expect((await api.get(`/api/sessions/${created.code}/record`, student.player.token)).status).toBe(401);
    const record = await api.get<MatchRecord>(
      `/api/sessions/${created.code}/record`,
      created.instructorToken,
    );
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({
      format: "kubeclass.match",
      outcome: expect.stringMatching(/^lost: /),
    });
    expect(record.body.players[0]?.nickname).toBe("Rita");
    expect(replayOf(record.body).mismatches).toEqual([]);
  });
});

describe("the SQLite file", () => {
  it("migrates once, writes synchronously, continues sequences and closes interrupted sessions", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeclass-db-"));
    try {
      const db = MatchDatabase.open(dir);
      expect(db.version).toBe(MIGRATIONS.length);
      expect((db.db.prepare("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode).toBe(
        "wal",
      );
      const store = new SessionStore(db);
      store.createSession({
        id: "s1",
        code: "ACDEFG",
        scenarioName: "x",
        scenarioTitle: "X",
        scenarioSource: "upload",
        scenarioFiles: [{ file: "x.yaml", text: "kind: Pod" }],
        seed: 1,
        options: {},
        instructorTokenHash: "h",
        createdAt: 1,
      });
      const clock = { now: () => 2 };
      const entry = (seq: number): AppliedCommand => ({
        seq,
        tick: 0,
        seat: "user",
        command: { type: "CordonNode", node: "worker-1" },
        outcome: "accepted",
        result: { ok: true },
      });
      const sink = store.recorderSink("s1", clock);
      sink.command(entry(1));
      sink.command(entry(2));
      // a second writer (another process after a restart) continues the sequence from the file
      const other = new SessionStore(db);
      expect(other.lastCommandSeq("s1")).toBe(2);
      other.recorderSink("s1", clock).command(entry(3));
      expect(() => sink.command(entry(3))).toThrow(/UNIQUE|constraint/);
      db.close();

      const reopened = MatchDatabase.open(dir);
      expect(reopened.version).toBe(MIGRATIONS.length);
      expect(new SessionStore(reopened).closeInterrupted(5)).toBe(1);
      const archive = new MatchArchive(reopened);
      expect(archive.session("s1")).toMatchObject({ endReason: "interrupted", endedAt: 5 });
      expect(archive.commands("s1").map((c) => c.seq)).toEqual([1, 2, 3]);
      expect(archive.latestByCode("ACDEFG")?.id).toBe("s1");
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
