import { MATCH_FORMAT, MATCH_VERSION, type MatchRecord } from "../../shared/replay/record.ts";
import type { CommandOutcome } from "../../shared/replay/recorder.ts";
import { rfc3339Milli } from "../../shared/time/format.ts";
import type { MatchDatabase } from "./MatchDatabase.ts";

export interface SessionSummary {
  id: string;
  code: string;
  scenarioName: string;
  scenarioTitle: string;
  scenarioSource: "builtin" | "upload";
  seed: number;
  options: Record<string, unknown>;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  endReason?: string;
  finalTick?: number;
  finalHash?: string;
  outcome?: Record<string, unknown>;
  /** The session's tick as last written (at least every simulated second while it ran). */
  lastTick?: number;
  /** The settings as they were last changed (JSON object), absent before the first change. */
  settings?: Record<string, unknown>;
  /** "won" or "lost: ..." once ended. */
  result?: string;
  /** GoalResult[] judged at the end. */
  goals?: unknown[];
  /** The SIMULATION_VERSION that recorded it; absent for a match from before it was kept. */
  simulation?: number;
}

export interface RecordedCommand {
  seq: number;
  tick: number;
  seat: string;
  playerId?: string;
  command: unknown;
  outcome: CommandOutcome;
  result: unknown;
  at: number;
}

export interface RecordedPlayer {
  id: string;
  nickname: string;
  deviceHash: string;
  ip?: string;
  joinedAt: number;
  kickedAt?: number;
  bannedAt?: number;
  /** The ban also covers the player's address. */
  addressBanned?: boolean;
}

export interface RecordedSeatHold {
  playerId: string;
  seat: string;
  fromTick: number;
  fromAt: number;
  toTick?: number;
  toAt?: number;
  assignedBy: "self" | "instructor";
}

export interface RecordedSessionEvent {
  seq: number;
  at: number;
  tick: number;
  kind: string;
  playerId?: string;
  detail: Record<string, unknown>;
}

/** What the server knows about a match beyond the match file: moderation, who sat where, session events. */
export interface SessionDetails {
  session: SessionSummary;
  players: RecordedPlayer[];
  seatHolds: RecordedSeatHold[];
  events: RecordedSessionEvent[];
}

export type Row = Record<string, unknown>;

export const opt = <T>(value: unknown): T | undefined =>
  value === null || value === undefined ? undefined : (value as T);

export function summary(row: Row): SessionSummary {
  return {
    id: row.id as string,
    code: row.code as string,
    scenarioName: row.scenario_name as string,
    scenarioTitle: row.scenario_title as string,
    scenarioSource: row.scenario_source as "builtin" | "upload",
    seed: row.seed as number,
    options: JSON.parse(row.options as string),
    createdAt: row.created_at as number,
    startedAt: opt(row.started_at),
    endedAt: opt(row.ended_at),
    endReason: opt(row.end_reason),
    finalTick: opt(row.final_tick),
    finalHash: opt(row.final_hash),
    outcome: row.outcome ? JSON.parse(row.outcome as string) : undefined,
    lastTick: opt(row.last_tick),
    settings: row.settings ? JSON.parse(row.settings as string) : undefined,
    result: opt(row.result),
    goals: row.goals ? JSON.parse(row.goals as string) : undefined,
    simulation: opt(row.simulation),
  };
}

export const SUMMARY_COLUMNS = `id, code, scenario_name, scenario_title, scenario_source, seed, options, created_at,
  started_at, ended_at, end_reason, final_tick, final_hash, outcome, last_tick, settings, result, goals, simulation`;

/** A player as a resumed session needs them: with the digest of their token. */
export interface RosterEntry extends RecordedPlayer {
  tokenHash: string;
}

/** Reads the match record: what replays and debriefs are built from. */
export class MatchArchive {
  private readonly database: MatchDatabase;

  constructor(database: MatchDatabase) {
    this.database = database;
  }

