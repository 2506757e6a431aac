import type { z } from "zod";
import type { ParsedManifestFile } from "../../shared/kubectl/manifests.ts";
import {
  type InstructorMessageType,
  isInstructorMessage,
  isMessageType,
  MAX_COMMAND_BYTES,
  type MessagePayload,
  type MessageType,
  messageSchema,
  type StudentMessageType,
} from "../../shared/protocol/messages.ts";
import { worded } from "../../shared/protocol/phrases.ts";
import {
  type ExplainReply,
  type KubectlOutput,
  kubernetes,
  type Refusal,
  refusal,
} from "../../shared/protocol/replies.ts";
import type { AnyReply, ReplyOf } from "../../shared/protocol/wire.ts";
import type { WallClock } from "../clock.ts";
import { type InstructorPorts, runInstructorAction } from "./instructorActions.ts";
import { type KubectlConsolePorts, OBSERVER_SEAT, runKubectl } from "./kubectlConsole.ts";
import type { AppliedMove, Identity, PushPort } from "./ports.ts";
import type { Player, Roster } from "./Roster.ts";
import type { Seating } from "./Seating.ts";
import { TokenBucket } from "./TokenBucket.ts";
import type { Overdrawn, WorkBudget } from "./WorkBudget.ts";

/** What the teacher sees of each player's messages (and the class's). */
/**
 * Engine commands only the server sends on the teacher's behalf: a class's limits, its speed and the
 * heartbeat rule follow the teacher's controls (session.speed, session.heartbeats), never a raw command.
 */
const SERVER_COMMANDS = new Set(["SetQuota", "SetSpeed", "SetManualHeartbeats"]);

export interface MessageCounters {
  throttled(player: Player | undefined): void;
  /** A refusal: malformed and unknown messages are counted apart from refused moves. */
  refused(player: Player | undefined, malformed: boolean): void;
  accepted(player: Player, count: number): void;
}

/** A reply now, or once work off the event loop (parsing a kubectl line's files) is done. */
export type Answer = AnyReply | Promise<AnyReply>;

export interface RouterPorts {
  identityOf(sessionId: string): Identity | undefined;
  roster: Pick<Roster, "get">;
  counters: MessageCounters;
  /** Whether the teacher froze the class, and the message they left. */
  freeze(): { frozen: boolean; message: string };
  /** The teacher paused the clock: students' moves wait, as they do while frozen. */
  paused(): boolean;
  ended(): boolean;
  /** A move on the cluster, through the match record. */
  apply(seat: string, command: Record<string, unknown>, playerId?: string): AppliedMove;
  kubectl: KubectlConsolePorts;
  /**
   * The default scheduler's verdict on every node for a pod and, when none fits, DefaultPreemption's
   * dry run (undefined: no such pod).
   */
  explain(pod: string, namespace: string | undefined): ExplainReply | undefined;
  seating: Pick<Seating, "take" | "move">;
  instructor: InstructorPorts;
  push: PushPort;
  rate: { perSecond: number; burst: number };
  clock: WallClock;
  /** What requests cost, per seat and per session (ms of event loop, bytes answered). */
  budget: WorkBudget;
  /** A monotonic clock in ms: what each request costs is measured with it. */
  stopwatch(): number;
  /** A request ran: its cost, for the teacher's panel and /healthz. */
  worked(ms: number, at: number): void;
  overBudget(player: Player | undefined): void;
  /**
   * Parses a kubectl line's `-f` files (by name, "-" for stdin) off the event loop; undefined when
   * the server has no worker for it (then kubectl parses them itself).
   */
  parseManifests?(files: Record<string, string>): Promise<Record<string, ParsedManifestFile>>;
}

/** Files and stdin of a kubectl line up to this size are parsed on the event loop (under ~1 ms). */
const PARSE_ON_LOOP_BYTES = 1024;

/** Who sent a message: their identity, the player behind it (students), their connection. */
interface Sender {
  identity: Identity;
  player: Player | undefined;
  sessionId: string | undefined;
  /** Whose work budget pays for it: the player's id, or "instructor". */
  payer: string;
}

type StudentHandler<T extends StudentMessageType> = (
  sender: Sender,
  payload: MessagePayload<T>,
) => ReplyOf<T> | Promise<ReplyOf<T>>;

