import type { Logger } from "pino";
import type { MatchStore } from "../MatchStore.ts";
import { PgDatabase } from "./PgDatabase.ts";
import { PgLibrary } from "./PgLibrary.ts";
import { PgReader } from "./PgReader.ts";
import { PgSessionStore } from "./PgSessionStore.ts";
import { PgWriteQueue } from "./PgWriteQueue.ts";
import { SessionLeases } from "./SessionLeases.ts";

export interface PgStoreOptions {
  /** This process's name in the lease table. */
  owner: string;
  /** Seconds a lease lasts unless renewed. */
  leaseSeconds: number;
  log: Logger;
}

/**
 * The record in PostgreSQL (`DATABASE_URL`), shared by every process of a deployment: migrated at
 * start, live sessions' writes group-committed under their leases, reads from a pool.
 */
export class PgMatchStore implements MatchStore {
  readonly backend = "postgres";
  readonly database: PgDatabase;
  readonly queue: PgWriteQueue;
  readonly writer: PgSessionStore;
  readonly reader: PgReader;
  readonly library: PgLibrary;
  readonly leasing: SessionLeases;

  private constructor(database: PgDatabase, options: PgStoreOptions) {
    this.database = database;
    // a transaction left open by a stalled process ends well before its leases expire
    const idleMs = Math.max(500, Math.floor((options.leaseSeconds * 1000) / 2));
    this.queue = new PgWriteQueue(database, options.log, idleMs);
    this.writer = new PgSessionStore(database, this.queue, {
      owner: options.owner,
      ttlSeconds: options.leaseSeconds,
    });
    this.reader = new PgReader(database);
    this.library = new PgLibrary(database, this.reader);
    this.leasing = new SessionLeases(database, this.queue, options.owner, options.leaseSeconds);
  }

  static async open(url: string, options: PgStoreOptions): Promise<PgMatchStore> {
    return new PgMatchStore(await PgDatabase.open(url), options);
  }

  get location(): string {
    return this.database.location;
  }

  stats(): Record<string, number> {
    return { ...this.queue.figures(), leases: this.leasing.held().length };
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.database.close();
  }
}
