import pg from "pg";
import { PG_MIGRATIONS } from "./pgMigrations.ts";

/** BIGINT (int8) columns hold ms timestamps, ticks and seeds: all within 2^53, so plain numbers. */
const INT8_OID = 20;
export const PG_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID
      ? (value: string) => (value === null ? null : Number(value))
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

/** A key for pg_advisory_xact_lock: migrations run one process at a time. */
const MIGRATION_LOCK = 0x6b75_6265;

/** The database URL without its password, for logs and the start-up banner. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}

/**
 * Connections to the PostgreSQL database of the record: a pool for reads, leases and one-off writes,
 * and a dedicated pipelined connection for the group-committed writes of live sessions (PgWriteQueue).
 * `lock_timeout` keeps a take-over from waiting behind a stalled process for long.
 */
export class PgDatabase {
  readonly url: string;
  readonly pool: pg.Pool;

  private constructor(url: string, pool: pg.Pool) {
    this.url = url;
    this.pool = pool;
  }

  static async open(url: string, options: { max?: number } = {}): Promise<PgDatabase> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 8,
      types: PG_TYPES,
      options: "-c lock_timeout=2000",
      application_name: "kubeclass",
    });
    // an idle connection the server drops must not crash the process: the pool replaces it
    pool.on("error", () => {});
    const database = new PgDatabase(url, pool);
    try {
      await database.migrate();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return database;
  }

  /** A connection of its own, pipelined: every query goes out at once, answers come back in order. */
  async connectWriter(idleInTransactionMs: number): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.url,
      types: PG_TYPES,
      pipeline: true,
      // a process stopped mid-transaction (SIGSTOP, a long pause) must not hold its sessions' lease
      // rows locked: the server ends that transaction and another process can take the sessions over
      options: `-c lock_timeout=2000 -c idle_in_transaction_session_timeout=${idleInTransactionMs}`,
      application_name: "kubeclass-writer",
    });
    await client.connect();
    return client;
  }

  get location(): string {
    return redactedUrl(this.url);
  }

  /** Applies the migrations the database has not seen, in one transaction, one process at a time. */
  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )`,
      );
      const { rows } = await client.query(
        "SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations",
      );
      const current = Number(rows[0]?.version ?? 0);
      if (current > PG_MIGRATIONS.length) {
        throw new Error(
          `the database has schema version ${current}, newer than this server knows (${PG_MIGRATIONS.length}): upgrade the server`,
        );
      }
      for (let version = current + 1; version <= PG_MIGRATIONS.length; version++) {
        await client.query(PG_MIGRATIONS[version - 1] as string);
        await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [version]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async version(): Promise<number> {
    const { rows } = await this.pool.query(
      "SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations",
    );
    return Number(rows[0]?.version ?? 0);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
