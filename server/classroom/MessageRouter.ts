import type { z } from "zod";
import {
  isInstructorMessage,
  MAX_COMMAND_BYTES,
  messageSchema,
  type StudentMessages,
} from "../../shared/protocol/messages.ts";
import type {
  CommandAccepted,
  ExplainReply,
  HintSent,
  KubectlOutput,
  Refusal,
  Reply,
} from "../../shared/protocol/replies.ts";
import { explain } from "../../shared/sim/scheduler/scheduleone.ts";
import type { Classroom, Identity } from "./Classroom.ts";
import { runInstructorAction } from "./instructorActions.ts";
import { type KubectlRequest, OBSERVER_SEAT, runKubectl } from "./kubectlConsole.ts";
import type { Player } from "./Roster.ts";
import { TokenBucket } from "./TokenBucket.ts";

export type AnyReply = Reply<
  Partial<CommandAccepted> & Partial<KubectlOutput> & Partial<ExplainReply> & Partial<HintSent>
>;

const refuse = (reason: Refusal["reason"], message: string): Refusal => ({ ok: false, reason, message });

/**
 * Every client message goes through here: throttle, parse against the shared/protocol schema, check
 * who may send it, then act. Whatever arrives, the answer is a Reply (never an exception, never a
 * disconnection); malformed and throttled messages are counted per player for the instructor.
 */
export class MessageRouter {
  private readonly classroom: Classroom;
  private readonly flood: TokenBucket;

  constructor(classroom: Classroom) {
    this.classroom = classroom;
    this.flood = new TokenBucket(classroom.config.messageRate, classroom.config.messageBurst);
  }

  handle(sessionId: string, type: string | number, payload: unknown): AnyReply {
    const classroom = this.classroom;
    const identity = classroom.connections.identityOf(sessionId);
    if (!identity) return refuse("SessionEnded", "This connection is closed.");
    const player = identity.role === "student" ? classroom.roster.get(identity.playerId) : undefined;
    if (!this.flood.take(sessionId, Date.now())) {
      classroom.state.instructor.throttled++;
      if (player) {
        player.throttled++;
        classroom.syncPlayer(player);
      }
      return refuse(
        "Throttled",
        `Too many messages: this one was dropped. Send at most ${classroom.config.messageRate} per second.`,
      );
    }
    const reply = this.route(identity, player, String(type), payload, sessionId);
    if (!reply.ok && player) {
      if (reply.reason === "Malformed" || reply.reason === "UnknownMessage") player.malformed++;
      else player.refused++;
      classroom.syncPlayer(player);
    }
    if (!reply.ok && (reply.reason === "Malformed" || reply.reason === "UnknownMessage")) {
      classroom.state.instructor.malformed++;
    }
    return reply;
  }

  /** From the HTTP API, already authenticated with the instructor token (not throttled: rate-limited there). */
  handleInstructor(type: string, payload: unknown): AnyReply {
    return this.route({ role: "instructor" }, undefined, type, payload);
  }

  forget(sessionId: string): void {
    this.flood.forget(sessionId);
  }

