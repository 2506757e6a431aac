import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoinResponse, MatchSummary, SessionPublicInfo } from "../../shared/protocol/http.ts";
import type { MatchRecord } from "../../shared/replay/record.ts";
import { exited, killChildren, startChild } from "../support/child.ts";
import {
  Api,
  type ClassRoom,
  joinInstructor,
  joinStudent,
  type Student,
  waitFor,
} from "../support/classroom.ts";
import { replayOf } from "../support/replay.ts";
import {
  createDatabase,
  freePort,
  type Service,
  servicesInstalled,
  startPostgres,
  startRedis,
} from "../support/services.ts";

/**
 * Several kubeclass processes behind one address: Colyseus' Redis presence and driver, the record in
 * PostgreSQL. Each process is a child (`npm start`'s server), as a deployment runs them; leases last
 * 2 s so a take-over happens within seconds.
 */
const LEASE_SECONDS = "2";

let redis: Service | undefined;
let postgres: Service | undefined;
let databases = 0;
const dirs: string[] = [];

interface Process {
  child: ChildProcess;
  url: string;
  api: Api;
  output: () => string;
}

async function startProcess(databaseUrl: string): Promise<Process> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "kubeclass-scale-"));
  dirs.push(dataDir);
  const { child, url, output } = await startChild({
    PORT: String(port),
    DATA_DIR: dataDir,
    REDIS_URL: (redis as Service).url,
    DATABASE_URL: databaseUrl,
    // a path, as behind the deployment's proxy (deploy/nginx.conf routes /kubeclass-N/ to process N)
    PUBLIC_ADDRESS: `127.0.0.1:${port}/kubeclass-${port}`,
    LEASE_SECONDS,
    MESSAGE_RATE: "1000",
    MESSAGE_BURST: "1000",
    JOIN_RATE_LIMIT: "10000",
    ...(process.env.SCALEOUT_DEBUG ? { LOG_LEVEL: "info" } : {}),
  });
  return { child, url, api: new Api(url), output };
}

/** A fresh record and Redis keyspace for each test: its own database, Redis flushed. */
async function deployment(count: number): Promise<Process[]> {
  const url = await createDatabase(postgres as Service, `scale_${++databases}`);
  const { Redis } = await import("ioredis");
  const client = new Redis((redis as Service).url);
  await client.flushall();
  client.disconnect();
  const processes: Process[] = [];
  for (let i = 0; i < count; i++) processes.push(await startProcess(url));
  return processes;
}

async function stop(processes: Process[]): Promise<void> {
  if (process.env.SCALEOUT_DEBUG) for (const p of processes) console.log(`== ${p.url}\n${p.output()}`);
  await Promise.all(
    processes.map(async (p) => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return;
      p.child.kill("SIGCONT");
      p.child.kill("SIGTERM");
      await exited(p.child);
    }),
  );
}

/** Where an accepted move landed in the record. */
const placed = (reply: unknown) => reply as { seq: number; tick: number };

/** Leaves rooms still open (a room closed by the server has nothing to leave). */
async function leave(...rooms: ClassRoom[]): Promise<void> {
  await Promise.all(
    rooms.map((room) =>
      room.connection?.isOpen
        ? Promise.race([room.leave(true).catch(() => {}), new Promise((r) => setTimeout(r, 1000))])
        : undefined,
    ),
  );
}

