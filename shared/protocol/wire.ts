import type { z } from "zod";
import type { Command } from "../sim/commands.ts";
import type { InstructorMessages, MessageType, StudentMessages } from "./messages.ts";
import type {
  CommandAccepted,
  ExplainReply,
  HintMessage,
  HintSent,
  KubectlOutput,
  NoticeMessage,
  RefusedMessage,
  Reply,
  WelcomeMessage,
} from "./replies.ts";
import type { ClassroomStateView, JudgementView } from "./state.ts";

/**
 * The classroom room's wire, typed end to end: for each message a client may send, its payload and its
 * reply; for each message the server pushes, its payload. The zod schemas of messages.ts stay the
 * runtime boundary (the server `safeParse`s every payload); these types are what both sides compile
 * against.
 */
export type RequestType = MessageType;

type Schemas = typeof StudentMessages & typeof InstructorMessages;

/**
 * What a client sends with a message: the schema's input, except that a `command` carries an engine
 * Command (the schema lets any object through so the engine itself refuses a bad one, in Kubernetes'
 * words).
 */
export type PayloadOf<T extends RequestType> = T extends "command"
  ? { command: Command }
  : z.input<Schemas[T]>;

/** The fields of an accepted reply, for the messages whose reply has any. */
interface ReplyFields {
  command: CommandAccepted;
  kubectl: KubectlOutput;
  explain: ExplainReply;
  hint: HintSent;
}

export type ReplyOf<T extends RequestType> = Reply<
  T extends keyof ReplyFields ? ReplyFields[T] : Record<never, never>
>;

/** A reply to any message (what the room hands back before it knows the type). */
export type AnyReply = ReplyOf<RequestType>;

/** Messages the server pushes to one client (or to all). */
export interface Pushes {
  /** Answer to a message sent with `send` (not `request`) that was refused. */
  refused: RefusedMessage;
  /** Who you are, sent once after every join and reconnection. */
  welcome: WelcomeMessage;
  /** Something everyone should read (the simulation paused on an error, a restart, the end). */
  notice: NoticeMessage;
  /** A hint from the teacher to this player (their seat, them, or everyone). */
  hint: HintMessage;
  /** The engine judged one of this player's moves; sent right after the reply to the accepted command. */
  judgement: JudgementView;
}

export type PushType = keyof Pushes;
export type PushOf<P extends PushType> = Pushes[P];

export const PUSH_TYPES = [
  "refused",
  "welcome",
  "notice",
  "hint",
  "judgement",
] as const satisfies readonly PushType[];

/**
 * The room as @colyseus/sdk types a room (`Room<ClassroomWire>`): its synced state, a handler signature
 * per message (the SDK reads payload and reply types from it) and the pushes. A phantom: nothing of this
 * type exists at run time; the server's ClassroomRoom answers with the same types.
 */
export interface ClassroomWire {
  "~state": ClassroomStateView;
  messages: { [T in RequestType]: (client: unknown, payload: PayloadOf<T>) => ReplyOf<T> };
  "~client": { "~messages": Pushes };
}
