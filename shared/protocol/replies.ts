import type { GoalResult } from "../scenario/goals.ts";
import type { CommandResult, RefusalCode } from "../sim/commands.ts";
import type { Explanation } from "../sim/scheduler/scheduleone.ts";
import type { PreemptionView } from "../view/preemption.ts";
import { type ParamsArg, type PhraseCode, type Worded, worded } from "./phrases.ts";

/**
 * What the server answers. Every message sent with `room.request(type, payload)` resolves to a Reply;
 * a message sent with `room.send` is answered only when refused, with a `refused` push carrying the
 * same fields plus the message type. A refusal never disconnects: its `reason` is for the UI to branch
 * on, its phrase (`code`, `params`, see phrases.ts) for the person, translated on the client, and its
 * `message` the same phrase in English.
 */
export type ProtocolRefusal =
  /** The payload does not match the message's schema (the message says which field and why). */
  | "Malformed"
  /** No such message type. */
  | "UnknownMessage"
  /** Too many messages: this one was dropped, nothing changed. */
  | "Throttled"
  /**
   * The sender's seat, their class or the whole server has used its share of the server's time (or of
   * output bytes) for the moment: nothing was done; the phrase says how long to wait.
   */
  | "OverBudget"
  /** The server's workers are all busy: nothing was done; try again in a moment. */
  | "Busy"
  /** A command larger than MAX_COMMAND_BYTES. */
  | "TooLarge"
  /** Only the instructor may do this. */
  | "NotInstructor"
  /** A student's message the instructor cannot send (seat.take, seat.leave: the instructor plays no seat). */
  | "NotForInstructor"
  /** A student without a seat cannot act on the cluster. */
  | "NoSeat"
  | "SeatUnknown"
  | "SeatFull"
  /** Seats are handed out by the instructor in this session. */
  | "SeatChoiceClosed"
  | "PlayerUnknown"
  /** The session is over (or not running yet for what needs it running). */
  | "SessionEnded"
  | "SessionNotRunning"
  | "SessionAlreadyStarted"
  /** The teacher froze the class: students' moves (command, kubectl changes) wait; the message says why. */
  | "Frozen"
  /** The teacher paused the clock: students' moves (command, kubectl changes) wait until it resumes. */
  | "Paused"
  /** The engine failed on this command; the instructor sees the error in the log. */
  | "InternalError";

export type RefusalReason = ProtocolRefusal | RefusalCode;

export interface Refusal extends Worded {
  ok: false;
  reason: RefusalReason;
}

/** An accepted message: its reply's fields, and maybe a phrase for the sender (the teacher's toasts). */
export type Accepted<T extends object = Record<never, never>> = { ok: true } & Partial<Worded> & T;

export type Reply<T extends object = Record<never, never>> = Accepted<T> | Refusal;

export function refusal<C extends PhraseCode>(
  reason: RefusalReason,
  code: C,
  ...params: ParamsArg<C>
): Refusal {
  return { ok: false, reason, ...worded(code, ...params) };
}

/**
 * The engine's answer to a command as the player gets it: Kubernetes' own words under the
 * `kubernetes` phrase, never translated.
 */
export function commandReply(result: CommandResult): Reply {
  if (result.ok)
    return result.message === undefined ? { ok: true } : { ok: true, ...kubernetes(result.message) };
  return { ok: false, reason: result.code, ...kubernetes(result.message) };
}

export function kubernetes(text: string): Worded {
  return worded("kubernetes", { text });
}

/** Reply to an accepted `command`: where it landed in the match record. */
export interface CommandAccepted {
  /** Position in the session's command log. */
  seq: number;
  /** Engine tick at which it was applied (between ticks `tick` and `tick + 1`). */
  tick: number;
}

/** Reply to `kubectl`: what the terminal shows. `commands`: the record's seq of each change it made. */
export interface KubectlOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  commands: number[];
}

/**
 * Reply to `explain`: the default scheduler's verdict on every node for the pod (filters, then each
 * score plugin's raw, normalised and weighted score), exactly as shared/sim/scheduler/scheduleone.ts
 * computes it for the bot and for judging placements.
 */
export interface ExplainReply {
  explanation: Explanation;
  /**
   * When no Node fits the pending pod: DefaultPreemption's dry run (where evicting lower-priority pods
   * makes room, the victims it would pick, the Node it would choose), shared/view/preemption.ts.
   */
  preemption?: PreemptionView;
}

/** Reply to the instructor's `hint`: how many connected players it reached (it is recorded either way). */
export interface HintSent {
  delivered: number;
}

/** The `hint` push: a hint from the teacher to this player's seat, to them, or to everyone. */
export interface HintMessage {
  text: string;
  to: "seat" | "player" | "everyone";
  /** For `to: "seat"`: the seat it was sent to. */
  seat?: string;
  /** Server wall clock when it was sent. */
  at: number;
}

/** How a match ended: its scenario's win conditions judged against the cluster at the end. */
export interface MatchOutcome {
  /** "won", or "lost: " and the unmet conditions. */
  result: string;
  won: boolean;
  /** Why the session ended: instructor, time-up, idle ... */
  reason: string;
  /** Simulated seconds played. */
  simulatedSeconds: number;
  goals: GoalResult[];
}

/** The `refused` push, for messages sent without `request`. */
export interface RefusedMessage extends Refusal {
  type: string;
}

/** The `welcome` push after a join or a reconnection. */
export interface WelcomeMessage {
  role: "student" | "instructor";
  /** Absent for the instructor. */
  playerId?: string;
  nickname?: string;
  seat?: string;
}

/** Something the server wants everyone to read (a pause after an error, a restart, the end). */
export interface NoticeMessage extends Worded {
  level: "info" | "warning";
  /** Present on the notice sent when the session ends: the outcome, for the end-of-match screen. */
  outcome?: MatchOutcome;
}

/**
 * WebSocket close codes the server uses beyond Colyseus' own (4000-4010). The SDK does not try to
 * reconnect after any of them; the close reason is a PlainCode (phrases.ts) the page translates.
 */
export const CloseCodes = {
  KICKED: 4100,
  BANNED: 4101,
  SESSION_ENDED: 4102,
  /** The same player opened the session in another tab or device. */
  REPLACED: 4103,
  /**
   * The server is stopping (SIGTERM, SIGINT, a redeploy); the session comes back, paused, when it starts
   * again: join again with the same code (a stored player token gets the same place back).
   */
  SERVER_RESTARTING: 4104,
} as const;
