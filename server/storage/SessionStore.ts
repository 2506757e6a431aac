import type { StatementSync } from "node:sqlite";
import { commandReply, refusal } from "../../shared/protocol/replies.ts";
import type { AppliedCommand, Checkpoint, RecorderSink } from "../../shared/replay/recorder.ts";
import { SIMULATION_VERSION } from "../../shared/sim/engine/version.ts";
import type { WallClock } from "../clock.ts";
import type { MatchDatabase } from "./MatchDatabase.ts";
import type { SessionRecordWriter } from "./MatchStore.ts";

export interface ScenarioFileRecord {
  file: string;
  text: string;
}

export interface NewSession {
  id: string;
  code: string;
  scenarioName: string;
  scenarioTitle: string;
  scenarioSource: "builtin" | "upload";
  scenarioFiles: ScenarioFileRecord[];
  seed: number;
  options: object;
  instructorTokenHash: string;
  createdAt: number;
}

export interface NewPlayer {
  id: string;
  nickname: string;
  tokenHash: string;
  deviceHash: string;
  ip?: string;
  joinedAt: number;
}

export interface SessionEventEntry {
  kind: string;
  tick: number;
  at: number;
  playerId?: string;
  detail?: object;
}

export interface SessionEnd {
  at: number;
  reason: string;
  finalTick: number;
  finalHash: string;
  outcome: object;
  /** "won" or "lost: ...". */
  result: string;
  /** The win conditions judged at the end (GoalResult[]). */
  goals: readonly object[];
}

/**
 * The session's record in SQLite: the session, its players and seat holds, its settings and events, and
 * (through `recorderSink`, the sink of shared/replay's MatchRecorder) every command and checkpoint. Every
 * call is one synchronous SQLite commit, so when it returns the row is durable: a command is written
 * before its player is answered, and a crash after that loses nothing that was acknowledged.
 */
export class SessionStore implements SessionRecordWriter {
  private readonly database: MatchDatabase;
  private readonly eventSeq = new Map<string, number>();
  private readonly statements: Record<
    | "session"
    | "started"
    | "ended"
    | "player"
    | "kicked"
    | "banned"
    | "unbanned"
    | "token"
    | "closeHold"
    | "closeHolds"
    | "openHold"
    | "command"
    | "checkpoint"
    | "event"
    | "tick"
    | "settings"
    | "interrupted",
    StatementSync
  >;

