import type pg from "pg";
import type { Logger } from "pino";
import type { PgDatabase } from "./PgDatabase.ts";

/** One statement of a live session's record. */
interface Write {
  session: string;
  text: string;
  values: unknown[];
}

interface Waiter {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function waiter(): Waiter {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // a reply that nobody awaits (its connection closed) must not become an unhandled rejection
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** A write refused because another process holds the session now. */
export class SessionFenced extends Error {
  constructor(session: string) {
    super(`session ${session} is held by another process`);
    this.name = "SessionFenced";
  }
}

export type LostListener = (session: string, why: "fenced" | "failed") => void;

/**
 * The writes of every live session of this process, committed together: a group commit. A write is
 * queued at once (the classroom never waits for the database); the queue commits what has gathered in
 * one transaction on its own pipelined connection (two round trips and one fsync for however many
 * sessions and statements), then the next batch. `written(session)` settles when everything that
 * session has written so far is committed: the room answers a player only then.
 *
 * Fencing: each held session has the lease epoch this process got it with. A batch first locks the
 * lease rows of its sessions (FOR SHARE) and commits only the writes of sessions whose epoch is still
 * this process's; a take-over (an UPDATE of the row that raises the epoch) waits for the lock, so it
 * sees every write committed before it, and any later write of the old holder is refused. A session
 * whose writes are refused (fenced) or fail (the database went away mid-commit: they may or may not be
 * in) is lost to this process: its room stops without writing, and it goes on from the record.
 */
export class PgWriteQueue {
  private readonly database: PgDatabase;
  private readonly log: Logger;
  private readonly idleInTransactionMs: number;
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private pending: Write[] = [];
  private pendingWaiters = new Map<string, Waiter>();
  private inflightWaiters = new Map<string, Waiter>();
  private scheduled = false;
  private flushing: Promise<void> | undefined;
  /** Sessions this process holds, with the epoch of its lease. */
  private readonly epochs = new Map<string, number>();
  /** Sessions whose writes were refused or failed: nothing more of theirs is written. */
  private readonly lost = new Set<string>();
  private readonly listeners: LostListener[] = [];
  /** Figures for /healthz and the benchmarks (the durations of the last batches: p99 and max). */
  readonly stats = { batches: 0, writes: 0, lastBatchMs: 0, maxBatchMs: 0 };
  private readonly recent: number[] = [];

  /** Batches so far, statements written, and how long the last 1,000 batches took (ms). */
  figures(): Record<string, number> {
    const sorted = [...this.recent].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return {
      batches: this.stats.batches,
      writes: this.stats.writes,
      batchP50Ms: round(at(0.5)),
      batchP99Ms: round(at(0.99)),
      batchMaxMs: round(this.stats.maxBatchMs),
    };
  }

  constructor(database: PgDatabase, log: Logger, idleInTransactionMs: number) {
    this.database = database;
    this.log = log;
    this.idleInTransactionMs = idleInTransactionMs;
  }

  hold(session: string, epoch: number): void {
    this.epochs.set(session, epoch);
    this.lost.delete(session);
  }

  epochOf(session: string): number | undefined {
    return this.epochs.get(session);
  }

  /** Sessions held, with their epochs. */
  held(): Map<string, number> {
    return new Map(this.epochs);
  }

  /** Stops holding a session (its writes already committed, or no longer wanted). */
  drop(session: string): void {
    this.epochs.delete(session);
  }

  onLost(listener: LostListener): void {
    this.listeners.push(listener);
  }

  /** The session is lost to this process: its queued writes are refused, and so are any it makes next. */
  markLost(session: string, why: "fenced" | "failed"): void {
    if (this.lost.has(session)) return;
    this.lost.add(session);
    this.epochs.delete(session);
    const error = new SessionFenced(session);
    this.pendingWaiters.get(session)?.reject(error);
    this.pendingWaiters.delete(session);
    this.pending = this.pending.filter((w) => w.session !== session);
    for (const listener of this.listeners) {
      try {
        listener(session, why);
      } catch (err) {
        this.log.error({ err, session }, "a lost-session listener failed");
      }
    }
  }

  push(session: string, text: string, values: unknown[]): void {
    if (this.lost.has(session) || !this.epochs.has(session)) {
      this.log.debug({ session }, "write of a session not held here dropped");
      return;
    }
    this.pending.push({ session, text, values });
    if (!this.pendingWaiters.has(session)) this.pendingWaiters.set(session, waiter());
    this.schedule();
  }