/**
 * Every client message goes through here: throttle, parse against the shared/protocol schema, check
 * who may send it, then act. Whatever arrives, the answer is a typed Reply (never an exception, never a
 * disconnection); malformed and throttled messages are counted per player for the instructor.
 */
export class MessageRouter {
  private readonly ports: RouterPorts;
  private readonly flood: TokenBucket;
  private readonly students: { [T in StudentMessageType]: StudentHandler<T> };

  constructor(ports: RouterPorts) {
    this.ports = ports;
    this.flood = new TokenBucket(ports.rate.perSecond, ports.rate.burst);
    this.students = {
      command: (sender, { command }) => this.command(sender, command),
      kubectl: (sender, request) => this.kubectl(sender, request),
      explain: (_sender, { pod, namespace }) => this.explain(pod, namespace),
      "seat.take": ({ player }, { seat }) => {
        if (!player) return refusal("NotForInstructor", "teacherPlaysNoSeat");
        return this.ports.seating.take(player, seat, "self");
      },
      "seat.leave": ({ player }) => {
        if (!player) return refusal("NotForInstructor", "teacherPlaysNoSeat");
        this.ports.seating.move(player, undefined, "self");
        return { ok: true, ...worded("backInLobby") };
      },
    };
  }

  handle(sessionId: string, type: string | number, payload: unknown): Answer {
    const { ports } = this;
    const identity = ports.identityOf(sessionId);
    if (!identity) return refusal("SessionEnded", "connectionClosed");
    const player = identity.role === "student" ? ports.roster.get(identity.playerId) : undefined;
    if (!this.flood.take(sessionId, ports.clock.now())) {
      ports.counters.throttled(player);
      return refusal("Throttled", "throttled", { rate: ports.rate.perSecond });
    }
    // a student whose seat or class has overdrawn its work budget waits; the teacher is never refused
    // (their requests are charged to the class all the same)
    const payer = player?.id ?? "instructor";
    if (player) {
      const overdrawn = ports.budget.overdrawn(payer, ports.stopwatch());
      if (overdrawn) {
        ports.overBudget(player);
        return overBudget(overdrawn);
      }
    }
    const sender: Sender = { identity, player, sessionId, payer };
    const answer = this.metered(payer, () => this.route(sender, String(type), payload));
    const counted = (reply: AnyReply) => {
      if (!reply.ok) {
        ports.counters.refused(player, reply.reason === "Malformed" || reply.reason === "UnknownMessage");
      }
      return reply;
    };
    return answer instanceof Promise ? answer.then(counted) : counted(answer);
  }

  /**
   * Runs `work` on the event loop and charges what it cost to `payer`'s seat and session: the
   * milliseconds it held the loop and the bytes of kubectl output it answered.
   */
  private metered<T extends Answer>(payer: string, work: () => T): T {
    const { ports } = this;
    const started = ports.stopwatch();
    const answer = work();
    const ended = ports.stopwatch();
    const bytes = answer instanceof Promise ? 0 : answerBytes(answer);
    ports.budget.charge(payer, ended - started, bytes, ended);
    ports.worked(ended - started, ended);
    return answer;
  }

  /**
   * A message whose payload is not msgpack (or whose frame is cut short): answered as malformed and
   * counted like one, within the sender's message budget; the connection stays open.
   */
  undecodable(sessionId: string, type: string): AnyReply {
    const { ports } = this;
    const identity = ports.identityOf(sessionId);
    if (!identity) return refusal("SessionEnded", "connectionClosed");
    const player = identity.role === "student" ? ports.roster.get(identity.playerId) : undefined;
    if (!this.flood.take(sessionId, ports.clock.now())) {
      ports.counters.throttled(player);
      return refusal("Throttled", "throttled", { rate: ports.rate.perSecond });
    }
    ports.counters.refused(player, true);
    return refusal("Malformed", "undecodable", { type: type.slice(0, 60) });
  }

  /** From the HTTP API, already authenticated with the instructor token (not throttled: rate-limited there). */
  handleInstructor(type: string, payload: unknown): Answer {
    const sender: Sender = {
      identity: { role: "instructor" },
      player: undefined,
      sessionId: undefined,
      payer: "instructor",
    };
    return this.metered("instructor", () => this.route(sender, type, payload));
  }