  constructor(database: MatchDatabase) {
    this.database = database;
    const db = database.db;
    this.statements = {
      session: db.prepare(
        `INSERT INTO sessions (id, code, scenario_name, scenario_title, scenario_source, scenario_files, seed,
           options, instructor_token_hash, created_at, simulation)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      started: db.prepare("UPDATE sessions SET started_at = ? WHERE id = ? AND started_at IS NULL"),
      ended: db.prepare(
        `UPDATE sessions SET ended_at = ?, end_reason = ?, final_tick = ?, final_hash = ?, outcome = ?,
           result = ?, goals = ?, last_tick = ?
         WHERE id = ? AND ended_at IS NULL`,
      ),
      tick: db.prepare("UPDATE sessions SET last_tick = ? WHERE id = ? AND ended_at IS NULL"),
      settings: db.prepare("UPDATE sessions SET settings = ? WHERE id = ?"),
      interrupted: db.prepare(
        "UPDATE sessions SET ended_at = ?, end_reason = 'interrupted' WHERE id = ? AND ended_at IS NULL",
      ),
      player: db.prepare(
        `INSERT INTO players (session_id, id, nickname, token_hash, device_hash, ip, joined_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      kicked: db.prepare(
        "UPDATE players SET kicked_at = ? WHERE session_id = ? AND id = ? AND kicked_at IS NULL",
      ),
      banned: db.prepare(
        "UPDATE players SET banned_at = ?, address_banned = ? WHERE session_id = ? AND id = ?",
      ),
      unbanned: db.prepare(
        "UPDATE players SET banned_at = NULL, address_banned = 0 WHERE session_id = ? AND id = ?",
      ),
      token: db.prepare("UPDATE players SET token_hash = ? WHERE session_id = ? AND id = ?"),
      closeHold: db.prepare(
        `UPDATE seat_holds SET to_tick = ?, to_at = ?
         WHERE session_id = ? AND player_id = ? AND to_tick IS NULL`,
      ),
      closeHolds: db.prepare(
        "UPDATE seat_holds SET to_tick = ?, to_at = ? WHERE session_id = ? AND to_tick IS NULL",
      ),
      openHold: db.prepare(
        `INSERT INTO seat_holds (session_id, player_id, seat, from_tick, from_at, assigned_by)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      command: db.prepare(
        `INSERT INTO commands (session_id, seq, tick, seat, player_id, command, outcome, result, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      checkpoint: db.prepare("INSERT OR REPLACE INTO checkpoints (session_id, tick, hash) VALUES (?, ?, ?)"),
      event: db.prepare(
        `INSERT INTO session_events (session_id, seq, at, tick, kind, player_id, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
  }

  /** Committed before it returns (the promise is only the interface's shape). */
  createSession(session: NewSession): Promise<void> {
    try {
      this.insertSession(session);
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.resolve();
  }

  private insertSession(session: NewSession): void {
    this.statements.session.run(
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
    );
    this.eventSeq.set(session.id, 0);
  }

  sessionStarted(sessionId: string, at: number): void {
    this.statements.started.run(at, sessionId);
  }

  addPlayer(sessionId: string, player: NewPlayer): void {
    this.statements.player.run(
      sessionId,
      player.id,
      player.nickname,
      player.tokenHash,
      player.deviceHash,
      player.ip ?? null,
      player.joinedAt,
    );
  }

  /** A kick (`ban` undefined), or a ban of the player's device and, with `ban.address`, address. */
  playerKicked(sessionId: string, playerId: string, at: number, ban?: { address: boolean }): void {
    this.database.transaction(() => {
      this.statements.kicked.run(at, sessionId, playerId);
      if (ban) this.statements.banned.run(at, ban.address ? 1 : 0, sessionId, playerId);
    });
  }

  /** A returning player's new token digest (the one their lost tab held no longer admits them). */
  playerToken(sessionId: string, playerId: string, tokenHash: string): void {
    this.statements.token.run(tokenHash, sessionId, playerId);
  }

  playerUnbanned(sessionId: string, playerId: string): void {
    this.statements.unbanned.run(sessionId, playerId);
  }

  /** Closes the player's current seat hold and opens one on `seat` (none for the lobby). */
  seatChanged(
    sessionId: string,
    playerId: string,
    seat: string | undefined,
    tick: number,
    at: number,
    by: "self" | "instructor",
  ): void {
    this.database.transaction(() => {
      this.statements.closeHold.run(tick, at, sessionId, playerId);
      if (seat) this.statements.openHold.run(sessionId, playerId, seat, tick, at, by);
    });
  }

  /**
   * Writes everything `work` records in one commit: a kubectl line that makes fifty changes pays one
   * fsync (~1 ms with DB_SYNC=full here) instead of fifty, and is still on disk before it is answered.
   */
  batch<T>(work: () => T): T {
    return this.database.transaction(work);
  }

  /**
   * Where the session's MatchRecorder writes: each command with the reply its player got (the engine's
   * answer in Kubernetes' words, or the simulation's failure) and the wall time, each checkpoint.
   */
  recorderSink(sessionId: string, clock: WallClock): RecorderSink {
    return {
      command: (applied: AppliedCommand) => {
        const reply = applied.result
          ? commandReply(applied.result)
          : refusal("InternalError", "simulationFailed");
        this.statements.command.run(
          sessionId,
          applied.seq,
          applied.tick,
          applied.seat,
          applied.player ?? null,
          JSON.stringify(applied.command),
          applied.outcome,
          JSON.stringify(reply),
          clock.now(),
        );
      },
      checkpoint: (checkpoint: Checkpoint) => {
        this.statements.checkpoint.run(sessionId, checkpoint.tick, checkpoint.hash);
      },
    };
  }

  async adopt(sessionId: string): Promise<{ lastCommandSeq: number }> {
    return { lastCommandSeq: this.lastCommandSeq(sessionId) };
  }

  /** Every write is a synchronous commit: nothing is ever waiting to be durable. */
  written(_sessionId: string): undefined {
    return undefined;
  }

  /** The seq of the session's last recorded command (0 for none): where a resumed session goes on. */
  lastCommandSeq(sessionId: string): number {
    const row = this.database.db
      .prepare("SELECT COALESCE(MAX(seq), 0) AS last FROM commands WHERE session_id = ?")
      .get(sessionId) as { last: number };
    return row.last;
  }

  hasCheckpoint(sessionId: string, tick: number): boolean {
    return (
      this.database.db
        .prepare("SELECT 1 FROM checkpoints WHERE session_id = ? AND tick = ?")
        .get(sessionId, tick) !== undefined
    );
  }

  event(sessionId: string, entry: SessionEventEntry): void {
    const seq = this.nextEvent(sessionId);
    this.statements.event.run(
      sessionId,
      seq,
      entry.at,
      entry.tick,
      entry.kind,
      entry.playerId ?? null,
      JSON.stringify(entry.detail ?? {}),
    );
    this.eventSeq.set(sessionId, seq);
  }

  /** The end of the match: its final tick and state hash (what a replay must reach), open seat holds closed. */
  endSession(sessionId: string, end: SessionEnd): void {
    this.database.transaction(() => {
      this.statements.closeHolds.run(end.finalTick, end.at, sessionId);
      this.statements.ended.run(
        end.at,
        end.reason,
        end.finalTick,
        end.finalHash,
        JSON.stringify(end.outcome),
        end.result,
        JSON.stringify(end.goals),
        end.finalTick,
        sessionId,
      );
    });
    this.eventSeq.delete(sessionId);
  }

  /**
   * The session's current tick, written at least every simulated second while it runs: a restart
   * re-simulates the match up to here (commands and checkpoints alone may stop earlier).
   */
  tick(sessionId: string, tick: number): void {
    this.statements.tick.run(tick, sessionId);
  }

  /** The session's settings as they are now (JSON), so a resumed session keeps them. */
  settings(sessionId: string, settings: object): void {
    this.statements.settings.run(JSON.stringify(settings), sessionId);
  }

  /**
   * A session that could not be resumed after a restart is over: its record stays complete up to the
   * last acknowledged command.
   */
  interrupted(sessionId: string, at: number): void {
    this.statements.interrupted.run(at, sessionId);
    this.eventSeq.delete(sessionId);
  }

  /**
   * Closes every session left open (no end time). Returns how many were closed. (The server resumes
   * open sessions instead; this remains for tools that only read a data directory.)
   */
  closeInterrupted(at: number): number {
    const result = this.database.db
      .prepare("UPDATE sessions SET ended_at = ?, end_reason = 'interrupted' WHERE ended_at IS NULL")
      .run(at);
    return Number(result.changes);
  }

  /** The next event number, continuing from the file when this process did not open the session. */
  private nextEvent(sessionId: string): number {
    let last = this.eventSeq.get(sessionId);
    if (last === undefined) {
      const row = this.database.db
        .prepare("SELECT COALESCE(MAX(seq), 0) AS last FROM session_events WHERE session_id = ?")
        .get(sessionId) as { last: number };
      last = row.last;
    }
    return last + 1;
  }
}