  private route(
    identity: Identity,
    player: Player | undefined,
    type: string,
    payload: unknown,
    sessionId?: string,
  ): AnyReply {
    const schema = messageSchema(type);
    if (!schema) {
      return refuse("UnknownMessage", `There is no message "${type.slice(0, 60)}".`);
    }
    if (isInstructorMessage(type) && identity.role !== "instructor") {
      return refuse("NotInstructor", `Only the teacher can send "${type}".`);
    }
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) return malformed(type, parsed.error);
    if (this.classroom.ended) return refuse("SessionEnded", "The session has ended.");
    if (isInstructorMessage(type)) return runInstructorAction(this.classroom, type, parsed.data as never);
    const data = parsed.data as Record<string, unknown>;
    switch (type as keyof typeof StudentMessages) {
      case "command":
        return this.command(identity, player, data.command, sessionId);
      case "kubectl": {
        const seat = identity.role === "instructor" ? "instructor" : (player?.seat ?? OBSERVER_SEAT);
        const frozen = player !== undefined && this.classroom.frozen;
        const output = runKubectl(
          this.classroom,
          seat,
          player?.id,
          data as unknown as KubectlRequest,
          frozen,
        );
        if (output.frozen) return this.frozenRefusal();
        if (player && output.accepted > 0) {
          player.accepted += output.accepted;
          this.classroom.syncPlayer(player);
        }
        const { accepted: _accepted, frozen: _frozen, ...reply } = output;
        return { ok: true, ...reply };
      }
      case "explain":
        return this.explain(data.pod as string, data.namespace as string | undefined);
      case "seat.take": {
        if (!player)
          return refuse("NotForInstructor", "The teacher plays no seat: use seat.assign to seat a student.");
        return this.classroom.seating.take(player, data.seat as string, "self");
      }
      case "seat.leave": {
        if (!player) return refuse("NotForInstructor", "The teacher plays no seat.");
        this.classroom.seating.move(player, undefined, "self");
        return { ok: true, message: "You are back in the lobby." };
      }
    }
    return refuse("UnknownMessage", `There is no message "${type}".`);
  }

  /**
   * A move on the cluster, as the sender's seat (the instructor acts as "instructor"). While the class
   * is frozen a student's move is refused before it reaches the engine (and the record).
   */
  private command(
    identity: Identity,
    player: Player | undefined,
    command: unknown,
    sessionId: string | undefined,
  ): AnyReply {
    const classroom = this.classroom;
    const seat = identity.role === "instructor" ? "instructor" : player?.seat;
    if (!seat) return refuse("NoSeat", "Take a seat first: in the lobby you cannot act on the cluster.");
    if (player && classroom.frozen) return this.frozenRefusal();
    const canonical = canonicalCommand(command);
    if (!canonical.ok) return canonical;
    const applied = classroom.applyCommand(seat, canonical.command, player?.id);
    if (player && applied.outcome === "accepted") {
      player.accepted++;
      classroom.syncPlayer(player);
    }
    const judgement = applied.judgement;
    if (judgement && sessionId) {
      // after the reply has gone out: the move first, then how it was judged
      setImmediate(() => classroom.host.send(sessionId, "judgement", judgement));
    }
    if (!applied.result.ok) return applied.result;
    return { ...applied.result, seq: applied.seq, tick: applied.tick };
  }

  private frozenRefusal(): Refusal {
    const message = this.classroom.state.session.freezeMessage;
    return refuse(
      "Frozen",
      message ? `The teacher froze the class: ${message}` : "The teacher froze the class.",
    );
  }

  /** The default scheduler's verdict on every node for a pod, as the bot and the judge compute it. */
  private explain(pod: string, namespace: string | undefined): AnyReply {
    const engine = this.classroom.engine;
    const found = engine.podByName(namespace, pod);
    if (!found) {
      return refuse(
        "NotFound",
        `pods "${pod.slice(0, 253)}" not found in namespace "${namespace ?? "default"}"`,
      );
    }
    return { ok: true, explanation: explain(found, engine.snapshot) };
  }
}

/**
 * The command as plain JSON: what the engine receives and what the record stores are then the same
 * value (msgpack could carry NaN, BigInt or binary that JSON would silently change on the way to disk).
 */
function canonicalCommand(command: unknown): { ok: true; command: unknown } | Refusal {
  let json: string | undefined;
  try {
    json = JSON.stringify(command, (_key, value) => {
      if (typeof value === "number" && !Number.isFinite(value)) throw new Error("a number is not finite");
      if (typeof value === "bigint") throw new Error("a number is too large");
      if (value instanceof Uint8Array) throw new Error("binary data is not allowed");
      return value;
    });
  } catch (error) {
    return refuse("Malformed", `command: ${(error as Error).message}`);
  }
  if (json === undefined) return refuse("Malformed", "command: Required");
  if (json.length > MAX_COMMAND_BYTES) {
    return refuse(
      "TooLarge",
      `The command is too large (${json.length} bytes, at most ${MAX_COMMAND_BYTES}).`,
    );
  }
  return { ok: true, command: JSON.parse(json) };
}

export function malformed(type: string, error: z.ZodError): Refusal {
  const issue = error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return refuse("Malformed", `${type}: ${where}${issue?.message ?? "invalid"}`);
}
