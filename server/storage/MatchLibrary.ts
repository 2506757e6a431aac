import type { MatchSummary } from "../../shared/protocol/http.ts";
import type { MatchRecord } from "../../shared/replay/record.ts";
import type { Mismatch } from "../../shared/replay/replay.ts";
import type { GoalResult } from "../../shared/scenario/goals.ts";
import type { MatchArchive } from "./MatchArchive.ts";
import type { MatchDatabase } from "./MatchDatabase.ts";

type Row = Record<string, unknown>;

/** A match of the library: a session played here, or a match file imported. */
export interface LibraryEntry {
  summary: MatchSummary;
  seed: number;
  scenarioSource: string;
  /** Final tick (ended), last recorded tick (live), or the file's end tick (imported). */
  endTick: number;
  /** Judged at the end (or on the re-simulated end of an import); absent while live. */
  goals?: GoalResult[];
  verified?: boolean;
  mismatches?: Mismatch[];
}

export interface ImportedMatch {
  id: string;
  record: MatchRecord;
  /** The file as uploaded (JSON): exported again exactly as it came. */
  json: string;
  importedAt: number;
  mismatches: Mismatch[];
  goals: GoalResult[];
  result: string;
}

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export const SESSION_LIST = `SELECT s.id, s.code, s.scenario_name, s.scenario_title, s.scenario_source, s.seed, s.created_at,
    s.started_at, s.ended_at, s.end_reason, s.result, s.goals, s.final_tick, s.last_tick,
    (SELECT COUNT(*) FROM players p WHERE p.session_id = s.id) AS players
  FROM sessions s`;

export const IMPORT_LIST = `SELECT id, scenario_name, scenario_title, seed, created_at, started_at, ended_at, imported_at,
    players, end_tick, verified, mismatches, result, goals
  FROM imported_matches`;

export function sessionEntry(row: Row): LibraryEntry {
  const live = row.ended_at === null || row.ended_at === undefined;
  return {
    summary: {
      id: row.id as string,
      code: live ? null : (row.code as string),
      scenario: { name: row.scenario_name as string, title: row.scenario_title as string },
      status: live ? "live" : "ended",
      imported: false,
      createdAt: row.created_at as number,
      startedAt: num(row.started_at),
      endedAt: num(row.ended_at),
      players: Number(row.players),
      outcome: str(row.result),
      endReason: str(row.end_reason),
    },
    seed: row.seed as number,
    scenarioSource: row.scenario_source as string,
    endTick: Number(row.final_tick ?? row.last_tick ?? 0),
    ...(row.goals ? { goals: JSON.parse(row.goals as string) } : {}),
  };
}

export function importEntry(row: Row): LibraryEntry {
  return {
    summary: {
      id: row.id as string,
      code: null,
      scenario: { name: row.scenario_name as string, title: row.scenario_title as string },
      status: "imported",
      imported: true,
      createdAt: row.created_at as number,
      startedAt: num(row.started_at),
      endedAt: num(row.ended_at),
      players: Number(row.players),
      outcome: str(row.result),
      endReason: null,
    },
    seed: row.seed as number,
    scenarioSource: "import",
    endTick: row.end_tick as number,
    goals: JSON.parse(row.goals as string),
    verified: Number(row.verified) === 1,
    mismatches: JSON.parse(row.mismatches as string),
  };
}

/**
 * Every match this server knows, for the matches API: sessions played here (sessions and the tables
 * around them) and match files imported (kept verbatim in imported_matches), plus cached debriefs.
 */
export class MatchLibrary {
  private readonly database: MatchDatabase;
  private readonly archive: MatchArchive;

  constructor(database: MatchDatabase, archive: MatchArchive) {
    this.database = database;
    this.archive = archive;
  }

  /** Newest first: sessions by creation, imports by when they were imported. */
  list(): LibraryEntry[] {
    const db = this.database.db;
    const sessions = db
      .prepare(`${SESSION_LIST} ORDER BY s.created_at DESC`)
      .all()
      .map((row) => ({ at: row.created_at as number, entry: sessionEntry(row) }));
    const imports = db
      .prepare(`${IMPORT_LIST} ORDER BY imported_at DESC`)
      .all()
      .map((row) => ({ at: row.imported_at as number, entry: importEntry(row) }));
    return [...sessions, ...imports].sort((a, b) => b.at - a.at).map((x) => x.entry);
  }

  get(id: string): LibraryEntry | undefined {
    const db = this.database.db;
    const session = db.prepare(`${SESSION_LIST} WHERE s.id = ?`).get(id);
    if (session) return sessionEntry(session);
    const imported = db.prepare(`${IMPORT_LIST} WHERE id = ?`).get(id);
    return imported ? importEntry(imported) : undefined;
  }

  /** The match file: an import exactly as it was imported, a session as recorded (to `endTick` if live). */
  record(id: string, options: { endTick?: number } = {}): MatchRecord | undefined {
    const row = this.database.db.prepare("SELECT record FROM imported_matches WHERE id = ?").get(id);
    if (row) return JSON.parse(row.record as string) as MatchRecord;
    return this.archive.match(id, options);
  }

  /** Whether an id is taken by a session or an import. */
  has(id: string): boolean {
    const db = this.database.db;
    return (
      db.prepare("SELECT 1 FROM sessions WHERE id = ?").get(id) !== undefined ||
      db.prepare("SELECT 1 FROM imported_matches WHERE id = ?").get(id) !== undefined
    );
  }

  addImport(match: ImportedMatch): void {
    const r = match.record;
    const time = (iso: string | undefined) => {
      const ms = iso === undefined ? Number.NaN : Date.parse(iso);
      return Number.isFinite(ms) ? ms : null;
    };
    this.database.db
      .prepare(
        `INSERT INTO imported_matches (id, record, scenario_name, scenario_title, seed, created_at, started_at,
           ended_at, imported_at, players, end_tick, verified, mismatches, result, goals)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        match.id,
        match.json,
        r.scenario.name,
        r.scenario.title,
        r.seed,
        time(r.createdAt) ?? match.importedAt,
        time(r.startedAt),
        time(r.endedAt),
        match.importedAt,
        r.players.length,
        r.endTick,
        match.mismatches.length === 0 ? 1 : 0,
        JSON.stringify(match.mismatches),
        match.result,
        JSON.stringify(match.goals),
      );
  }

  /** A debrief computed earlier (JSON text), if any. */
  cachedDebrief(id: string): string | undefined {
    const db = this.database.db;
    const row =
      db.prepare("SELECT debrief FROM sessions WHERE id = ?").get(id) ??
      db.prepare("SELECT debrief FROM imported_matches WHERE id = ?").get(id);
    return typeof row?.debrief === "string" ? row.debrief : undefined;
  }

  /** Keeps a finished match's debrief (it never changes once the match has ended). */
  cacheDebrief(id: string, json: string): void {
    const db = this.database.db;
    db.prepare("UPDATE sessions SET debrief = ? WHERE id = ? AND ended_at IS NOT NULL").run(json, id);
    db.prepare("UPDATE imported_matches SET debrief = ? WHERE id = ?").run(json, id);
  }
}
