import { generateId, matchMaker } from "@colyseus/core";
import type { Logger } from "pino";
import { loadScenario, type Scenario } from "../../shared/scenario/load.ts";
import type { ClassroomSettings, LiveSettings } from "../classroom/Classroom.ts";
import { nicknameKey } from "../classroom/nicknameKey.ts";
import type { ResumeData } from "../classroom/restore.ts";
import { hashSecret, newJoinCode, newToken } from "../classroom/secrets.ts";
import type { WordFilter } from "../classroom/WordFilter.ts";
import type { ServerBudget } from "../classroom/WorkBudget.ts";
import type { ServerConfig } from "../config.ts";
import type { ReplayPool } from "../replay/ReplayPool.ts";
import type { ScenarioCatalog } from "../scenarios/ScenarioCatalog.ts";
import type { ScenarioPool } from "../scenarios/ScenarioPool.ts";
import {
  JoinCodeTaken,
  type MatchReader,
  type MatchShelf,
  type SessionLeasing,
  type SessionRecordWriter,
} from "../storage/MatchStore.ts";
import type { ScenarioFileRecord } from "../storage/SessionStore.ts";
import type { LiveSession } from "./LiveSession.ts";
import { resimulate } from "./resimulate.ts";
import { LocalSession, RemoteSession, type SessionHandle } from "./SessionHandle.ts";

export const CLASSROOM_ROOM = "classroom";

/**
 * Starts a session's room on the transport with the key of its pending spec, and answers the room's id
 * (the server wires Colyseus' matchmaker here; the room claims its spec with the key).
 */
export type OpenRoom = (sessionKey: string) => Promise<string>;

/** What a room needs to start a session; handed over once, by an unguessable key. */
export interface SessionSpec {
  /** The session's id in the record. */
  id: string;
  /** Its room's id: the session's id, except for a session taken over from another process. */
  roomId: string;
  code: string;
  scenario: Scenario;
  scenarioName: string;
  files: ScenarioFileRecord[];
  source: "builtin" | "upload";
  seed: number;
  settings: ClassroomSettings;
  options: object;
  instructorTokenHash: string;
  resume?: ResumeData;
}

/** Everything a room shares with the rest of the server. */
export interface ServerContext {
  config: ServerConfig;
  store: SessionRecordWriter;
  archive: MatchReader;
  library: MatchShelf;
  /** Present when processes share the record (PostgreSQL): who runs which session. */
  leasing?: SessionLeasing;
  /** Several processes behind one address (REDIS_URL): rooms may be in another process. */
  scaledOut: boolean;
  replays: ReplayPool;
  /** Scenario parsing and validation (and kubectl's `-f` files), off the event loop. */
  scenarios: ScenarioPool;
  /** The work allowance all sessions draw on (WorkBudget). */
  serverBudget: ServerBudget;
  catalog: ScenarioCatalog;
  wordFilter: WordFilter;
  log: Logger;
}

/** A session whose record no longer replays (its scenario no longer loads, or the engine fails on it). */
export class UnresumableSession extends Error {
  constructor(sessionId: string, problem: string) {
    super(`session ${sessionId} cannot be resumed: ${problem}`);
    this.name = "UnresumableSession";
  }
}

/** Presence hash: join code -> room id of the session's current room, in whichever process. */
const ROOMS_BY_CODE = "kubeclass:rooms";

/** Tries at a join code before giving up (codes are 6 of 30 letters: a clash is rare). */
const CODE_TRIES = 20;

/**
 * The live sessions of this process, by join code, and the way to the others' (scaled out, through
 * Colyseus' presence). A session is a Colyseus room created here (never by a client through the
 * matchmaker: a room only starts with a spec this directory handed it), and a join code is unique among
 * open sessions (the record says so, across processes). At start-up, sessions a previous process left
 * open are resumed.
 */
export class SessionDirectory {
  readonly context: ServerContext;
  private readonly openRoom: OpenRoom;
  private readonly pending = new Map<string, SessionSpec>();
  private readonly live = new Map<string, LiveSession>();
  /** Codes handed out but whose room is still starting. */
  private readonly reserved = new Set<string>();

  constructor(context: ServerContext, openRoom: OpenRoom) {
    this.context = context;
    this.openRoom = openRoom;
  }

