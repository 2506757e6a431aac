/**
 * Budgets of work on the event loop every class shares, counted in what requests cost rather than in how
 * many there are: the milliseconds a request held the loop (measured around it) and the bytes it
 * answered. Each seat (a student, the teacher) and each session has an allowance per second with a
 * burst; a request is run only while its seat's and its session's allowances are not overdrawn, and its
 * cost is charged after it ran (one request may overdraw: the next waits until the allowance refills).
 * The server keeps one more allowance for everyone: when it is overdrawn, only sessions that have been
 * light lately (their allowance at least half full) are served, so a heavy class waits before a light one.
 */
export interface Rates {
  /** Milliseconds of event-loop time per second, and the most saved up. */
  msPerSecond: number;
  msBurst: number;
  /** Bytes of answers per second, and the most saved up. */
  bytesPerSecond: number;
  bytesBurst: number;
}

export type Overdrawn = { who: "seat" | "class" | "server"; seconds: number };

class Allowance {
  ms: number;
  bytes: number;
  private at: number;
  private readonly rates: Rates;

  constructor(rates: Rates, now: number) {
    this.rates = rates;
    this.ms = rates.msBurst;
    this.bytes = rates.bytesBurst;
    this.at = now;
  }

  refill(now: number): this {
    const seconds = Math.max(0, now - this.at) / 1000;
    this.at = now;
    this.ms = Math.min(this.rates.msBurst, this.ms + seconds * this.rates.msPerSecond);
    this.bytes = Math.min(this.rates.bytesBurst, this.bytes + seconds * this.rates.bytesPerSecond);
    return this;
  }

  /** Seconds until neither is overdrawn (0: not overdrawn now). */
  wait(now: number): number {
    this.refill(now);
    const ms = this.ms < 0 ? -this.ms / this.rates.msPerSecond : 0;
    const bytes = this.bytes < 0 ? -this.bytes / this.rates.bytesPerSecond : 0;
    return Math.max(ms, bytes);
  }

  spend(ms: number, bytes: number, now: number): void {
    this.refill(now);
    this.ms -= ms;
    this.bytes -= bytes;
  }

  /** Whether at least half the burst is there: the session has been light lately. */
  light(now: number): boolean {
    this.refill(now);
    return this.ms >= this.rates.msBurst / 2 && this.bytes >= this.rates.bytesBurst / 2;
  }

  full(now: number): boolean {
    this.refill(now);
    return this.ms >= this.rates.msBurst && this.bytes >= this.rates.bytesBurst;
  }
}

/** The allowance every session of the process draws on too. */
export class ServerBudget {
  private readonly allowance: Allowance;

  constructor(rates: Rates, now: number) {
    this.allowance = new Allowance(rates, now);
  }

  wait(now: number): number {
    return this.allowance.wait(now);
  }

  spend(ms: number, bytes: number, now: number): void {
    this.allowance.spend(ms, bytes, now);
  }
}

/** One session's allowances: the class's, and each seat's (by player id, or "instructor"). */
export class WorkBudget {
  private readonly seatRates: Rates;
  private readonly session: Allowance;
  private readonly server: ServerBudget;
  private readonly seats = new Map<string, Allowance>();

  constructor(seat: Rates, session: Rates, server: ServerBudget, now: number) {
    this.seatRates = seat;
    this.session = new Allowance(session, now);
    this.server = server;
  }

  /** Why `payer` must wait before its next request (and how long), or undefined if it may go on. */
  overdrawn(payer: string, now: number): Overdrawn | undefined {
    const seat = this.seats.get(payer)?.wait(now) ?? 0;
    if (seat > 0) return { who: "seat", seconds: seat };
    const session = this.session.wait(now);
    if (session > 0) return { who: "class", seconds: session };
    const server = this.server.wait(now);
    if (server > 0 && !this.session.light(now)) return { who: "server", seconds: server };
    return undefined;
  }

  charge(payer: string, ms: number, bytes: number, now: number): void {
    let seat = this.seats.get(payer);
    if (!seat) {
      seat = new Allowance(this.seatRates, now);
      this.seats.set(payer, seat);
    }
    seat.spend(ms, bytes, now);
    this.session.spend(ms, bytes, now);
    this.server.spend(ms, bytes, now);
  }

  /** Drops seats whose allowance is full again (the map does not grow with everyone who ever asked). */
  prune(now: number): void {
    for (const [payer, allowance] of this.seats) if (allowance.full(now)) this.seats.delete(payer);
  }
}
