import { matchMaker } from "@colyseus/core";
import type { Logger } from "pino";
import type { Scenario } from "../../shared/scenario/load.ts";
import type { ClassroomSettings } from "../classroom/Classroom.ts";
import { newJoinCode, newToken } from "../classroom/secrets.ts";
import type { WordFilter } from "../classroom/WordFilter.ts";
import type { ServerConfig } from "../config.ts";
import type { ClassroomRoom } from "../rooms/ClassroomRoom.ts";
import type { ScenarioCatalog } from "../scenarios/ScenarioCatalog.ts";
import type { MatchArchive } from "../storage/MatchArchive.ts";
import type { MatchRecorder, ScenarioFileRecord } from "../storage/MatchRecorder.ts";

export const CLASSROOM_ROOM = "classroom";

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
  instructorToken: string;
}

/** Everything a room shares with the rest of the server. */
export interface ServerContext {
  config: ServerConfig;
  recorder: MatchRecorder;
  archive: MatchArchive;
  catalog: ScenarioCatalog;
  wordFilter: WordFilter;
  log: Logger;
}

/**
 * The live sessions of this process, by join code. A session is a Colyseus room created here (never by
 * a client through the matchmaker: a room only starts with a spec this directory handed it), and a join
 * code is unique among live sessions.
 */
export class SessionDirectory {
  readonly context: ServerContext;
  private readonly pending = new Map<string, SessionSpec>();
  private readonly live = new Map<string, ClassroomRoom>();
  /** Codes handed out but whose room is still starting. */
  private readonly reserved = new Set<string>();

  constructor(context: ServerContext) {
    this.context = context;
  }

  /** Starts a session; the instructor token is returned here only (the server keeps its digest). */
  async create(
    spec: Omit<SessionSpec, "code" | "instructorToken">,
  ): Promise<{ room: ClassroomRoom; instructorToken: string }> {
    let code = newJoinCode();
    while (this.live.has(code) || this.reserved.has(code)) code = newJoinCode();
    const full: SessionSpec = { ...spec, code, instructorToken: newToken() };
    const key = newToken();
    this.pending.set(key, full);
    this.reserved.add(code);
    try {
      const listing = await matchMaker.createRoom(CLASSROOM_ROOM, { sessionKey: key });
      const room = this.live.get(code);
      if (!room || room.roomId !== listing.roomId) throw new Error("the session room did not register");
      return { room, instructorToken: full.instructorToken };
    } finally {
      this.pending.delete(key);
      this.reserved.delete(code);
    }
  }

  /** Called by a starting room: its spec, once. */
  claim(key: unknown): SessionSpec | undefined {
    if (typeof key !== "string") return undefined;
    const spec = this.pending.get(key);
    this.pending.delete(key);
    return spec;
  }

  register(room: ClassroomRoom): void {
    this.live.set(room.code, room);
  }

  unregister(room: ClassroomRoom): void {
    if (this.live.get(room.code) === room) this.live.delete(room.code);
  }

  get(code: string): ClassroomRoom | undefined {
    return this.live.get(code);
  }

  all(): ClassroomRoom[] {
    return [...this.live.values()];
  }

  get size(): number {
    return this.live.size;
  }
}