/** Sends commands until told to stop; keeps the acknowledged ones (seq -> tick). */
function player(sender: Pick<Student, "ask">, acked: Map<number, number>, command: (i: number) => unknown) {
  let stopped = false;
  const done = (async () => {
    for (let i = 0; !stopped; i++) {
      const reply = await sender.ask("command", { command: command(i) }).catch(() => undefined);
      if (reply?.ok && typeof reply.seq === "number") acked.set(reply.seq, reply.tick as number);
      else if (!reply) await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

const cordon = (i: number) => ({ type: i % 2 ? "UncordonNode" : "CordonNode", node: "worker-2" });

async function record(api: Api, code: string, token: string): Promise<MatchRecord> {
  const res = await api.get<MatchRecord>(`/api/sessions/${code}/record`, token);
  if (res.status !== 200) throw new Error(`record: ${res.status}`);
  return res.body;
}

/** Every acknowledged command is in the record, as acknowledged; the record replays without a mismatch. */
function expectKept(match: MatchRecord, acked: Map<number, number>): void {
  const recorded = new Map(match.commands.map((c) => [c.seq, c]));
  for (const [seq, tick] of acked) {
    expect(recorded.get(seq), `acknowledged command #${seq}`).toMatchObject({ tick, ok: true });
  }
  const seqs = match.commands.map((c) => c.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(replayOf(match).mismatches).toEqual([]);
}

/** The process whose room holds the class now (the one a join's reservation points at). */
async function holder(processes: Process[], code: string, token: string): Promise<Process> {
  const res = await processes[0]?.api.post<{ reservation: { publicAddress?: string } }>(
    `/api/sessions/${code}/instructor`,
    {},
    token,
  );
  const address = res?.body.reservation?.publicAddress;
  const port = address?.split(":")[1]?.split("/")[0];
  const found = processes.find((p) => p.url.endsWith(`:${port}`));
  if (!found) throw new Error(`no process at ${address}`);
  return found;
}

beforeAll(async () => {
  if (!servicesInstalled) return;
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
});

afterAll(async () => {
  killChildren();
  await Promise.all([redis?.stop(), postgres?.stop()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!servicesInstalled)("several processes behind one address", () => {
  it("a class created through process A is joined, played and listed through process B", async () => {
    const processes = await deployment(2);
    const [a, b] = processes as [Process, Process];
    try {
      const created = await a.api.createSession("first-pod");
      const info = await b.api.get<SessionPublicInfo>(`/api/sessions/${created.code}`);
      expect(info.status).toBe(200);
      expect(info.body.status).toBe("lobby");
      // the join through B reserves a seat in A's room; the reservation sends the browser to A
      const joined = await b.api.join(created.code, { nickname: "Ada" });
      expect(joined.status).toBe(200);
      const port = a.url.split(":").at(-1);
      expect((joined.body as JoinResponse).reservation.publicAddress).toBe(
        `127.0.0.1:${port}/kubeclass-${port}`,
      );
      const teacher = await joinInstructor(b.url, created.code, created.instructorToken);
      const ada = await joinStudent(b.url, created.code, "Ada", {
        playerToken: (joined.body as JoinResponse).player.token,
      });
      expect(ada.player.rejoined).toBe(true);
      expect((await ada.ask("seat.take", { seat: "user" })).ok).toBe(true);
      expect((await teacher.ask("session.start")).ok).toBe(true);
      const moved = await ada.ask("command", { command: cordon(0) });
      expect(moved).toMatchObject({ ok: true, seq: expect.any(Number) });
      const movedSeq = placed(moved).seq;
      // the teacher's HTTP actions and the record, through B
      const paused = await b.api.action(created.code, created.instructorToken, { type: "session.pause" });
      expect(paused.status).toBe(200);
      expect((await b.api.action(created.code, "wrong-token", { type: "session.resume" })).status).toBe(401);
      const match = await record(b.api, created.code, created.instructorToken);
      expect(match.commands.some((c) => c.seq === movedSeq)).toBe(true);
      // every process lists every process's matches
      const created2 = await b.api.createSession("first-pod");
      for (const p of processes) {
        const list = await p.api.get<{ matches: MatchSummary[] }>("/api/matches");
        expect(list.body.matches.map((m) => m.id).sort()).toEqual(
          [created.sessionId, created2.sessionId].sort(),
        );
      }
      const details = await a.api.get<{ endTick: number }>(
        `/api/matches/${created2.sessionId}`,
        created2.instructorToken,
      );
      expect(details.status).toBe(200);
      expect(created2.code).not.toBe(created.code);
      await leave(teacher.room, ada.room);

      // a process stopped for an update (SIGTERM) hands its classes over: B runs the class, paused
      a.child.kill("SIGTERM");
      expect((await exited(a.child)).code).toBe(0);
      await waitFor(
        async () =>
          (await b.api.get<SessionPublicInfo>(`/api/sessions/${created.code}`)).body.status === "paused",
        "the class handed over",
        15_000,
      );
      const handed = await record(b.api, created.code, created.instructorToken);
      expect(handed.commands.some((c) => c.seq === movedSeq)).toBe(true);
      expect(replayOf(handed).mismatches).toEqual([]);
    } finally {
      await stop(processes);
    }
  });

  it("SIGKILL of the process holding a class: another takes it over, paused, with every acknowledged move", async () => {
    const processes = await deployment(3);
    try {
      const [first] = processes as [Process];
      const created = await first.api.createSession("first-pod", { speed: 5 });
      const a = await holder(processes, created.code, created.instructorToken);
      const teacher = await joinInstructor(a.url, created.code, created.instructorToken);
      const ada = await joinStudent(a.url, created.code, "Ada");
      const bob = await joinStudent(a.url, created.code, "Bob");
      for (const s of [teacher.room, ada.room, bob.room]) s.reconnection.enabled = false;
      await ada.ask("seat.take", { seat: "user" });
      await bob.ask("seat.take", { seat: "kubelet:worker-1" });
      await teacher.ask("session.start");
      const acked = new Map<number, number>();
      const players = [
        player(ada, acked, cordon),
        player(bob, acked, () => ({ type: "RenewLease", node: "worker-1" })),
        player(teacher, acked, (i) => ({
          type: i % 2 ? "RecoverNode" : "FailNode",
          node: "worker-3",
        })),
      ];
      await waitFor(() => acked.size >= 60, "moves acknowledged", 15_000);
      a.child.kill("SIGKILL"); // moves are in flight
      await Promise.all(players.map((p) => p.stop()));
      await exited(a.child);
      const living = processes.filter((p) => p !== a);

      // another process takes the class over from the record, paused, under the same code
      const b = living[0] as Process;
      await waitFor(
        async () =>
          (await b.api.get<SessionPublicInfo>(`/api/sessions/${created.code}`)).body.status === "paused",
        "the class taken over",
        20_000,
      );
      expectKept(await record(b.api, created.code, created.instructorToken), acked);

      // the students come back to their seats with their tokens, through any process
      const again = await joinStudent(b.url, created.code, "Ada", {
        deviceId: ada.deviceId,
        playerToken: ada.player.token,
      });
      expect(again.player).toMatchObject({ id: ada.player.id, rejoined: true });
      const seat = await waitFor(
        () => again.room.state.players.get(ada.player.id)?.seat,
        "Ada back in her seat",
      );
      expect(seat).toBe("user");
      const teacher2 = await joinInstructor(b.url, created.code, created.instructorToken);
      expect((await teacher2.ask("session.resume")).ok).toBe(true);
      const next = await again.ask("command", { command: cordon(1) });
      expect(next.ok).toBe(true);
      expect(placed(next).seq).toBeGreaterThan(Math.max(...acked.keys()));
      await leave(teacher2.room, again.room);
    } finally {
      await stop(processes);
    }
  }, 120_000);

  it("never runs one class in two processes: a stalled holder comes back to find it taken over", async () => {
    const processes = await deployment(2);
    try {
      const [first] = processes as [Process];
      const created = await first.api.createSession("first-pod");
      const a = await holder(processes, created.code, created.instructorToken);
      const b = processes.find((p) => p !== a) as Process;
      const teacher = await joinInstructor(a.url, created.code, created.instructorToken);
      const ada = await joinStudent(a.url, created.code, "Ada");
      for (const s of [teacher.room, ada.room]) s.reconnection.enabled = false;
      await ada.ask("seat.take", { seat: "user" });
      await teacher.ask("session.start");
      const acked = new Map<number, number>();
      for (let i = 0; i < 10; i++) {
        const reply = await ada.ask("command", { command: cordon(i) });
        if (reply.ok) acked.set(placed(reply).seq, placed(reply).tick);
      }
      expect(acked.size).toBe(10);

      // A stalls (a long pause, a VM migration, SIGSTOP) past its lease: B takes the class over
      a.child.kill("SIGSTOP");
      const t0 = Date.now();
      const note = (what: string) =>
        process.env.SCALEOUT_DEBUG && console.log(`${Date.now() - t0} ms: ${what}`);
      const stale = ada.ask("command", { command: cordon(11) }).catch(() => undefined);
      await waitFor(
        async () =>
          (await b.api.get<SessionPublicInfo>(`/api/sessions/${created.code}`)).body.status === "paused",
        "B took the class over",
        20_000,
      );
      note("B took over");
      const bob = await joinStudent(b.url, created.code, "Bob");
      await bob.ask("seat.take", { seat: "kubelet:worker-1" });
      const teacherB = await joinInstructor(b.url, created.code, created.instructorToken);
      await teacherB.ask("session.resume");
      for (let i = 0; i < 5; i++) {
        const reply = await bob.ask("command", { command: { type: "RenewLease", node: "worker-1" } });
        if (reply.ok) acked.set(placed(reply).seq, placed(reply).tick);
      }

      // A comes back: its writes are refused, so nothing it says is acknowledged; it stops the class and
      // sends its connections back through the join
      const closed = new Promise<number>((resolve) => ada.room.onLeave((code) => resolve(code)));
      note("B played");
      a.child.kill("SIGCONT");
      const staleReply = await stale;
      note(`stale reply ${JSON.stringify(staleReply)}`);
      expect(staleReply?.ok ?? false).toBe(false);
      expect(await closed).toBe(4104);
      note("closed");
      await waitFor(
        async () => (await (await fetch(`${a.url}/healthz`)).json()).sessions === 0,
        "A let the class go",
        10_000,
      );
      note("A let go");
      // B goes on: more moves, all kept, one record replaying to the end without a mismatch
      const reply = await bob.ask("command", { command: { type: "RenewLease", node: "worker-1" } });
      expect(reply.ok).toBe(true);
      const last = placed(reply);
      acked.set(last.seq, last.tick);
      const match = await record(b.api, created.code, created.instructorToken);
      expectKept(match, acked);
      const takeovers = (await b.api.get<{ matches: MatchSummary[] }>("/api/matches")).body.matches;
      expect(takeovers).toHaveLength(1);
      await leave(teacherB.room, bob.room);
    } finally {
      await stop(processes);
    }
  }, 120_000);
});
