import type { StateView } from "@colyseus/schema";
import type { PlainCode } from "../../shared/protocol/phrases.ts";
import type { Reply } from "../../shared/protocol/replies.ts";
import type { HelpLevel, JudgementView } from "../../shared/protocol/state.ts";
import type { PushOf, PushType } from "../../shared/protocol/wire.ts";
import type { CommandOutcome } from "../../shared/replay/recorder.ts";
import type { SessionQuota } from "../../shared/sim/apiserver/quota.ts";
import type { CommandResult } from "../../shared/sim/commands.ts";
import type { SessionRecordWriter } from "../storage/MatchStore.ts";

/**
 * Small interfaces the classroom's parts share. Each part takes only what it uses (as kubelet's
 * `NewImageManager(recorder, imageService, ...)` does), and the Classroom wires them; a test can hand a
 * part a few functions instead of a whole session.
 */

/** Who a connection speaks for. */
export type Identity = { role: "student"; playerId: string } | { role: "instructor" };

/** Writes a classroom event (joins, seats, settings, moderation ...) to the session's record. */
export interface SessionLog {
  event(kind: string, detail?: object, playerId?: string): void;
}

/** Sends a push to one connection. */
export interface PushPort {
  push<P extends PushType>(sessionId: string, type: P, message: PushOf<P>): void;
}

/** What the transport-free Classroom asks of its transport (the Colyseus room). */
export interface ClassroomHost {
  /** Closes a connection with a code the client does not reconnect after, and the phrase saying why. */
  close(sessionId: string, code: number, reason: PlainCode): void;
  send<P extends PushType>(sessionId: string, type: P, message: PushOf<P>): void;
  broadcast<P extends PushType>(type: P, message: PushOf<P>): void;
  /** Gives up waiting for a dropped connection to come back. */
  cancelReconnection(sessionId: string): void;
  /** From now on the connection's patches are cut through this view (see Connections). */
  setView(sessionId: string, view: StateView): void;
  /** The session is over: close every connection (SESSION_ENDED) once current replies are out, then dispose. */
  dispose(): void;
}

export interface ClassroomSettings {
  maxPlayers: number;
  lateJoin: boolean;
  seatChoice: "free" | "assigned";
  teamSize: number;
  helpLevel: HelpLevel;
  /** What the class may hold: set in the engine through the record when the session is made. */
  quota?: SessionQuota;
  wordFilter: boolean;
  speed: number;
}

/** The settings as they are now: what a resumed session restores (sessions.settings in SQLite). */
export interface LiveSettings extends ClassroomSettings {
  locked: boolean;
  allowedWords: string[];
  frozen: boolean;
  freezeMessage: string;
  leaderboardVisible: boolean;
}

/** A move applied to the engine through the record, as the sender gets it back. */
export interface AppliedMove {
  outcome: CommandOutcome;
  seq: number;
  tick: number;
  /** As the player sees it. */
  reply: Reply;
  /** As the engine said it (kubectl words its errors from this); absent when the engine threw. */
  result?: CommandResult;
  /** The engine's verdict on this move, when it judged one (a human scheduler's placement). */
  judgement?: JudgementView;
}

/** The parts of the session's record (SQLite or PostgreSQL) a classroom writes. */
export type ClassroomRecord = Pick<
  SessionRecordWriter,
  | "recorderSink"
  | "sessionStarted"
  | "addPlayer"
  | "playerKicked"
  | "playerUnbanned"
  | "playerToken"
  | "seatChanged"
  | "event"
  | "endSession"
  | "tick"
  | "settings"
  | "hasCheckpoint"
  | "batch"
>;
