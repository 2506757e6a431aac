import { type Client, type Deferred, type MessageContext, Room, ServerError } from "@colyseus/core";
import { MESSAGE_TYPES } from "../../shared/protocol/messages.ts";
import { CloseCodes, type RefusedMessage } from "../../shared/protocol/replies.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { Classroom, type ClassroomHost, type Identity } from "../classroom/Classroom.ts";
import { type AnyReply, MessageRouter } from "../classroom/MessageRouter.ts";
import type { SessionDirectory } from "../sessions/SessionDirectory.ts";
import type { ClassroomState } from "../state/ClassroomState.ts";

export interface ClassroomRoomOptions {
  /** Set by the room definition: the server's directory of sessions. */
  directory: SessionDirectory;
  /** Set by SessionDirectory.create: which pending session this room starts. */
  sessionKey: string;
}

function isMessageContext(value: unknown): value is MessageContext {
  const ctx = value as Partial<MessageContext> | null;
  return typeof ctx?.reject === "function" && typeof ctx.resolve === "function";
}

/** Close code of a failed WebSocket join: the SDK rejects the join with this code and message. */
const JOIN_REFUSED = 4401;
/** How often (ms of room time), at most, to check whether the session has gone idle. */
const IDLE_CHECK_MS = 5_000;

/**
 * One classroom session on Colyseus. The room is the transport: it admits WebSockets that carry a
 * ticket from the HTTP join, hands every message to the MessageRouter and every connection change to
 * the Classroom, advances the simulation on the room clock and projects the engine into the state just
 * before each patch.
 */
export class ClassroomRoom extends Room<{ state: ClassroomState }> {
  override autoDispose = false;
  classroom!: Classroom;
  private router!: MessageRouter;
  private directory!: SessionDirectory;
  private readonly reconnections = new Map<string, Deferred<Client>>();
  private sinceIdleCheck = 0;

  get code(): string {
    return this.classroom.code;
  }

  override onCreate(options: ClassroomRoomOptions): void {
    this.directory = options.directory;
    const spec = this.directory.claim(options.sessionKey);
    if (!spec) throw new ServerError(403, "sessions are created through the HTTP API");
    const { config, recorder, wordFilter, log } = this.directory.context;
    const resume = spec.resume;
    const engine = resume?.engine ?? createEngine(spec.scenario, { seed: spec.seed });
    const instructorTokenHash = spec.instructorTokenHash;
    if (resume) {
      // the session keeps its id: the record continues where the previous process left it
      this.roomId = resume.id;
    } else {
      recorder.createSession({
        id: this.roomId,
        code: spec.code,
        scenarioName: spec.scenarioName,
        scenarioTitle: spec.scenario.title,
        scenarioSource: spec.source,
        scenarioFiles: spec.files,
        seed: spec.seed,
        options: spec.options,
        instructorTokenHash,
        createdAt: Date.now(),
      });
    }
    this.classroom = new Classroom({
      id: this.roomId,
      code: spec.code,
      scenario: {
        name: spec.scenarioName,
        title: spec.scenario.title,
        description: spec.scenario.description,
        durationSeconds: spec.scenario.durationSeconds,
        goals: spec.scenario.goals,
        winConditions: spec.scenario.winConditions,
      },
      engine,
      settings: spec.settings,
      instructorTokenHash,
      config,
      recorder,
      wordFilter,
      log: log.child({ session: spec.code }),
      host: this.host(),
      ...(resume ? { resume } : {}),
    });
    this.router = new MessageRouter(this.classroom);
    this.state = this.classroom.state;
    this.patchRate = config.patchRateMs;
    for (const type of MESSAGE_TYPES) {
      this.onMessage(type, (client: Client, payload: unknown, ctx: MessageContext) =>
        this.answer(client, type, this.handle(client, type, payload), ctx),
      );
    }
    // Unknown types land here as (client, type, payload); a message literally named "*" also does, as
    // (client, payload, context): a client cannot send functions, so a context tells them apart.
    this.onMessage("*", (client: Client, typeOrPayload: unknown, payloadOrContext: unknown) => {
      if (isMessageContext(payloadOrContext)) {
        return this.answer(client, "*", this.handle(client, "*", typeOrPayload), payloadOrContext);
      }
      const type = typeof typeOrPayload === "number" ? typeOrPayload : String(typeOrPayload);
      return this.answer(client, String(type), this.handle(client, type, payloadOrContext));
    });
    this.setTimestep((elapsed) => this.step(elapsed), config.timestepMs);
    this.directory.register(this);
    if (resume) {
      log.info(
        { session: spec.code, tick: engine.state.tick, mismatches: resume.mismatches.length },
        "session resumed",
      );
    } else {
      this.classroom.recordEvent("session-created", { code: spec.code });
      log.info({ session: spec.code, scenario: spec.scenarioName, seed: spec.seed }, "session created");
    }
  }

