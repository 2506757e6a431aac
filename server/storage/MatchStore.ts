import type { MatchRecord } from "../../shared/replay/record.ts";
import type { RecorderSink } from "../../shared/replay/recorder.ts";
import type { WallClock } from "../clock.ts";
import type { RecordedCommand, RosterEntry, SessionDetails, SessionSummary } from "./MatchArchive.ts";
import type { ImportedMatch, LibraryEntry } from "./MatchLibrary.ts";
import type {
  NewPlayer,
  NewSession,
  ScenarioFileRecord,
  SessionEnd,
  SessionEventEntry,
} from "./SessionStore.ts";

/**
 * The match record behind one interface, whichever database keeps it: SQLite in `${DATA_DIR}` (the
 * default: `npm start` needs nothing but Node) or PostgreSQL (`DATABASE_URL`: several processes share
 * it, and any of them can take a class over from it). Same tables, same columns, same JSON.
 *
 * Writes of a live session are calls that return at once, in the order they are made (what the
 * classroom does is never held up by a database round trip). When each write is durable is the
 * backend's business, and `written(sessionId)` says: `undefined` when everything the session wrote is
 * already durable (SQLite: every call is a synchronous commit), or a promise that settles once it is
 * (PostgreSQL: writes are queued and committed together, a group commit, a few ms later). Whatever
 * answers a player waits for it, so a reply never goes out before what it acknowledges is recorded.
 */
export interface SessionRecordWriter {
  /** A new session: its row (and, scaled out, its lease). Durable when it resolves. */
  createSession(session: NewSession): Promise<void>;
  /** Where the session's MatchRecorder writes its commands and checkpoints. */
  recorderSink(sessionId: string, clock: WallClock): RecorderSink;
  sessionStarted(sessionId: string, at: number): void;
  addPlayer(sessionId: string, player: NewPlayer): void;
  playerKicked(sessionId: string, playerId: string, at: number, ban?: { address: boolean }): void;
  playerUnbanned(sessionId: string, playerId: string): void;
  playerToken(sessionId: string, playerId: string, tokenHash: string): void;
  seatChanged(
    sessionId: string,
    playerId: string,
    seat: string | undefined,
    tick: number,
    at: number,
    by: "self" | "instructor",
  ): void;
  event(sessionId: string, entry: SessionEventEntry): void;
  endSession(sessionId: string, end: SessionEnd): void;
  tick(sessionId: string, tick: number): void;
  settings(sessionId: string, settings: object): void;
  /** Whether the record has this checkpoint already (false when the backend cannot say at once). */
  hasCheckpoint(sessionId: string, tick: number): boolean;
  /** Everything `work` writes lands in one commit (a kubectl line of fifty changes, one fsync). */
  batch<T>(work: () => T): T;
  /** A session that could not be resumed is over; its record stays as it was. */
  interrupted(sessionId: string, at: number): void;
  /**
   * Before a session left open is resumed here: what its record goes on from (the last command's seq;
   * the event numbering is primed too).
   */
  adopt(sessionId: string): Promise<{ lastCommandSeq: number }>;
  /** undefined: all the session's writes are durable; otherwise settles when they are (rejects if they never will be). */
  written(sessionId: string): Promise<void> | undefined;
}

/** Reads the match record: what replays, debriefs, resumes and the matches list are built from. */
export interface MatchReader {
  session(id: string): Promise<SessionSummary | undefined>;
  instructorTokenHash(id: string): Promise<string | undefined>;
  /** The most recent session that used this join code (codes are unique only among open sessions). */
  latestByCode(code: string): Promise<SessionSummary | undefined>;
  /** Sessions not ended, oldest first. */
  openSessionIds(): Promise<string[]>;
  scenarioFiles(sessionId: string): Promise<ScenarioFileRecord[]>;
  roster(sessionId: string): Promise<RosterEntry[]>;
  commandCounts(sessionId: string): Promise<Map<string, { accepted: number; refused: number }>>;
  list(limit?: number): Promise<SessionSummary[]>;
  commands(sessionId: string): Promise<RecordedCommand[]>;
  checkpoints(sessionId: string): Promise<{ tick: number; hash: string }[]>;
  match(sessionId: string, options?: { endTick?: number }): Promise<MatchRecord | undefined>;
  details(sessionId: string): Promise<SessionDetails | undefined>;
}

/** Every match the server knows (sessions played and match files imported), and cached debriefs. */
export interface MatchShelf {
  list(): Promise<LibraryEntry[]>;
  get(id: string): Promise<LibraryEntry | undefined>;
  record(id: string, options?: { endTick?: number }): Promise<MatchRecord | undefined>;
  has(id: string): Promise<boolean>;
  addImport(match: ImportedMatch): Promise<void>;
  cachedDebrief(id: string): Promise<string | undefined>;
  cacheDebrief(id: string, json: string): Promise<void>;
}

/**
 * Who runs which open session, when several processes share the record: a lease per session with an
 * expiry and a fencing epoch (see server/storage/postgres/SessionLeases.ts). A backend that only one
 * process uses (SQLite) has none.
 */
export interface SessionLeasing {
  /** This process's name in the lease table. */
  readonly owner: string;
  /** Seconds a lease lasts unless renewed. */
  readonly ttlSeconds: number;
  /** Renews every lease this process holds; answers the sessions it no longer holds (taken over). */
  renew(): Promise<string[]>;
  /** Open sessions whose lease has run out (their process died or stopped), oldest first. */
  expired(limit: number): Promise<string[]>;
  /** Takes an expired lease; true when this process now holds it (with a new fencing epoch). */
  takeOver(sessionId: string): Promise<boolean>;
  /** Sessions this process holds. */
  held(): string[];
  /** Stops holding a session (ended, or given up) without letting others wait for the expiry. */
  release(sessionId: string): Promise<void>;
  /** The session is lost to this process (fenced): forget it without writing anything. */
  forget(sessionId: string): void;
  /**
   * Called with a session whose writes were refused because another process took it over, or failed
   * (the record may lack them): it must stop here at once, without writing.
   */
  onLost(listener: (sessionId: string, why: "fenced" | "failed") => void): void;
}

/** createSession's code is already the code of another open session (the record keeps them unique). */
export class JoinCodeTaken extends Error {
  constructor(code: string) {
    super(`join code ${code} is taken by an open session`);
    this.name = "JoinCodeTaken";
  }
}

export interface MatchStore {
  readonly backend: "sqlite" | "postgres";
  /** Where the record is, for the start-up banner (a file path, or the database URL without its password). */
  readonly location: string;
  readonly writer: SessionRecordWriter;
  readonly reader: MatchReader;
  readonly library: MatchShelf;
  /** Present when several processes may share the record (PostgreSQL). */
  readonly leasing?: SessionLeasing;
  /** What writing the record costs, for /healthz (PostgreSQL's group commits). */
  stats?(): Record<string, number>;
  /** Waits for queued writes, then closes the database. */
  close(): Promise<void>;
}
