import type { MatchRecord } from "../../../shared/replay/record.ts";
import {
  IMPORT_LIST,
  type ImportedMatch,
  importEntry,
  type LibraryEntry,
  SESSION_LIST,
  sessionEntry,
} from "../MatchLibrary.ts";
import type { MatchReader, MatchShelf } from "../MatchStore.ts";
import type { PgDatabase } from "./PgDatabase.ts";

/** Every match in PostgreSQL, whichever process played it: SQLite's MatchLibrary, same queries. */
export class PgLibrary implements MatchShelf {
  private readonly database: PgDatabase;
  private readonly reader: MatchReader;

  constructor(database: PgDatabase, reader: MatchReader) {
    this.database = database;
    this.reader = reader;
  }

  private async rows(text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
    return (await this.database.pool.query(text, values)).rows;
  }

  async list(): Promise<LibraryEntry[]> {
    const [sessions, imports] = await Promise.all([
      this.rows(`${SESSION_LIST} ORDER BY s.created_at DESC`),
      this.rows(`${IMPORT_LIST} ORDER BY imported_at DESC`),
    ]);
    return [
      ...sessions.map((row) => ({ at: Number(row.created_at), entry: sessionEntry(row) })),
      ...imports.map((row) => ({ at: Number(row.imported_at), entry: importEntry(row) })),
    ]
      .sort((a, b) => b.at - a.at)
      .map((x) => x.entry);
  }

  async get(id: string): Promise<LibraryEntry | undefined> {
    const [session] = await this.rows(`${SESSION_LIST} WHERE s.id = $1`, [id]);
    if (session) return sessionEntry(session);
    const [imported] = await this.rows(`${IMPORT_LIST} WHERE id = $1`, [id]);
    return imported ? importEntry(imported) : undefined;
  }

  async record(id: string, options: { endTick?: number } = {}): Promise<MatchRecord | undefined> {
    const [row] = await this.rows("SELECT record FROM imported_matches WHERE id = $1", [id]);
    if (row) return JSON.parse(row.record as string) as MatchRecord;
    return this.reader.match(id, options);
  }

  async has(id: string): Promise<boolean> {
    const rows = await this.rows(
      "SELECT 1 FROM sessions WHERE id = $1 UNION ALL SELECT 1 FROM imported_matches WHERE id = $1",
      [id],
    );
    return rows.length > 0;
  }

  async addImport(match: ImportedMatch): Promise<void> {
    const r = match.record;
    const time = (iso: string | undefined) => {
      const ms = iso === undefined ? Number.NaN : Date.parse(iso);
      return Number.isFinite(ms) ? ms : null;
    };
    await this.database.pool.query(
      `INSERT INTO imported_matches (id, record, scenario_name, scenario_title, seed, created_at, started_at,
         ended_at, imported_at, players, end_tick, verified, mismatches, result, goals)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
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
      ],
    );
  }

  async cachedDebrief(id: string): Promise<string | undefined> {
    const [row] = await this.rows(
      "SELECT debrief FROM sessions WHERE id = $1 UNION ALL SELECT debrief FROM imported_matches WHERE id = $1",
      [id],
    );
    return typeof row?.debrief === "string" ? row.debrief : undefined;
  }

  async cacheDebrief(id: string, json: string): Promise<void> {
    await this.database.pool.query(
      "UPDATE sessions SET debrief = $2 WHERE id = $1 AND ended_at IS NOT NULL",
      [id, json],
    );
    await this.database.pool.query("UPDATE imported_matches SET debrief = $2 WHERE id = $1", [id, json]);
  }
}