  forget(sessionId: string): void {
    this.flood.forget(sessionId);
  }

  private route(sender: Sender, type: string, payload: unknown): Answer {
    if (!isMessageType(type)) return refusal("UnknownMessage", "unknownMessage", { type: type.slice(0, 60) });
    if (isInstructorMessage(type)) {
      if (sender.identity.role !== "instructor") return refusal("NotInstructor", "notInstructor", { type });
      return this.instructorMessage(type, payload);
    }
    return this.studentMessage(sender, type, payload);
  }

  private instructorMessage<T extends InstructorMessageType>(type: T, payload: unknown): ReplyOf<T> {
    const parsed = this.parse(type, payload);
    if (!parsed.ok) return parsed.refusal;
    if (this.ports.ended()) return refusal("SessionEnded", "sessionEnded");
    return runInstructorAction(this.ports.instructor, type, parsed.data);
  }

  private studentMessage<T extends StudentMessageType>(
    sender: Sender,
    type: T,
    payload: unknown,
  ): ReplyOf<T> | Promise<ReplyOf<T>> {
    const parsed = this.parse(type, payload);
    if (!parsed.ok) return parsed.refusal;
    if (this.ports.ended()) return refusal("SessionEnded", "sessionEnded");
    const handler: StudentHandler<T> = this.students[type];
    return handler(sender, parsed.data);
  }

  private parse<T extends MessageType>(
    type: T,
    payload: unknown,
  ): { ok: true; data: MessagePayload<T> } | { ok: false; refusal: Refusal } {
    const parsed = messageSchema(type).safeParse(payload ?? {});
    return parsed.success
      ? { ok: true, data: parsed.data }
      : { ok: false, refusal: malformed(type, parsed.error) };
  }

  /**
   * A move on the cluster, as the sender's seat (the instructor acts as "instructor"). While the class
   * is frozen a student's move is refused before it reaches the engine (and the record).
   */
  private command(
    { identity, player, sessionId }: Sender,
    command: Record<string, unknown>,
  ): ReplyOf<"command"> {
    const { ports } = this;
    const seat = identity.role === "instructor" ? "instructor" : player?.seat;
    if (!seat) return refusal("NoSeat", "takeSeatFirst");
    if (player && ports.paused()) return refusal("Paused", "pausedMoves");
    if (player && ports.freeze().frozen) return this.frozenRefusal();
    if (identity.role === "instructor" && SERVER_COMMANDS.has(String(command.type))) {
      return refusal("Forbidden", "serverOnlyCommand", { type: String(command.type) });
    }
    const canonical = canonicalCommand(command);
    if (!canonical.ok) return canonical;
    const applied = ports.apply(seat, canonical.command, player?.id);
    if (player && applied.outcome === "accepted") ports.counters.accepted(player, 1);
    const judgement = applied.judgement;
    if (judgement && sessionId) {
      // after the reply has gone out: the move first, then how it was judged
      setImmediate(() => ports.push.push(sessionId, "judgement", judgement));
    }
    if (!applied.reply.ok) return applied.reply;
    return { ...applied.reply, seq: applied.seq, tick: applied.tick };
  }

  /**
   * A kubectl line. Its `-f` files, when more than a little YAML, are parsed on a worker thread first
   * (YAML costs about a millisecond per KB); the line then runs on the event loop, metered again.
   */
  private kubectl(
    sender: Sender,
    request: MessagePayload<"kubectl">,
  ): ReplyOf<"kubectl"> | Promise<ReplyOf<"kubectl">> {
    const { ports } = this;
    const files = { ...request.files, ...(request.stdin !== undefined ? { "-": request.stdin } : {}) };
    let bytes = 0;
    for (const text of Object.values(files)) bytes += text.length;
    if (bytes <= PARSE_ON_LOOP_BYTES || !ports.parseManifests) return this.runKubectl(sender, request);
    return ports.parseManifests(files).then(
      (parsed) => this.metered(sender.payer, () => this.runKubectl(sender, request, parsed)),
      () => refusal("Busy", "serverBusy", { seconds: 2 }),
    );
  }