  /** undefined when nothing the session wrote is waiting; otherwise when it is all committed. */
  written(session: string): Promise<void> | undefined {
    const waiting = this.pendingWaiters.get(session) ?? this.inflightWaiters.get(session);
    if (waiting) return waiting.promise;
    if (this.lost.has(session)) return Promise.reject(new SessionFenced(session));
    return undefined;
  }

  /** Everything queued so far, committed (or refused). */
  async drain(): Promise<void> {
    while (this.flushing || this.pending.length > 0 || this.scheduled) {
      if (this.flushing) await this.flushing;
      else await this.flush();
    }
  }

  async close(): Promise<void> {
    await this.drain();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    // after the current turn of the event loop: everything a message (or a kubectl line) writes
    // lands in one batch
    setImmediate(() => void this.flush());
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    this.connecting ??= this.database.connectWriter(this.idleInTransactionMs).then(
      (client) => {
        client.on("error", (err) => {
          this.log.warn({ err }, "the record's write connection failed; reconnecting");
          if (this.client === client) this.client = undefined;
        });
        this.client = client;
        this.connecting = undefined;
        return client;
      },
      (error) => {
        this.connecting = undefined;
        throw error;
      },
    );
    return this.connecting;
  }

  private flush(): Promise<void> {
    this.scheduled = false;
    if (this.flushing || this.pending.length === 0) return this.flushing ?? Promise.resolve();
    const writes = this.pending;
    const waiters = this.pendingWaiters;
    this.pending = [];
    this.pendingWaiters = new Map();
    this.inflightWaiters = waiters;
    this.flushing = this.commit(writes, waiters).finally(() => {
      this.flushing = undefined;
      this.inflightWaiters = new Map();
      if (this.pending.length > 0) this.schedule();
    });
    return this.flushing;
  }

  private async commit(writes: Write[], waiters: Map<string, Waiter>): Promise<void> {
    const started = performance.now();
    const sessions = [...new Set(writes.map((w) => w.session))];
    let client: pg.Client | undefined;
    try {
      client = await this.connection();
      // round trip 1: the transaction, and the lease rows of its sessions locked against a take-over
      const [, leases] = await Promise.all([
        client.query("BEGIN"),
        client.query<{ session_id: string; epoch: number }>(
          "SELECT session_id, epoch FROM session_leases WHERE session_id = ANY($1) FOR SHARE",
          [sessions],
        ),
      ]);
      const current = new Map(leases.rows.map((r) => [r.session_id, Number(r.epoch)]));
      const fenced = new Set(sessions.filter((s) => current.get(s) !== this.epochs.get(s)));
      // round trip 2: the writes of the sessions still held, in order, and the commit
      const statements = writes
        .filter((w) => !fenced.has(w.session))
        .map((w) => client?.query(w.text, w.values) as Promise<pg.QueryResult>);
      const commit = client.query("COMMIT");
      const results = await Promise.allSettled([...statements, commit]);
      const failed = results.find((r) => r.status === "rejected");
      const committed = results.at(-1);
      if (failed || committed?.status !== "fulfilled" || committed.value.command !== "COMMIT") {
        throw failed?.status === "rejected" ? failed.reason : new Error("the batch was rolled back");
      }
      for (const session of sessions) {
        if (fenced.has(session)) {
          waiters.get(session)?.reject(new SessionFenced(session));
          this.log.warn({ session }, "session taken over by another process: its writes here are refused");
          this.markLost(session, "fenced");
        } else {
          waiters.get(session)?.resolve();
        }
      }
      this.stats.batches++;
      this.stats.writes += statements.length;
    } catch (error) {
      if (client) {
        try {
          await client.query("ROLLBACK");
        } catch {
          // the connection is gone or in no state to go on: the next batch opens a new one
          if (this.client === client) this.client = undefined;
          void client.end().catch(() => {});
        }
      }
      this.log.error(
        { err: error, sessions: sessions.length },
        "writing the record failed: its sessions stop here and go on from the record",
      );
      for (const session of sessions) {
        waiters.get(session)?.reject(error as Error);
        this.markLost(session, "failed");
      }
    } finally {
      const ms = performance.now() - started;
      this.recent.push(ms);
      if (this.recent.length > 1000) this.recent.shift();
      this.stats.lastBatchMs = ms;
      this.stats.maxBatchMs = Math.max(this.stats.maxBatchMs, ms);
    }
  }
}