  /** Starts a session; the instructor token is returned here only (the server keeps its digest). */
  async create(
    spec: Omit<SessionSpec, "id" | "roomId" | "code" | "instructorTokenHash" | "resume">,
  ): Promise<{ room: LiveSession; instructorToken: string }> {
    const { store, config } = this.context;
    const instructorToken = newToken();
    const instructorTokenHash = hashSecret(instructorToken);
    const id = generateId();
    let code = "";
    for (let tries = 0; ; tries++) {
      code = newJoinCode();
      while (this.live.has(code) || this.reserved.has(code)) code = newJoinCode();
      this.reserved.add(code);
      try {
        await store.createSession({
          id,
          code,
          scenarioName: spec.scenarioName,
          scenarioTitle: spec.scenario.title,
          scenarioSource: spec.source,
          scenarioFiles: spec.files,
          seed: spec.seed,
          options: spec.options,
          instructorTokenHash,
          createdAt: config.clock.now(),
        });
        break;
      } catch (error) {
        this.reserved.delete(code);
        // another process holds this code for an open session
        if (!(error instanceof JoinCodeTaken) || tries >= CODE_TRIES) throw error;
      }
    }
    let room: LiveSession;
    try {
      room = await this.open({ ...spec, id, roomId: id, code, instructorTokenHash });
    } catch (error) {
      store.interrupted(id, config.clock.now());
      await this.context.leasing?.release(id);
      throw error;
    } finally {
      this.reserved.delete(code);
    }
    await store.written(id);
    return { room, instructorToken };
  }

  /**
   * Brings back a session a previous process left open: same id, code, instructor token, settings,
   * players and seats, its engine re-simulated from the record up to the last tick written down.
   */
  async resume(sessionId: string): Promise<LiveSession> {
    const { archive, store } = this.context;
    const session = await archive.session(sessionId);
    const tokenHash = await archive.instructorTokenHash(sessionId);
    if (!session || !tokenHash) throw new Error(`no session ${sessionId}`);
    if (session.endedAt !== undefined) throw new Error(`session ${sessionId} has ended`);
    if (this.live.has(session.code)) throw new Error(`code ${session.code} is live in another session`);
    const { lastCommandSeq } = await store.adopt(sessionId);
    const files = await archive.scenarioFiles(sessionId);
    const loaded = loadScenario(files);
    if (!loaded.ok) {
      throw new UnresumableSession(sessionId, `its scenario no longer loads: ${loaded.errors[0]?.message}`);
    }
    const commands = await archive.commands(sessionId);
    const checkpoints = await archive.checkpoints(sessionId);
    const endTick = Math.max(
      session.lastTick ?? 0,
      commands.at(-1)?.tick ?? 0,
      checkpoints.at(-1)?.tick ?? 0,
    );
    let simulated: ReturnType<typeof resimulate>;
    try {
      simulated = resimulate(loaded.scenario, session.seed, commands, checkpoints, endTick);
    } catch (error) {
      throw new UnresumableSession(sessionId, (error as Error).message);
    }
    const counts = await archive.commandCounts(sessionId);
    const details = await archive.details(sessionId);
    const roster = await archive.roster(sessionId);
    const options = session.options as Partial<ClassroomSettings>;
    const saved = session.settings as LiveSettings | undefined;
    const settings: ClassroomSettings = {
      maxPlayers: saved?.maxPlayers ?? options.maxPlayers ?? this.context.config.maxPlayers,
      lateJoin: saved?.lateJoin ?? options.lateJoin ?? true,
      seatChoice: saved?.seatChoice ?? options.seatChoice ?? "free",
      teamSize: saved?.teamSize ?? options.teamSize ?? 0,
      helpLevel: saved?.helpLevel ?? options.helpLevel ?? "full",
      wordFilter: saved?.wordFilter ?? options.wordFilter ?? true,
      speed: saved?.speed ?? options.speed ?? 1,
    };
    return this.open({
      id: sessionId,
      // scaled out, the room of the process that ran it before may still be listed (dead, or stalled):
      // a new room id keeps the two apart in Colyseus' driver and presence
      roomId: this.context.scaledOut ? generateId() : sessionId,
      code: session.code,
      scenario: loaded.scenario,
      scenarioName: session.scenarioName,
      files,
      source: session.scenarioSource,
      seed: session.seed,
      settings,
      options: session.options,
      instructorTokenHash: tokenHash,
      resume: {
        id: sessionId,
        engine: simulated.engine,
        endTick,
        endHash: simulated.endHash,
        mismatches: simulated.mismatches,
        lastSeq: lastCommandSeq,
        started: session.startedAt !== undefined,
        restoredAt: this.context.config.clock.now(),
        ...(saved ? { settings: saved } : {}),
        players: roster.map((p) => ({
          id: p.id,
          nickname: p.nickname,
          nicknameKey: nicknameKey(p.nickname),
          tokenHash: p.tokenHash,
          deviceHash: p.deviceHash,
          ...(p.ip !== undefined ? { ip: p.ip } : {}),
          joinedAt: p.joinedAt,
          kicked: p.kickedAt !== undefined,
          banned: p.bannedAt !== undefined,
          addressBanned: p.addressBanned === true,
          accepted: counts.get(p.id)?.accepted ?? 0,
          refused: counts.get(p.id)?.refused ?? 0,
        })),
        holds: (details?.seatHolds ?? []).map((h) => ({
          player: h.playerId,
          seat: h.seat,
          fromTick: h.fromTick,
          ...(h.toTick !== undefined ? { toTick: h.toTick } : {}),
        })),
      },
    });
  }