  private runKubectl(
    { identity, player }: Sender,
    request: MessagePayload<"kubectl">,
    parsed?: Record<string, ParsedManifestFile>,
  ): ReplyOf<"kubectl"> {
    const { ports } = this;
    const seat = identity.role === "instructor" ? "instructor" : (player?.seat ?? OBSERVER_SEAT);
    const paused = player !== undefined && ports.paused();
    const frozen = player !== undefined && (paused || ports.freeze().frozen);
    const output = runKubectl(ports.kubectl, seat, player?.id, request, frozen, parsed);
    if (output.seatless) return refusal("NoSeat", "kubectlNeedsSeat");
    if (output.frozen) return paused ? refusal("Paused", "pausedMoves") : this.frozenRefusal();
    if (player && output.accepted > 0) ports.counters.accepted(player, output.accepted);
    const { accepted: _accepted, frozen: _frozen, seatless: _seatless, ...reply } = output;
    return { ok: true, ...reply };
  }

  private frozenRefusal(): Refusal {
    const { message } = this.ports.freeze();
    return message ? refusal("Frozen", "frozen", { message }) : refusal("Frozen", "frozenSilently");
  }

  /** The default scheduler's verdict on every node for a pod, as the bot and the judge compute it. */
  private explain(pod: string, namespace: string | undefined): ReplyOf<"explain"> {
    const explained = this.ports.explain(pod, namespace);
    if (!explained) {
      // the API server's own words for a missing object
      return {
        ok: false,
        reason: "NotFound",
        ...kubernetes(`pods "${pod.slice(0, 253)}" not found in namespace "${namespace ?? "default"}"`),
      };
    }
    return { ok: true, ...explained };
  }
}

/**
 * The command as plain JSON: what the engine receives and what the record stores are then the same
 * value (msgpack could carry NaN, BigInt or binary that JSON would silently change on the way to disk).
 */
function canonicalCommand(command: unknown): { ok: true; command: Record<string, unknown> } | Refusal {
  let json: string | undefined;
  try {
    json = JSON.stringify(command, (_key, value) => {
      if (typeof value === "number" && !Number.isFinite(value)) throw new CommandNotJson("commandNotFinite");
      if (typeof value === "bigint") throw new CommandNotJson("commandTooBig");
      if (value instanceof Uint8Array) throw new CommandNotJson("commandBinary");
      return value;
    });
  } catch (error) {
    if (error instanceof CommandNotJson) return refusal("Malformed", error.code);
    throw error;
  }
  if (json === undefined) return refusal("Malformed", "malformed", { type: "command", problem: "Required" });
  if (json.length > MAX_COMMAND_BYTES) {
    return refusal("TooLarge", "tooLarge", { bytes: json.length, max: MAX_COMMAND_BYTES });
  }
  return { ok: true, command: JSON.parse(json) };
}

class CommandNotJson extends Error {
  readonly code: "commandNotFinite" | "commandTooBig" | "commandBinary";

  constructor(code: CommandNotJson["code"]) {
    super(code);
    this.code = code;
  }
}

/** A payload that does not match its schema: the first problem, at its field (zod words it). */
export function malformed(type: string, error: z.ZodError): Refusal {
  const issue = error.issues[0];
  const problem = issue?.message ?? "invalid";
  if (issue?.path.length) {
    return refusal("Malformed", "malformedField", { type, field: issue.path.join("."), problem });
  }
  return refusal("Malformed", "malformed", { type, problem });
}

/** The bytes a reply carries that its size can vary by: a kubectl line's output. */
function answerBytes(reply: AnyReply): number {
  if (!reply.ok) return 0;
  const output = reply as Partial<KubectlOutput>;
  return (output.stdout?.length ?? 0) + (output.stderr?.length ?? 0);
}

/** The refusal of a request whose seat, class or server has overdrawn its work budget. */
function overBudget({ who, seconds }: Overdrawn): Refusal {
  const wait = Math.max(1, Math.ceil(seconds));
  const code = who === "seat" ? "seatOverBudget" : who === "class" ? "classOverBudget" : "serverBusy";
  return refusal("OverBudget", code, { seconds: wait });
}
