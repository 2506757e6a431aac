import { matchMaker } from "@colyseus/core";
import type {
  ApiError,
  InstructorJoinResponse,
  JoinBody,
  JoinResponse,
  SeatReservationJson,
  SessionPublicInfo,
} from "../../shared/protocol/http.ts";
import { worded } from "../../shared/protocol/phrases.ts";
import { refusal } from "../../shared/protocol/replies.ts";
import type { AnyReply } from "../../shared/protocol/wire.ts";
import type { GoalResult } from "../../shared/scenario/goals.ts";
import { judgeOutcome } from "../classroom/outcome.ts";
import { secretMatches } from "../classroom/secrets.ts";
import { apiError } from "../http/common.ts";
import type { LiveSession } from "./LiveSession.ts";

/**
 * What the HTTP API asks of a live session, wherever its room runs: in this process (LocalSession) or
 * in another one of the same deployment (RemoteSession, through Colyseus' presence: the room's process
 * answers, the process that got the HTTP request relays). Every answer is plain JSON.
 */
export type SessionRequest =
  | { op: "info" }
  | { op: "join"; body: JoinBody; ip: string }
  | { op: "instructor"; token: string }
  | { op: "action"; token: string; type: string; payload: unknown }
  | { op: "live" };

export type JoinAnswer =
  | { ok: true; admitted: Omit<JoinResponse, "session">; session: SessionPublicInfo }
  | { ok: false; status: number; error: ApiError };

/** undefined: the token is not this session's instructor token. */
export type InstructorAnswer = { reservation: SeatReservationJson; session: SessionPublicInfo } | undefined;

export interface LiveMatch {
  tick: number;
  goals: GoalResult[];
}

export interface SessionHandle {
  readonly code: string;
  readonly sessionId: string;
  /** The room, when it runs in this process. */
  readonly local: LiveSession | undefined;
  /** The digest of the session's instructor token. */
  instructorTokenHash(): Promise<string | undefined>;
  info(): Promise<SessionPublicInfo>;
  join(body: JoinBody, ip: string): Promise<JoinAnswer>;
  instructor(token: string): Promise<InstructorAnswer>;
  /** undefined: the token is not this session's instructor token. */
  action(token: string, type: string, payload: unknown): Promise<AnyReply | undefined>;
  live(): Promise<LiveMatch>;
}

/**
 * Answers a request on the process that runs the room. A reply (and a join's player token) goes out
 * only once what it caused is in the record (`written`).
 */
export async function answerLocally(
  room: LiveSession,
  written: () => Promise<void> | undefined,
  request: SessionRequest,
): Promise<unknown> {
  const classroom = room.classroom;
  switch (request.op) {
    case "info":
      return classroom.admission.publicInfo();
    case "join": {
      const admitted = classroom.admission.admitStudent({ ...request.body, ip: request.ip });
      if (!admitted.ok) {
        const { ok: _ok, reason, status, ...said } = admitted;
        return { ok: false, status, error: apiError(reason, said) } satisfies JoinAnswer;
      }
      try {
        await written();
      } catch {
        // the class stopped here meanwhile (taken over, or its record failed): join it where it goes on
        const [status, error] = sessionMoving();
        return { ok: false, status, error } satisfies JoinAnswer;
      }
      const reservation = await room.reserveSeat(admitted.ticket);
      return {
        ok: true,
        admitted: {
          reservation,
          player: {
            id: admitted.player.id,
            nickname: admitted.player.nickname,
            token: admitted.token,
            rejoined: admitted.rejoined,
          },
        },
        session: classroom.admission.publicInfo(),
      } satisfies JoinAnswer;
    }
    case "instructor": {
      const ticket = classroom.admission.admitInstructor(request.token);
      if (!ticket) return undefined;
      const reservation = await room.reserveSeat(ticket);
      return { reservation, session: classroom.admission.publicInfo() } satisfies InstructorAnswer;
    }
    case "action":
      if (!secretMatches(request.token, classroom.instructorTokenHash)) return undefined;
      return await room.instructorMessage(request.type, request.payload);
    case "live":
      return {
        tick: classroom.engine.state.tick,
        goals: judgeOutcome(classroom.engine.state, classroom.winConditions, "live").goals,
      } satisfies LiveMatch;
  }
}

/** A session whose room is in this process. */
export class LocalSession implements SessionHandle {
  readonly local: LiveSession;
  private readonly written: () => Promise<void> | undefined;

  constructor(room: LiveSession, written: () => Promise<void> | undefined) {
    this.local = room;
    this.written = written;
  }

  get code(): string {
    return this.local.code;
  }

  get sessionId(): string {
    return this.local.classroom.id;
  }

  private ask<T>(request: SessionRequest): Promise<T> {
    return answerLocally(this.local, this.written, request) as Promise<T>;
  }

  instructorTokenHash = async () => this.local.classroom.instructorTokenHash;
  info = () => this.ask<SessionPublicInfo>({ op: "info" });
  join = (body: JoinBody, ip: string) => this.ask<JoinAnswer>({ op: "join", body, ip });
  instructor = (token: string) => this.ask<InstructorAnswer>({ op: "instructor", token });
  action = (token: string, type: string, payload: unknown) =>
    this.ask<AnyReply | undefined>({ op: "action", token, type, payload });
  live = () => this.ask<LiveMatch>({ op: "live" });
}

/** How long a relayed request may take (a join reserves a seat: two more hops through Redis). */
export const REMOTE_REQUEST_MS = 5_000;

/** The room's method another process calls (ClassroomRoom.sessionApi). */
export const SESSION_API_METHOD = "sessionApi";

/** The room of another process, reached through Colyseus' presence (Redis pub/sub). */
export class RemoteSession implements SessionHandle {
  readonly code: string;
  readonly sessionId: string;
  readonly roomId: string;
  readonly local = undefined;
  private readonly tokenHash: () => Promise<string | undefined>;

  constructor(code: string, sessionId: string, roomId: string, tokenHash: () => Promise<string | undefined>) {
    this.code = code;
    this.sessionId = sessionId;
    this.roomId = roomId;
    this.tokenHash = tokenHash;
  }

  /** From the record: no hop to the room's process to refuse a wrong token. */
  instructorTokenHash = () => this.tokenHash();

  private async ask<T>(request: SessionRequest): Promise<T> {
    return (await matchMaker.remoteRoomCall(
      this.roomId,
      SESSION_API_METHOD as never,
      [request],
      REMOTE_REQUEST_MS,
    )) as T;
  }

  info = () => this.ask<SessionPublicInfo>({ op: "info" });
  join = (body: JoinBody, ip: string) => this.ask<JoinAnswer>({ op: "join", body, ip });
  instructor = (token: string) => this.ask<InstructorAnswer>({ op: "instructor", token });
  action = async (token: string, type: string, payload: unknown) => {
    try {
      return await this.ask<AnyReply | undefined>({ op: "action", token, type, payload });
    } catch {
      return refusal("Busy", "serverBusy", { seconds: 2 });
    }
  };
  live = () => this.ask<LiveMatch>({ op: "live" });
}

/** The instructor's join as the API answers it (links added by the caller). */
export type InstructorJoinBody = Omit<InstructorJoinResponse, "joinUrl" | "qrUrl">;

export const sessionMoving = (): [number, ApiError] => [
  503,
  apiError("SessionResuming", worded("sessionResuming")),
];
