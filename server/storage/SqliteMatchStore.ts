import type { MatchRecord } from "../../shared/replay/record.ts";
import { MatchArchive } from "./MatchArchive.ts";
import { MatchDatabase, type OpenOptions } from "./MatchDatabase.ts";
import { type ImportedMatch, MatchLibrary } from "./MatchLibrary.ts";
import type { MatchReader, MatchShelf, MatchStore } from "./MatchStore.ts";
import { SessionStore } from "./SessionStore.ts";

/**
 * The record in one SQLite file (`${DATA_DIR}/kubeclass.db`), for one process: the default. Every write
 * is a synchronous commit (so `written()` is always undefined and replies go out exactly as before);
 * reads are synchronous too, answered as promises to fit the interface PostgreSQL shares.
 */
export class SqliteMatchStore implements MatchStore {
  readonly backend = "sqlite";
  readonly database: MatchDatabase;
  readonly writer: SessionStore;
  readonly archive: MatchArchive;
  readonly reader: MatchReader;
  readonly library: MatchShelf;

  constructor(database: MatchDatabase) {
    this.database = database;
    this.writer = new SessionStore(database);
    this.archive = new MatchArchive(database);
    this.reader = asyncReader(this.archive);
    this.library = asyncShelf(new MatchLibrary(database, this.archive));
  }

  static open(dataDir: string, options: OpenOptions = {}): SqliteMatchStore {
    return new SqliteMatchStore(MatchDatabase.open(dataDir, options));
  }

  get location(): string {
    return this.database.path;
  }

  async close(): Promise<void> {
    this.database.close();
  }
}

function asyncReader(archive: MatchArchive): MatchReader {
  return {
    session: async (id) => archive.session(id),
    instructorTokenHash: async (id) => archive.instructorTokenHash(id),
    latestByCode: async (code) => archive.latestByCode(code),
    openSessionIds: async () => archive.openSessionIds(),
    scenarioFiles: async (id) => archive.scenarioFiles(id),
    roster: async (id) => archive.roster(id),
    commandCounts: async (id) => archive.commandCounts(id),
    list: async (limit) => archive.list(limit),
    commands: async (id) => archive.commands(id),
    checkpoints: async (id) => archive.checkpoints(id),
    match: async (id, options) => archive.match(id, options),
    details: async (id) => archive.details(id),
  };
}

function asyncShelf(library: MatchLibrary): MatchShelf {
  return {
    list: async () => library.list(),
    get: async (id) => library.get(id),
    record: async (id, options): Promise<MatchRecord | undefined> => library.record(id, options),
    has: async (id) => library.has(id),
    addImport: async (match: ImportedMatch) => library.addImport(match),
    cachedDebrief: async (id) => library.cachedDebrief(id),
    cacheDebrief: async (id, json) => library.cacheDebrief(id, json),
  };
}
