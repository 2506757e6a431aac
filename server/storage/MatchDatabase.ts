import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { MIGRATIONS } from "./migrations.ts";

export const DATABASE_FILE = "kubeclass.db";

export interface OpenOptions {
  /** "full": a commit survives power loss; "normal": it survives a crash of the process. */
  sync?: "full" | "normal";
  readOnly?: boolean;
}

/**
 * The one SQLite file (`${DATA_DIR}/kubeclass.db`) in WAL mode, migrated on open. node:sqlite is
 * synchronous: a write returns once SQLite has committed it, which is what lets the room acknowledge a
 * command only after it is on disk.
 */
export class MatchDatabase {
  readonly db: DatabaseSync;
  readonly path: string;

  private constructor(db: DatabaseSync, path: string) {
    this.db = db;
    this.path = path;
  }

  static open(dataDir: string, options: OpenOptions = {}): MatchDatabase {
    if (!options.readOnly) mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, DATABASE_FILE);
    const db = new DatabaseSync(path, { readOnly: options.readOnly ?? false, timeout: 5000 });
    const database = new MatchDatabase(db, path);
    if (!options.readOnly) {
      db.exec("PRAGMA journal_mode = WAL");
      db.exec(`PRAGMA synchronous = ${options.sync === "normal" ? "NORMAL" : "FULL"}`);
      db.exec("PRAGMA foreign_keys = ON");
      database.migrate();
    }
    return database;
  }

  get version(): number {
    const row = this.db.prepare("PRAGMA user_version").get() as { user_version: number };
    return row.user_version;
  }

  /** Applies the migrations this file has not seen, each in its own transaction. */
  private migrate(): void {
    const current = this.version;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `${this.path} has schema version ${current}, newer than this server knows (${MIGRATIONS.length}): upgrade the server`,
      );
    }
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      this.transaction(() => {
        this.db.exec(MIGRATIONS[version - 1] as string);
        this.db.exec(`PRAGMA user_version = ${version}`);
      });
    }
  }

  /** Runs `work` in one transaction (one commit, one fsync); inside another one it just joins it. */
  transaction<T>(work: () => T): T {
    if (this.db.isTransaction) return work();
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  close(): void {
    if (!this.db.isOpen) return;
    try {
      this.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch {
      // read-only or busy: the WAL is replayed on the next open anyway
    }
    this.db.close();
  }
}