  session(id: string): SessionSummary | undefined {
    const row = this.database.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM sessions WHERE id = ?`).get(id);
    return row ? summary(row) : undefined;
  }

  instructorTokenHash(id: string): string | undefined {
    const row = this.database.db.prepare("SELECT instructor_token_hash FROM sessions WHERE id = ?").get(id);
    return row ? (row.instructor_token_hash as string) : undefined;
  }

  /** The most recent session that used this join code (codes are unique only among live sessions). */
  latestByCode(code: string): SessionSummary | undefined {
    const row = this.database.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM sessions WHERE code = ? ORDER BY created_at DESC LIMIT 1`)
      .get(code);
    return row ? summary(row) : undefined;
  }

  /** Sessions not ended (live in this process, or left open by a stopped or crashed one), oldest first. */
  openSessionIds(): string[] {
    return this.database.db
      .prepare("SELECT id FROM sessions WHERE ended_at IS NULL ORDER BY created_at")
      .all()
      .map((row) => row.id as string);
  }

  scenarioFiles(sessionId: string): { file: string; text: string }[] {
    const row = this.database.db.prepare("SELECT scenario_files FROM sessions WHERE id = ?").get(sessionId);
    return row ? JSON.parse(row.scenario_files as string) : [];
  }

  /** Every player of the session with their token digest (what a resumed session admits them by). */
  roster(sessionId: string): RosterEntry[] {
    return this.database.db
      .prepare(
        `SELECT id, nickname, token_hash, device_hash, ip, joined_at, kicked_at, banned_at, address_banned
         FROM players WHERE session_id = ? ORDER BY joined_at, id`,
      )
      .all(sessionId)
      .map((row) => ({
        id: row.id as string,
        nickname: row.nickname as string,
        tokenHash: row.token_hash as string,
        deviceHash: row.device_hash as string,
        ip: opt<string>(row.ip),
        joinedAt: row.joined_at as number,
        kickedAt: opt<number>(row.kicked_at),
        bannedAt: opt<number>(row.banned_at),
        ...(row.address_banned === 1 && row.banned_at !== null ? { addressBanned: true } : {}),
      }));
  }

  /** Accepted and refused commands per player (the instructor panel's counters). */
  commandCounts(sessionId: string): Map<string, { accepted: number; refused: number }> {
    const counts = new Map<string, { accepted: number; refused: number }>();
    const rows = this.database.db
      .prepare(
        `SELECT player_id, outcome, COUNT(*) AS n FROM commands
         WHERE session_id = ? AND player_id IS NOT NULL GROUP BY player_id, outcome`,
      )
      .all(sessionId);
    for (const row of rows) {
      const entry = counts.get(row.player_id as string) ?? { accepted: 0, refused: 0 };
      if (row.outcome === "accepted") entry.accepted += row.n as number;
      else entry.refused += row.n as number;
      counts.set(row.player_id as string, entry);
    }
    return counts;
  }

  list(limit = 50): SessionSummary[] {
    return this.database.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM sessions ORDER BY created_at DESC LIMIT ?`)
      .all(limit)
      .map(summary);
  }

  commands(sessionId: string): RecordedCommand[] {
    return this.database.db
      .prepare(
        "SELECT seq, tick, seat, player_id, command, outcome, result, at FROM commands WHERE session_id = ? ORDER BY seq",
      )
      .all(sessionId)
      .map((row) => ({
        seq: row.seq as number,
        tick: row.tick as number,
        seat: row.seat as string,
        playerId: opt(row.player_id),
        command: JSON.parse(row.command as string),
        outcome: row.outcome as CommandOutcome,
        result: JSON.parse(row.result as string),
        at: row.at as number,
      }));
  }

  checkpoints(sessionId: string): { tick: number; hash: string }[] {
    return this.database.db
      .prepare("SELECT tick, hash FROM checkpoints WHERE session_id = ? ORDER BY tick")
      .all(sessionId)
      .map((row) => ({ tick: row.tick as number, hash: row.hash as string }));
  }

  /**
   * The match as a `kubeclass.match` file (shared/replay/record.ts): what Replay re-simulates and
   * verifies. `endTick` defaults to the recorded final tick; for a session still running or cut short,
   * to the last tick the record mentions (pass the live tick to replay a running match up to now).
   */
  match(sessionId: string, options: { endTick?: number } = {}): MatchRecord | undefined {
    const details = this.details(sessionId);
    if (!details) return undefined;
    return matchRecordOf(
      details,
      this.scenarioFiles(sessionId),
      this.commands(sessionId),
      this.checkpoints(sessionId),
      options,
    );
  }

  details(sessionId: string): SessionDetails | undefined {
    const db = this.database.db;
    const session = this.session(sessionId);
    if (!session) return undefined;
    const players = db
      .prepare(
        "SELECT id, nickname, device_hash, ip, joined_at, kicked_at, banned_at FROM players WHERE session_id = ? ORDER BY joined_at, id",
      )
      .all(sessionId)
      .map((row) => ({
        id: row.id as string,
        nickname: row.nickname as string,
        deviceHash: row.device_hash as string,
        ip: opt<string>(row.ip),
        joinedAt: row.joined_at as number,
        kickedAt: opt<number>(row.kicked_at),
        bannedAt: opt<number>(row.banned_at),
      }));
    const seatHolds = db
      .prepare(
        "SELECT player_id, seat, from_tick, from_at, to_tick, to_at, assigned_by FROM seat_holds WHERE session_id = ? ORDER BY rowid",
      )
      .all(sessionId)
      .map((row) => ({
        playerId: row.player_id as string,
        seat: row.seat as string,
        fromTick: row.from_tick as number,
        fromAt: row.from_at as number,
        toTick: opt<number>(row.to_tick),
        toAt: opt<number>(row.to_at),
        assignedBy: row.assigned_by as "self" | "instructor",
      }));
    const events = db
      .prepare(
        "SELECT seq, at, tick, kind, player_id, detail FROM session_events WHERE session_id = ? ORDER BY seq",
      )
      .all(sessionId)
      .map((row) => ({
        seq: row.seq as number,
        at: row.at as number,
        tick: row.tick as number,
        kind: row.kind as string,
        playerId: opt<string>(row.player_id),
        detail: JSON.parse(row.detail as string),
      }));
    return { session, players, seatHolds, events };
  }
}

/**
 * The match as a `kubeclass.match` file, from what the record holds (whichever database): what Replay
 * re-simulates and verifies. `endTick` defaults to the recorded final tick; for a session still running
 * or cut short, to the last tick the record mentions.
 */
export function matchRecordOf(
  details: SessionDetails,
  scenarioFiles: { file: string; text: string }[],
  commands: RecordedCommand[],
  checkpoints: { tick: number; hash: string }[],
  options: { endTick?: number } = {},
): MatchRecord {
  const { session } = details;
  const lastKnown = Math.max(
    commands.at(-1)?.tick ?? 0,
    checkpoints.at(-1)?.tick ?? 0,
    session.lastTick ?? 0,
  );
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : rfc3339Milli(ms));
  return {
    format: MATCH_FORMAT,
    version: MATCH_VERSION,
    id: session.id,
    scenario: { name: session.scenarioName, title: session.scenarioTitle },
    scenarioFiles,
    seed: session.seed,
    ...(session.simulation !== undefined ? { simulation: session.simulation } : {}),
    createdAt: iso(session.createdAt) as string,
    ...(session.startedAt !== undefined ? { startedAt: iso(session.startedAt) } : {}),
    ...(session.endedAt !== undefined ? { endedAt: iso(session.endedAt) } : {}),
    endTick: options.endTick ?? session.finalTick ?? lastKnown,
    ...(session.result || session.endReason ? { outcome: session.result ?? session.endReason } : {}),
    players: details.players.map((p) => ({ id: p.id, nickname: p.nickname })),
    occupancy: details.seatHolds.map((h) => ({
      player: h.playerId,
      seat: h.seat,
      fromTick: h.fromTick,
      ...(h.toTick !== undefined ? { toTick: h.toTick } : {}),
    })),
    commands: commands.map((c) => {
      const message = (c.result as { message?: unknown } | null)?.message;
      return {
        seq: c.seq,
        tick: c.tick,
        seat: c.seat,
        ...(c.playerId ? { player: c.playerId } : {}),
        command: c.command as Record<string, unknown>,
        ok: c.outcome === "accepted",
        ...(typeof message === "string" ? { message } : {}),
      };
    }),
    checkpoints,
  };
}

/** Row mappers both backends share: the same columns give the same values. */
export function recordedCommand(row: Row): RecordedCommand {
  return {
    seq: Number(row.seq),
    tick: Number(row.tick),
    seat: row.seat as string,
    playerId: opt(row.player_id),
    command: JSON.parse(row.command as string),
    outcome: row.outcome as CommandOutcome,
    result: JSON.parse(row.result as string),
    at: Number(row.at),
  };
}

export function rosterEntry(row: Row): RosterEntry {
  return {
    id: row.id as string,
    nickname: row.nickname as string,
    tokenHash: row.token_hash as string,
    deviceHash: row.device_hash as string,
    ip: opt<string>(row.ip),
    joinedAt: Number(row.joined_at),
    kickedAt: opt<number>(row.kicked_at),
    bannedAt: opt<number>(row.banned_at),
    ...(Number(row.address_banned) === 1 && row.banned_at !== null ? { addressBanned: true } : {}),
  };
}

export function recordedPlayer(row: Row): RecordedPlayer {
  return {
    id: row.id as string,
    nickname: row.nickname as string,
    deviceHash: row.device_hash as string,
    ip: opt<string>(row.ip),
    joinedAt: Number(row.joined_at),
    kickedAt: opt<number>(row.kicked_at),
    bannedAt: opt<number>(row.banned_at),
  };
}

export function seatHold(row: Row): RecordedSeatHold {
  return {
    playerId: row.player_id as string,
    seat: row.seat as string,
    fromTick: Number(row.from_tick),
    fromAt: Number(row.from_at),
    toTick: opt<number>(row.to_tick),
    toAt: opt<number>(row.to_at),
    assignedBy: row.assigned_by as "self" | "instructor",
  };
}

export function sessionEvent(row: Row): RecordedSessionEvent {
  return {
    seq: Number(row.seq),
    at: Number(row.at),
    tick: Number(row.tick),
    kind: row.kind as string,
    playerId: opt<string>(row.player_id),
    detail: JSON.parse(row.detail as string),
  };
}
