import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../server/log.ts";
import { JoinCodeTaken, type MatchStore } from "../../server/storage/MatchStore.ts";
import { PgMatchStore } from "../../server/storage/postgres/PgMatchStore.ts";
import type { NewSession } from "../../server/storage/SessionStore.ts";
import { SqliteMatchStore } from "../../server/storage/SqliteMatchStore.ts";
import { createDatabase, type Service, servicesInstalled, startPostgres } from "../support/services.ts";

const log = createLogger("silent");
const clock = { now: () => 1_700_000_000_000 };

function newSession(id: string, code: string): NewSession {
  return {
    id,
    code,
    scenarioName: "first-pod",
    scenarioTitle: "Your first Pod",
    scenarioSource: "builtin",
    scenarioFiles: [{ file: "first-pod.yaml", text: "kind: Scenario" }],
    seed: 4_000_000_000,
    options: { maxPlayers: 30 },
    instructorTokenHash: "hash",
    createdAt: 1_700_000_000_000,
  };
}

/** The same story written through either backend. */
async function play(store: MatchStore, id: string, code: string): Promise<void> {
  const w = store.writer;
  await w.createSession(newSession(id, code));
  const sink = w.recorderSink(id, clock);
  sink.checkpoint({ tick: 0, hash: "h0" });
  w.sessionStarted(id, 1_700_000_000_100);
  w.addPlayer(id, {
    id: "p1",
    nickname: "Ada",
    tokenHash: "t1",
    deviceHash: "d1",
    ip: "10.0.0.1",
    joinedAt: 5,
  });
  w.addPlayer(id, { id: "p2", nickname: "Bob", tokenHash: "t2", deviceHash: "d2", joinedAt: 6 });
  w.seatChanged(id, "p1", "scheduler", 3, 7, "self");
  w.batch(() => {
    for (let seq = 1; seq <= 3; seq++) {
      sink.command({
        seq,
        tick: seq * 2,
        seat: "scheduler",
        player: "p1",
        command: { type: "Bind", pod: `web-${seq}`, node: "worker-1" },
        outcome: seq === 2 ? "refused" : "accepted",
        result:
          seq === 2 ? ({ ok: false, code: "Forbidden", message: "nope" } as never) : ({ ok: true } as never),
      });
    }
  });
  w.event(id, { kind: "player-joined", tick: 1, at: 8, playerId: "p1", detail: { nickname: "Ada" } });
  w.event(id, { kind: "session-paused", tick: 4, at: 9 });
  w.playerKicked(id, "p2", 10, { address: true });
  w.playerToken(id, "p1", "t1b");
  w.settings(id, { speed: 2 });
  w.tick(id, 12);
  w.seatChanged(id, "p1", "kubelet:worker-1", 12, 11, "instructor");
  w.endSession(id, {
    at: 20,
    reason: "time-up",
    finalTick: 14,
    finalHash: "hend",
    outcome: { players: 2 },
    result: "won",
    goals: [{ met: true }],
  });
  await w.written(id);
}

async function snapshot(store: MatchStore, id: string) {
  const r = store.reader;
  return {
    session: await r.session(id),
    details: await r.details(id),
    roster: await r.roster(id),
    counts: [...(await r.commandCounts(id)).entries()],
    match: await r.match(id),
    latest: await r.latestByCode("ACDEFG"),
    open: await r.openSessionIds(),
    library: await store.library.list(),
    entry: await store.library.get(id),
  };
}

const dirs: string[] = [];
let postgres: Service | undefined;
let databases = 0;
const pgStore = async (owner: string, url?: string) =>
  PgMatchStore.open(url ?? (await createDatabase(postgres as Service, `contract_${++databases}`)), {
    owner,
    leaseSeconds: 2,
    log,
  });

beforeAll(async () => {
  if (servicesInstalled) postgres = await startPostgres();
});

