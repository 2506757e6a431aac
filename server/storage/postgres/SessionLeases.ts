import type { SessionLeasing } from "../MatchStore.ts";
import type { PgDatabase } from "./PgDatabase.ts";
import type { PgWriteQueue } from "./PgWriteQueue.ts";

/**
 * Which process runs each open session: a row per session in `session_leases` with its owner, an
 * expiry on the database's clock (no two machines need agree on the time) and an epoch, the fencing
 * token. The holder renews its leases every third of their life; a process that dies (or stalls) stops
 * renewing, and once a lease has expired any process may take it over, which raises the epoch. The
 * write queue commits a session's writes only under the epoch it holds, so a process that comes back
 * from a pause finds its writes refused and its renewal answered "not yours": it stops the class, whose
 * players rejoin it where it now runs.
 */
export class SessionLeases implements SessionLeasing {
  readonly owner: string;
  readonly ttlSeconds: number;
  private readonly database: PgDatabase;
  private readonly queue: PgWriteQueue;

  constructor(database: PgDatabase, queue: PgWriteQueue, owner: string, ttlSeconds: number) {
    this.database = database;
    this.queue = queue;
    this.owner = owner;
    this.ttlSeconds = ttlSeconds;
  }

  async renew(): Promise<string[]> {
    const held = this.queue.held();
    if (held.size === 0) return [];
    const ids = [...held.keys()];
    const { rows } = await this.database.pool.query<{ session_id: string }>(
      `UPDATE session_leases l SET expires_at = now() + make_interval(secs => $1)
       FROM unnest($2::text[], $3::bigint[]) AS h (id, epoch)
       WHERE l.session_id = h.id AND l.epoch = h.epoch
       RETURNING l.session_id`,
      [this.ttlSeconds, ids, ids.map((id) => held.get(id))],
    );
    const renewed = new Set(rows.map((r) => r.session_id));
    // a session released meanwhile is not lost
    return ids.filter((id) => !renewed.has(id) && this.queue.epochOf(id) === held.get(id));
  }

  async expired(limit: number): Promise<string[]> {
    const { rows } = await this.database.pool.query<{ session_id: string }>(
      `SELECT l.session_id FROM session_leases l JOIN sessions s ON s.id = l.session_id
       WHERE s.ended_at IS NULL AND l.expires_at < now()
       ORDER BY s.created_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.session_id);
  }

  async takeOver(sessionId: string): Promise<boolean> {
    try {
      const { rows } = await this.database.pool.query<{ epoch: number }>(
        `UPDATE session_leases SET owner = $2, epoch = epoch + 1,
           expires_at = now() + make_interval(secs => $3)
         WHERE session_id = $1 AND expires_at < now()
           AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = $1 AND s.ended_at IS NULL)
         RETURNING epoch`,
        [sessionId, this.owner, this.ttlSeconds],
      );
      const epoch = rows[0]?.epoch;
      if (epoch === undefined) return false;
      this.queue.hold(sessionId, Number(epoch));
      return true;
    } catch (error) {
      // lock_timeout: the old holder is mid-commit; the next scan tries again
      if ((error as { code?: string }).code === "55P03") return false;
      throw error;
    }
  }

  held(): string[] {
    return [...this.queue.held().keys()];
  }

  async release(sessionId: string): Promise<void> {
    const epoch = this.queue.epochOf(sessionId);
    if (epoch === undefined) return;
    // what the session wrote goes in first, under its lease
    await this.queue.written(sessionId)?.catch(() => {});
    this.queue.drop(sessionId);
    await this.database.pool.query(
      "UPDATE session_leases SET expires_at = now() - interval '1 second' WHERE session_id = $1 AND epoch = $2",
      [sessionId, epoch],
    );
  }

  forget(sessionId: string): void {
    this.queue.drop(sessionId);
  }

  onLost(listener: (sessionId: string, why: "fenced" | "failed") => void): void {
    this.queue.onLost(listener);
  }
}
