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
import type { MatchArchive } from "../storage/MatchArchive.ts";
import type { MatchLibrary } from "../storage/MatchLibrary.ts";
import type { ScenarioFileRecord, SessionStore } from "../storage/SessionStore.ts";
import type { LiveSession } from "./LiveSession.ts";
import { resimulate } from "./resimulate.ts";

export const CLASSROOM_ROOM = "classroom";

/**
 * Starts a session's room on the transport with the key of its pending spec, and answers the room's id
 * (the server wires Colyseus' matchmaker here; the room claims its spec with the key).
 */
export type OpenRoom = (sessionKey: string) => Promise<string>;

/** What a room needs to start a session; handed over once, by an unguessable key. */
export interface SessionSpec {
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
  store: SessionStore;
  archive: MatchArchive;
  library: MatchLibrary;
  replays: ReplayPool;
  /** Scenario parsing and validation (and kubectl's `-f` files), off the event loop. */
  scenarios: ScenarioPool;
  /** The work allowance all sessions draw on (WorkBudget). */
  serverBudget: ServerBudget;
  catalog: ScenarioCatalog;
  wordFilter: WordFilter;
  log: Logger;
}

/**
 * The live sessions of this process, by join code. A session is a Colyseus room created here (never by
 * a client through the matchmaker: a room only starts with a spec this directory handed it), and a join
 * code is unique among live sessions. At start-up, sessions a previous process left open are resumed.
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
    spec: Omit<SessionSpec, "code" | "instructorTokenHash" | "resume">,
  ): Promise<{ room: LiveSession; instructorToken: string }> {
    let code = newJoinCode();
    while (this.live.has(code) || this.reserved.has(code)) code = newJoinCode();
    const instructorToken = newToken();
    const room = await this.open({ ...spec, code, instructorTokenHash: hashSecret(instructorToken) });
    return { room, instructorToken };
  }

  /**
   * Brings back a session a previous process left open: same id, code, instructor token, settings,
   * players and seats, its engine re-simulated from the record up to the last tick written down.
   */
  async resume(sessionId: string): Promise<LiveSession> {
    const { archive } = this.context;
    const session = archive.session(sessionId);
    const tokenHash = archive.instructorTokenHash(sessionId);
    if (!session || !tokenHash) throw new Error(`no session ${sessionId}`);
    if (session.endedAt !== undefined) throw new Error(`session ${sessionId} has ended`);
    if (this.live.has(session.code)) throw new Error(`code ${session.code} is live in another session`);
    const files = archive.scenarioFiles(sessionId);
    const loaded = loadScenario(files);
    if (!loaded.ok) throw new Error(`its scenario no longer loads: ${loaded.errors[0]?.message}`);
    const commands = archive.commands(sessionId);
    const checkpoints = archive.checkpoints(sessionId);
    const endTick = Math.max(
      session.lastTick ?? 0,
      commands.at(-1)?.tick ?? 0,
      checkpoints.at(-1)?.tick ?? 0,
    );
    const simulated = resimulate(loaded.scenario, session.seed, commands, checkpoints, endTick);
    const counts = archive.commandCounts(sessionId);
    const details = archive.details(sessionId);
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
        lastSeq: this.context.store.lastCommandSeq(sessionId),
        started: session.startedAt !== undefined,
        restoredAt: this.context.config.clock.now(),
        ...(saved ? { settings: saved } : {}),
        players: archive.roster(sessionId).map((p) => ({
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
  }

  unregister(room: LiveSession): void {
    if (this.live.get(room.code) === room) this.live.delete(room.code);
  }

  get(code: string): LiveSession | undefined {
    return this.live.get(code);
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