afterAll(async () => {
  await postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!servicesInstalled)("the match record in SQLite and in PostgreSQL", () => {
  it("has the same tables and columns in both", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeclass-contract-"));
    dirs.push(dir);
    const sqlite = SqliteMatchStore.open(dir);
    const postgresStore = await pgStore("a");
    try {
      const tables = ["sessions", "players", "seat_holds", "commands", "checkpoints", "session_events"];
      for (const table of [...tables, "imported_matches"]) {
        const lite = sqlite.database.db
          .prepare(`PRAGMA table_info(${table})`)
          .all()
          .map((c) => c.name as string)
          .sort();
        const { rows } = await postgresStore.database.pool.query(
          "SELECT column_name FROM information_schema.columns WHERE table_name = $1",
          [table],
        );
        // seat_holds.seq is SQLite's implicit rowid, spelt out
        const pgColumns = rows
          .map((r) => r.column_name as string)
          .filter((c) => !(table === "seat_holds" && c === "seq"))
          .sort();
        expect(pgColumns, table).toEqual(lite);
      }
    } finally {
      await sqlite.close();
      await postgresStore.close();
    }
  });

  it("gives back the same record, match file and library entry from either", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeclass-contract-"));
    dirs.push(dir);
    const sqlite = SqliteMatchStore.open(dir);
    const postgresStore = await pgStore("a");
    try {
      await play(sqlite, "s1", "ACDEFG");
      await play(postgresStore, "s1", "ACDEFG");
      const lite = await snapshot(sqlite, "s1");
      const shared = await snapshot(postgresStore, "s1");
      expect(shared).toEqual(lite);
      expect(lite.details?.players).toHaveLength(2);
      expect(lite.match?.commands.map((c) => c.seq)).toEqual([1, 2, 3]);
      expect(lite.roster.find((p) => p.id === "p2")).toMatchObject({ addressBanned: true, bannedAt: 10 });
      expect(lite.session).toMatchObject({ seed: 4_000_000_000, result: "won", lastTick: 14 });
      // debriefs and imports
      await postgresStore.library.cacheDebrief("s1", '{"x":1}');
      expect(await postgresStore.library.cachedDebrief("s1")).toBe('{"x":1}');
      expect(await postgresStore.library.has("s1")).toBe(true);
      expect(await postgresStore.library.has("nope")).toBe(false);
    } finally {
      await sqlite.close();
      await postgresStore.close();
    }
  });

  it("SQLite's writes are durable when made; PostgreSQL's once written() settles", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeclass-contract-"));
    dirs.push(dir);
    const sqlite = SqliteMatchStore.open(dir);
    const postgresStore = await pgStore("a");
    try {
      for (const store of [sqlite, postgresStore]) {
        await store.writer.createSession(newSession("s2", "BCDEFG"));
        store.writer.event("s2", { kind: "x", tick: 0, at: 1 });
      }
      expect(sqlite.writer.written("s2")).toBeUndefined();
      expect((await sqlite.reader.details("s2"))?.events).toHaveLength(1);
      const pending = postgresStore.writer.written("s2");
      expect(pending).toBeInstanceOf(Promise);
      await pending;
      expect((await postgresStore.reader.details("s2"))?.events).toHaveLength(1);
      expect(postgresStore.writer.written("s2")).toBeUndefined();
    } finally {
      await sqlite.close();
      await postgresStore.close();
    }
  });

  it("keeps join codes unique among open sessions across processes", async () => {
    const a = await pgStore("a");
    const b = await pgStore("b", a.database.url);
    try {
      await a.writer.createSession(newSession("x1", "CDEFGH"));
      await expect(b.writer.createSession(newSession("x2", "CDEFGH"))).rejects.toBeInstanceOf(JoinCodeTaken);
      a.writer.interrupted("x1", 5);
      await a.writer.written("x1");
      await b.writer.createSession(newSession("x2", "CDEFGH"));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("fences a process whose lease another took over: its writes are refused, the new holder's kept", async () => {
    const a = await pgStore("a");
    const b = await pgStore("b", a.database.url);
    const lost: string[] = [];
    a.leasing.onLost((id, why) => lost.push(`${id}:${why}`));
    try {
      await a.writer.createSession(newSession("f1", "DEFGHJ"));
      const sinkA = a.writer.recorderSink("f1", clock);
      const command = (seq: number) => ({
        seq,
        tick: seq,
        seat: "user",
        command: { type: "CordonNode", node: "n" },
        outcome: "accepted" as const,
        result: { ok: true } as never,
      });
      sinkA.command(command(1));
      await a.writer.written("f1");
      // not expired: nobody else may take it
      expect(await b.leasing.takeOver("f1")).toBe(false);
      expect(await a.leasing.renew()).toEqual([]);
      // a stalls past its lease
      await a.database.pool.query("UPDATE session_leases SET expires_at = now() - interval '1 second'");
      expect(await b.leasing.expired(10)).toEqual(["f1"]);
      expect(await b.leasing.takeOver("f1")).toBe(true);
      expect(await b.writer.adopt("f1")).toEqual({ lastCommandSeq: 1 });
      // a comes back and writes seq 2: refused, and a hears it lost the session
      sinkA.command(command(2));
      await expect(a.writer.written("f1")).rejects.toThrow(/another process/);
      expect(lost).toEqual(["f1:fenced"]);
      // b writes seq 2: kept
      b.writer.recorderSink("f1", clock).command(command(2));
      await b.writer.written("f1");
      const commands = await b.reader.commands("f1");
      expect(commands.map((c) => c.seq)).toEqual([1, 2]);
      // a's renewal finds nothing to renew
      expect(a.leasing.held()).toEqual([]);
      expect(b.leasing.held()).toEqual(["f1"]);
      const { rows } = await b.database.pool.query(
        "SELECT epoch FROM session_leases WHERE session_id = 'f1'",
      );
      expect(rows[0]?.epoch).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a take-over waits for the holder's commit in flight, and sees it", async () => {
    const a = await pgStore("a");
    const b = await pgStore("b", a.database.url);
    try {
      await a.writer.createSession(newSession("w1", "EFGHJK"));
      const sink = a.writer.recorderSink("w1", clock);
      for (let seq = 1; seq <= 200; seq++) {
        sink.command({
          seq,
          tick: seq,
          seat: "user",
          command: { type: "CordonNode", node: "n", pad: "x".repeat(2000) },
          outcome: "accepted",
          result: { ok: true } as never,
        });
      }
      const committed = a.writer.written("w1");
      await a.database.pool.query("UPDATE session_leases SET expires_at = now() - interval '1 second'");
      const took = await b.leasing.takeOver("w1");
      const outcome = await committed?.then(
        () => "committed",
        () => "refused",
      );
      const seen = (await b.reader.commands("w1")).length;
      // either a committed first (and b, taking over after, sees all of it) or a was fenced (and none)
      expect(took).toBe(true);
      expect(seen).toBe(outcome === "committed" ? 200 : 0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