  /** A bug behind a message must not cost the sender an answer, nor the room its life. */
  private handle(client: Client, type: string | number, payload: unknown): AnyReply {
    try {
      return this.router.handle(client.sessionId, type, payload);
    } catch (error) {
      this.classroom.log.error({ err: error, type: String(type).slice(0, 64) }, "message handler failed");
      return { ok: false, reason: "InternalError", message: "The server failed on this message." };
    }
  }

  /** An instructor message arriving over HTTP (POST /api/sessions/:code/actions). */
  instructorMessage(type: string, payload: unknown): AnyReply {
    return this.router.handleInstructor(type, payload);
  }

  /** A request gets its reply; a plain send hears back only when refused. */
  private answer(client: Client, type: string, reply: AnyReply, ctx?: MessageContext): AnyReply | undefined {
    if (ctx?.id !== undefined) return reply;
    if (!reply.ok) {
      client.send("refused", {
        type,
        ok: false,
        reason: reply.reason,
        message: reply.message,
      } satisfies RefusedMessage);
    }
    return undefined;
  }

  private step(elapsed: number): void {
    this.classroom.advance(elapsed);
    this.sinceIdleCheck += elapsed;
    const idleMs = this.classroom.config.sessionIdleMinutes * 60_000;
    if (idleMs > 0 && this.sinceIdleCheck >= Math.min(IDLE_CHECK_MS, idleMs / 4)) {
      this.sinceIdleCheck = 0;
      if (this.classroom.idle(Date.now())) this.classroom.end("idle");
    }
  }

  override onBeforePatch(): void {
    this.classroom.flush();
  }

  override onAuth(_client: Client, options: { ticket?: unknown } | undefined): Identity {
    const identity = this.classroom.admission.redeemTicket(options?.ticket);
    if (!identity) throw new ServerError(JOIN_REFUSED, "join through POST /api/sessions/:code/join first");
    return identity;
  }

  override onJoin(client: Client): void {
    client.view = this.classroom.connections.connect(client.sessionId, client.auth as Identity);
  }

  override onDrop(client: Client): void {
    this.classroom.connections.dropped(client.sessionId);
    const seconds = this.classroom.config.reconnectSeconds;
    if (seconds <= 0 || this.classroom.ended) return;
    const pending = this.allowReconnection(client, seconds);
    this.reconnections.set(client.sessionId, pending);
    pending.catch(() => this.reconnections.delete(client.sessionId));
  }

  override onReconnect(client: Client): void {
    this.reconnections.delete(client.sessionId);
    this.classroom.connections.reconnected(client.sessionId);
  }

  override onLeave(client: Client): void {
    this.reconnections.delete(client.sessionId);
    this.router.forget(client.sessionId);
    this.classroom.connections.disconnected(client.sessionId);
  }

  override onDispose(): void {
    // a session suspended for a restart stays open in the record; any other ends here
    this.classroom?.end("shutdown");
    this.directory?.unregister(this);
  }

  override onUncaughtException(error: Error, method: string): void {
    this.classroom?.log.error({ err: error, method }, "uncaught exception in the room");
  }

  /** What the transport-free Classroom may ask of the room. */
  private host(): ClassroomHost {
    return {
      close: (sessionId, code, reason) => this.clients.get(sessionId)?.leave(code, reason),
      send: (sessionId, type, message) => this.clients.get(sessionId)?.send(type, message),
      broadcast: (type, message) => this.broadcast(type as never, message as never),
      cancelReconnection: (sessionId) => {
        this.reconnections.get(sessionId)?.reject(new Error("replaced"));
        this.reconnections.delete(sessionId);
      },
      dispose: () => {
        this.directory.unregister(this);
        // next turn of the event loop: the reply to the message that ended the session goes out first
        setTimeout(() => this.disconnect(CloseCodes.SESSION_ENDED).catch(() => {}), 0);
      },
    };
  }
}
