import { commandReply, refusal } from "../../../shared/protocol/replies.ts";
import type { AppliedCommand, Checkpoint, RecorderSink } from "../../../shared/replay/recorder.ts";
import { SIMULATION_VERSION } from "../../../shared/sim/engine/version.ts";
import type { WallClock } from "../../clock.ts";
import { JoinCodeTaken, type SessionRecordWriter } from "../MatchStore.ts";
import type { NewPlayer, NewSession, SessionEnd, SessionEventEntry } from "../SessionStore.ts";
import type { PgDatabase } from "./PgDatabase.ts";
import type { PgWriteQueue } from "./PgWriteQueue.ts";

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = "23505";

/**
 * The session's record in PostgreSQL: the same rows as SQLite's SessionStore, queued on the group
 * commit (PgWriteQueue) under the session's lease. A call returns at once; `written(session)` says when
 * it is durable. A session is created (with its lease) in its own transaction, before its room starts.
 */
export class PgSessionStore implements SessionRecordWriter {
  private readonly database: PgDatabase;
  private readonly queue: PgWriteQueue;
  private readonly owner: string;
  private readonly ttlSeconds: number;
  private readonly eventSeq = new Map<string, number>();

  constructor(database: PgDatabase, queue: PgWriteQueue, lease: { owner: string; ttlSeconds: number }) {
    this.database = database;
    this.queue = queue;
    this.owner = lease.owner;
    this.ttlSeconds = lease.ttlSeconds;
  }

