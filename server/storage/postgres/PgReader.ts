import type { MatchRecord } from "../../../shared/replay/record.ts";
import {
  matchRecordOf,
  type RecordedCommand,
  type RosterEntry,
  recordedCommand,
  recordedPlayer,
  rosterEntry,
  type SessionDetails,
  type SessionSummary,
  SUMMARY_COLUMNS,
  seatHold,
  sessionEvent,
  summary,
} from "../MatchArchive.ts";
import type { MatchReader } from "../MatchStore.ts";
import type { ScenarioFileRecord } from "../SessionStore.ts";
import type { PgDatabase } from "./PgDatabase.ts";

/** Reads the record in PostgreSQL: the same answers as SQLite's MatchArchive, from the same columns. */
export class PgReader implements MatchReader {
  private readonly database: PgDatabase;

  constructor(database: PgDatabase) {
    this.database = database;
  }

  private async rows(text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
    return (await this.database.pool.query(text, values)).rows;
  }

  async session(id: string): Promise<SessionSummary | undefined> {
    const [row] = await this.rows(`SELECT ${SUMMARY_COLUMNS} FROM sessions WHERE id = $1`, [id]);
    return row ? summary(row) : undefined;
  }

  async instructorTokenHash(id: string): Promise<string | undefined> {
    const [row] = await this.rows("SELECT instructor_token_hash FROM sessions WHERE id = $1", [id]);
    return row ? (row.instructor_token_hash as string) : undefined;
  }

  async latestByCode(code: string): Promise<SessionSummary | undefined> {
    const [row] = await this.rows(
      `SELECT ${SUMMARY_COLUMNS} FROM sessions WHERE code = $1 ORDER BY created_at DESC LIMIT 1`,
      [code],
    );
    return row ? summary(row) : undefined;
  }

  async openSessionIds(): Promise<string[]> {
    const rows = await this.rows("SELECT id FROM sessions WHERE ended_at IS NULL ORDER BY created_at");
    return rows.map((row) => row.id as string);
  }

  async scenarioFiles(sessionId: string): Promise<ScenarioFileRecord[]> {
    const [row] = await this.rows("SELECT scenario_files FROM sessions WHERE id = $1", [sessionId]);
    return row ? JSON.parse(row.scenario_files as string) : [];
  }

  async roster(sessionId: string): Promise<RosterEntry[]> {
    const rows = await this.rows(
      `SELECT id, nickname, token_hash, device_hash, ip, joined_at, kicked_at, banned_at, address_banned
       FROM players WHERE session_id = $1 ORDER BY joined_at, id`,
      [sessionId],
    );
    return rows.map(rosterEntry);
  }

  async commandCounts(sessionId: string): Promise<Map<string, { accepted: number; refused: number }>> {
    const counts = new Map<string, { accepted: number; refused: number }>();
    const rows = await this.rows(
      `SELECT player_id, outcome, COUNT(*) AS n FROM commands
       WHERE session_id = $1 AND player_id IS NOT NULL GROUP BY player_id, outcome`,
      [sessionId],
    );
    for (const row of rows) {
      const entry = counts.get(row.player_id as string) ?? { accepted: 0, refused: 0 };
      if (row.outcome === "accepted") entry.accepted += Number(row.n);
      else entry.refused += Number(row.n);
      counts.set(row.player_id as string, entry);
    }
    return counts;
  }

  async list(limit = 50): Promise<SessionSummary[]> {
    const rows = await this.rows(
      `SELECT ${SUMMARY_COLUMNS} FROM sessions ORDER BY created_at DESC LIMIT $1`,
      [limit],
    );
    return rows.map(summary);
  }

  async commands(sessionId: string): Promise<RecordedCommand[]> {
    const rows = await this.rows(
      "SELECT seq, tick, seat, player_id, command, outcome, result, at FROM commands WHERE session_id = $1 ORDER BY seq",
      [sessionId],
    );
    return rows.map(recordedCommand);
  }

  async checkpoints(sessionId: string): Promise<{ tick: number; hash: string }[]> {
    const rows = await this.rows("SELECT tick, hash FROM checkpoints WHERE session_id = $1 ORDER BY tick", [
      sessionId,
    ]);
    return rows.map((row) => ({ tick: Number(row.tick), hash: row.hash as string }));
  }

  async match(sessionId: string, options: { endTick?: number } = {}): Promise<MatchRecord | undefined> {
    const details = await this.details(sessionId);
    if (!details) return undefined;
    const [files, commands, checkpoints] = await Promise.all([
      this.scenarioFiles(sessionId),
      this.commands(sessionId),
      this.checkpoints(sessionId),
    ]);
    return matchRecordOf(details, files, commands, checkpoints, options);
  }

  async details(sessionId: string): Promise<SessionDetails | undefined> {
    const session = await this.session(sessionId);
    if (!session) return undefined;
    const [players, seatHolds, events] = await Promise.all([
      this.rows(
        "SELECT id, nickname, device_hash, ip, joined_at, kicked_at, banned_at FROM players WHERE session_id = $1 ORDER BY joined_at, id",
        [sessionId],
      ),
      this.rows(
        "SELECT player_id, seat, from_tick, from_at, to_tick, to_at, assigned_by FROM seat_holds WHERE session_id = $1 ORDER BY seq",
        [sessionId],
      ),
      this.rows(
        "SELECT seq, at, tick, kind, player_id, detail FROM session_events WHERE session_id = $1 ORDER BY seq",
        [sessionId],
      ),
    ]);
    return {
      session,
      players: players.map(recordedPlayer),
      seatHolds: seatHolds.map(seatHold),
      events: events.map(sessionEvent),
    };
  }
}