  private async open(spec: SessionSpec): Promise<LiveSession> {
    const key = newToken();
    this.pending.set(key, spec);
    this.reserved.add(spec.code);
    try {
      const roomId = await this.openRoom(key);
      const room = this.live.get(spec.code);
      if (!room || room.roomId !== roomId) throw new Error("the session room did not register");
      return room;
    } finally {
      this.pending.delete(key);
      this.reserved.delete(spec.code);
    }
  }

  /** Called by a starting room: its spec, once. */
  claim(key: unknown): SessionSpec | undefined {
    if (typeof key !== "string") return undefined;
    const spec = this.pending.get(key);
    this.pending.delete(key);
    return spec;
  }

  register(room: LiveSession): void {
    this.live.set(room.code, room);
    if (this.context.scaledOut) {
      matchMaker.presence.hset(ROOMS_BY_CODE, room.code, room.roomId).catch((error: unknown) => {
        this.context.log.warn({ err: error, session: room.code }, "could not list the session's room");
      });
    }
  }

  /**
   * The room is gone from this process. Only a session that ended leaves the list of rooms: one
   * suspended or given up is taken over, and its next room replaces the entry.
   */
  unregister(room: LiveSession): void {
    if (this.live.get(room.code) === room) this.live.delete(room.code);
    // an ended class's lease is not renewed any more (once its end is committed)
    if (room.classroom.ended) void this.context.leasing?.release(room.classroom.id).catch(() => {});
    if (this.context.scaledOut && room.classroom.ended) {
      void matchMaker.presence.hdel(ROOMS_BY_CODE, room.code).catch(() => {});
    }
  }

  get(code: string): LiveSession | undefined {
    return this.live.get(code);
  }

  /** The session that answers for this code: its room here, or (scaled out) in another process. */
  async find(code: string): Promise<SessionHandle | undefined> {
    const local = this.live.get(code);
    if (local) return this.handle(local);
    if (!this.context.scaledOut) return undefined;
    const roomId = await matchMaker.presence.hget(ROOMS_BY_CODE, code);
    if (!roomId) return undefined;
    const mine = this.byRoomId(roomId);
    if (mine) return this.handle(mine);
    const listing = await matchMaker.getRoomById(roomId);
    if (!listing) return undefined;
    const sessionId = (listing.metadata as { sessionId?: string } | undefined)?.sessionId ?? roomId;
    return new RemoteSession(code, sessionId, roomId, () =>
      this.context.archive.instructorTokenHash(sessionId),
    );
  }

  /** The session with this record id, here or elsewhere (scaled out). */
  async findById(sessionId: string): Promise<SessionHandle | undefined> {
    const local = this.byId(sessionId);
    if (local) return this.handle(local);
    if (!this.context.scaledOut) return undefined;
    const session = await this.context.archive.session(sessionId);
    if (!session || session.endedAt !== undefined) return undefined;
    const found = await this.find(session.code);
    return found?.sessionId === sessionId ? found : undefined;
  }

  handle(room: LiveSession): SessionHandle {
    return new LocalSession(room, () => this.context.store.written(room.classroom.id));
  }

  private byRoomId(roomId: string): LiveSession | undefined {
    for (const room of this.live.values()) if (room.roomId === roomId) return room;
    return undefined;
  }

  /** The live session with this id (the room id). */
  byId(id: string): LiveSession | undefined {
    for (const room of this.live.values()) if (room.classroom.id === id) return room;
    return undefined;
  }

  all(): LiveSession[] {
    return [...this.live.values()];
  }

  get size(): number {
    return this.live.size;
  }
}