  async createSession(session: NewSession): Promise<void> {
    const client = await this.database.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(
        `INSERT INTO sessions (id, code, scenario_name, scenario_title, scenario_source, scenario_files, seed,
           options, instructor_token_hash, created_at, simulation)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          session.id,
          session.code,
          session.scenarioName,
          session.scenarioTitle,
          session.scenarioSource,
          JSON.stringify(session.scenarioFiles),
          session.seed,
          JSON.stringify(session.options),
          session.instructorTokenHash,
          session.createdAt,
          SIMULATION_VERSION,
        ],
      );
      await client.query(
        `INSERT INTO session_leases (session_id, owner, epoch, expires_at)
         VALUES ($1, $2, 1, now() + make_interval(secs => $3))`,
        [session.id, this.owner, this.ttlSeconds],
      );
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      const pgError = error as { code?: string; constraint?: string };
      if (pgError.code === UNIQUE_VIOLATION && pgError.constraint === "sessions_open_code") {
        throw new JoinCodeTaken(session.code);
      }
      throw error;
    } finally {
      client.release();
    }
    this.queue.hold(session.id, 1);
    this.eventSeq.set(session.id, 0);
  }

  async adopt(sessionId: string): Promise<{ lastCommandSeq: number }> {
    const { rows } = await this.database.pool.query(
      `SELECT (SELECT COALESCE(MAX(seq), 0) FROM commands WHERE session_id = $1) AS commands,
              (SELECT COALESCE(MAX(seq), 0) FROM session_events WHERE session_id = $1) AS events`,
      [sessionId],
    );
    this.eventSeq.set(sessionId, Number(rows[0]?.events ?? 0));
    return { lastCommandSeq: Number(rows[0]?.commands ?? 0) };
  }

  written(sessionId: string): Promise<void> | undefined {
    return this.queue.written(sessionId);
  }

  private write(sessionId: string, text: string, values: unknown[]): void {
    this.queue.push(sessionId, text, values);
  }

  recorderSink(sessionId: string, clock: WallClock): RecorderSink {
    return {
      command: (applied: AppliedCommand) => {
        const reply = applied.result
          ? commandReply(applied.result)
          : refusal("InternalError", "simulationFailed");
        this.write(
          sessionId,
          `INSERT INTO commands (session_id, seq, tick, seat, player_id, command, outcome, result, at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            sessionId,
            applied.seq,
            applied.tick,
            applied.seat,
            applied.player ?? null,
            JSON.stringify(applied.command),
            applied.outcome,
            JSON.stringify(reply),
            clock.now(),
          ],
        );
      },
      checkpoint: (checkpoint: Checkpoint) => {
        this.write(
          sessionId,
          "INSERT INTO checkpoints (session_id, tick, hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
          [sessionId, checkpoint.tick, checkpoint.hash],
        );
      },
    };
  }

  sessionStarted(sessionId: string, at: number): void {
    this.write(sessionId, "UPDATE sessions SET started_at = $1 WHERE id = $2 AND started_at IS NULL", [
      at,
      sessionId,
    ]);
  }

  addPlayer(sessionId: string, player: NewPlayer): void {
    this.write(
      sessionId,
      `INSERT INTO players (session_id, id, nickname, token_hash, device_hash, ip, joined_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        sessionId,
        player.id,
        player.nickname,
        player.tokenHash,
        player.deviceHash,
        player.ip ?? null,
        player.joinedAt,
      ],
    );
  }

  playerKicked(sessionId: string, playerId: string, at: number, ban?: { address: boolean }): void {
    this.write(
      sessionId,
      "UPDATE players SET kicked_at = $1 WHERE session_id = $2 AND id = $3 AND kicked_at IS NULL",
      [at, sessionId, playerId],
    );
    if (ban) {
      this.write(
        sessionId,
        "UPDATE players SET banned_at = $1, address_banned = $2 WHERE session_id = $3 AND id = $4",
        [at, ban.address ? 1 : 0, sessionId, playerId],
      );
    }
  }

  playerToken(sessionId: string, playerId: string, tokenHash: string): void {
    this.write(sessionId, "UPDATE players SET token_hash = $1 WHERE session_id = $2 AND id = $3", [
      tokenHash,
      sessionId,
      playerId,
    ]);
  }

  playerUnbanned(sessionId: string, playerId: string): void {
    this.write(
      sessionId,
      "UPDATE players SET banned_at = NULL, address_banned = 0 WHERE session_id = $1 AND id = $2",
      [sessionId, playerId],
    );
  }

  seatChanged(
    sessionId: string,
    playerId: string,
    seat: string | undefined,
    tick: number,
    at: number,
    by: "self" | "instructor",
  ): void {
    this.write(
      sessionId,
      `UPDATE seat_holds SET to_tick = $1, to_at = $2
       WHERE session_id = $3 AND player_id = $4 AND to_tick IS NULL`,
      [tick, at, sessionId, playerId],
    );
    if (seat) {
      this.write(
        sessionId,
        `INSERT INTO seat_holds (session_id, player_id, seat, from_tick, from_at, assigned_by)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [sessionId, playerId, seat, tick, at, by],
      );
    }
  }

  /** Every write of a batch is one commit already: a batch is what one turn of the event loop writes. */
  batch<T>(work: () => T): T {
    return work();
  }

  /** The queue cannot say at once; a checkpoint written twice keeps the first (ON CONFLICT DO NOTHING). */
  hasCheckpoint(_sessionId: string, _tick: number): boolean {
    return false;
  }

  event(sessionId: string, entry: SessionEventEntry): void {
    const seq = (this.eventSeq.get(sessionId) ?? 0) + 1;
    this.eventSeq.set(sessionId, seq);
    this.write(
      sessionId,
      `INSERT INTO session_events (session_id, seq, at, tick, kind, player_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        sessionId,
        seq,
        entry.at,
        entry.tick,
        entry.kind,
        entry.playerId ?? null,
        JSON.stringify(entry.detail ?? {}),
      ],
    );
  }

  endSession(sessionId: string, end: SessionEnd): void {
    this.write(
      sessionId,
      "UPDATE seat_holds SET to_tick = $1, to_at = $2 WHERE session_id = $3 AND to_tick IS NULL",
      [end.finalTick, end.at, sessionId],
    );
    this.write(
      sessionId,
      `UPDATE sessions SET ended_at = $1, end_reason = $2, final_tick = $3, final_hash = $4, outcome = $5,
         result = $6, goals = $7, last_tick = $8
       WHERE id = $9 AND ended_at IS NULL`,
      [
        end.at,
        end.reason,
        end.finalTick,
        end.finalHash,
        JSON.stringify(end.outcome),
        end.result,
        JSON.stringify(end.goals),
        end.finalTick,
        sessionId,
      ],
    );
    this.eventSeq.delete(sessionId);
  }

  tick(sessionId: string, tick: number): void {
    this.write(sessionId, "UPDATE sessions SET last_tick = $1 WHERE id = $2 AND ended_at IS NULL", [
      tick,
      sessionId,
    ]);
  }

  settings(sessionId: string, settings: object): void {
    this.write(sessionId, "UPDATE sessions SET settings = $1 WHERE id = $2", [
      JSON.stringify(settings),
      sessionId,
    ]);
  }

  interrupted(sessionId: string, at: number): void {
    this.write(
      sessionId,
      "UPDATE sessions SET ended_at = $1, end_reason = 'interrupted' WHERE id = $2 AND ended_at IS NULL",
      [at, sessionId],
    );
    this.eventSeq.delete(sessionId);
  }
}
