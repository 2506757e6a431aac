import type { Logger } from "pino";
import type { SessionLeasing, SessionRecordWriter } from "../storage/MatchStore.ts";
import { type SessionDirectory, UnresumableSession } from "./SessionDirectory.ts";

/** At most this many sessions taken over per scan: a dead process's classes spread over the living. */
const TAKE_PER_SCAN = 2;

export interface KeeperOptions {
  directory: SessionDirectory;
  leasing: SessionLeasing;
  store: SessionRecordWriter;
  clock: { now(): number };
  log: Logger;
  /** Called with each session this process takes over (for start-up's list of resumed sessions). */
  resumed?(code: string): void;
}

/**
 * Keeps this process's classes and takes over the classes of processes that died, when processes
 * share the record (PostgreSQL). Every third of a lease's life it renews the leases it holds; a lease it
 * no longer holds (another process took the class over while this one was stalled) stops that class here
 * at once. Every scan it looks for leases that have run out (their process died, or stopped and let
 * them go) and takes a few over: re-simulated from the record, paused, as a restart does, the players
 * rejoining with their tokens. A process whose renewals fail for a whole lease stops its classes: they
 * may be running elsewhere by then.
 */
export class SessionKeeper {
  private readonly options: KeeperOptions;
  private renewTimer: NodeJS.Timeout | undefined;
  private scanTimer: NodeJS.Timeout | undefined;
  private lastRenewed = performance.now();
  private scanning: Promise<void> | undefined;
  private stopped = false;

  constructor(options: KeeperOptions) {
    this.options = options;
    options.leasing.onLost((sessionId, why) => this.lost(sessionId, why));
  }

  /** Takes over what has expired now (start-up), then keeps going. */
  async start(): Promise<void> {
    const ttlMs = this.options.leasing.ttlSeconds * 1000;
    await this.scan();
    this.renewTimer = setInterval(() => void this.renew(), Math.max(250, Math.floor(ttlMs / 3)));
    this.renewTimer.unref();
    this.scheduleScan();
  }

  private scheduleScan(): void {
    if (this.stopped) return;
    // jittered, so processes that saw the same expiry do not all try the same sessions at once
    const ttlMs = this.options.leasing.ttlSeconds * 1000;
    const delay = Math.max(200, Math.floor(ttlMs / 4)) * (0.5 + Math.random());
    this.scanTimer = setTimeout(() => {
      void this.scan().finally(() => this.scheduleScan());
    }, delay);
    this.scanTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.renewTimer);
    clearTimeout(this.scanTimer);
    await this.scanning;
  }

  private async renew(): Promise<void> {
    const { leasing, log } = this.options;
    try {
      const lost = await leasing.renew();
      this.lastRenewed = performance.now();
      for (const sessionId of lost) {
        log.warn({ session: sessionId }, "lease lost: another process runs this class now");
        leasing.forget(sessionId);
        this.lost(sessionId, "fenced");
      }
    } catch (error) {
      log.warn({ err: error }, "could not renew the leases");
      if (performance.now() - this.lastRenewed > leasing.ttlSeconds * 1000) {
        // unrenewed for a whole lease: another process may have the classes now; stop them here
        for (const sessionId of leasing.held()) {
          leasing.forget(sessionId);
          this.lost(sessionId, "failed");
        }
      }
    }
  }

  /** Looks for expired leases and takes a few over. */
  scan(): Promise<void> {
    this.scanning ??= this.takeOver().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  private async takeOver(): Promise<void> {
    const { leasing, directory, store, log, clock } = this.options;
    if (this.stopped) return;
    let expired: string[];
    try {
      expired = await leasing.expired(50);
    } catch (error) {
      log.warn({ err: error }, "could not look for classes to take over");
      return;
    }
    // shuffled: the living processes share a dead one's classes
    for (let i = expired.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [expired[i], expired[j]] = [expired[j] as string, expired[i] as string];
    }
    let taken = 0;
    for (const sessionId of expired) {
      if (this.stopped || taken >= TAKE_PER_SCAN) break;
      if (directory.byId(sessionId)) continue;
      let mine = false;
      try {
        mine = await leasing.takeOver(sessionId);
      } catch (error) {
        log.warn({ err: error, session: sessionId }, "could not take a class over");
      }
      if (!mine) continue;
      taken++;
      try {
        const room = await directory.resume(sessionId);
        room.classroom.recordEvent("session-taken-over", { owner: leasing.owner });
        log.info({ session: room.code }, "class taken over from the record");
        this.options.resumed?.(room.code);
      } catch (error) {
        if (error instanceof UnresumableSession) {
          // its record no longer replays: it is over, its record kept as it is
          store.interrupted(sessionId, clock.now());
          log.warn(
            { err: error, session: sessionId },
            "a class could not be taken over; closed as interrupted",
          );
        } else {
          log.warn({ err: error, session: sessionId }, "a class could not be taken over now; trying again");
        }
        await leasing.release(sessionId).catch(() => {});
      }
    }
  }

  private lost(sessionId: string, why: "fenced" | "failed"): void {
    const room = this.options.directory.byId(sessionId);
    if (!room) return;
    this.options.log.warn({ session: room.code, why }, "class stopped here: it goes on from the record");
    room.relinquish();
  }
}
