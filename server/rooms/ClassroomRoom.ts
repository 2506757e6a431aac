import {
  type Client,
  ClientState,
  type Deferred,
  getMessageBytes,
  matchMaker,
  Protocol,
  ResponseStatus,
  Room,
  ServerError,
} from "@colyseus/core";
import type { SeatReservationJson } from "../../shared/protocol/http.ts";
import { CloseCodes, refusal } from "../../shared/protocol/replies.ts";
import type { AnyReply, Pushes } from "../../shared/protocol/wire.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { Classroom, type ClassroomHost, type Identity } from "../classroom/Classroom.ts";
import type { Answer } from "../classroom/MessageRouter.ts";
import type { LiveSession } from "../sessions/LiveSession.ts";
import type { SessionDirectory } from "../sessions/SessionDirectory.ts";
import { answerLocally, type SessionRequest } from "../sessions/SessionHandle.ts";
import type { ClassroomState } from "../state/ClassroomState.ts";
import { type MessageFrame, readMessageFrame } from "./frames.ts";

/** A connection of this room: who it speaks for, and the pushes it may be sent (shared/protocol/wire.ts). */
type ClassroomClient = Client<{ auth: Identity; messages: Pushes }>;

export interface ClassroomRoomOptions {
  /** Set by the room definition: the server's directory of sessions. */
  directory: SessionDirectory;
  /** Set by SessionDirectory.create: which pending session this room starts. */
  sessionKey: string;
}

/** Colyseus' reader of a client's frames, which the room wraps (see frames.ts). */
interface FrameReader {
  _onMessage(client: ClassroomClient, buffer: Buffer): void;
}

/** Close code of a failed WebSocket join: the SDK rejects the join with this code and message (a phrase code). */
const JOIN_REFUSED = 4401;
/** How often (ms of wall time), at most, to check whether the session has gone idle. */
const IDLE_CHECK_MS = 5_000;

/**
 * One classroom session on Colyseus. The room is the transport: it admits WebSockets that carry a
 * ticket from the HTTP join, hands every message to the MessageRouter and every connection change to
 * the Classroom, advances the simulation on the room clock and projects the engine into the state just
 * before each patch.
 */
export class ClassroomRoom
  extends Room<{
    state: ClassroomState;
    client: ClassroomClient;
    metadata: { sessionId: string; code: string };
  }>
  implements LiveSession
{
  override autoDispose = false;
  classroom!: Classroom;
  private directory!: SessionDirectory;
  private readonly reconnections = new Map<string, Deferred<ClassroomClient>>();
  /** Wall time of the last idle check. */
  private idleCheckedAt = 0;

  get code(): string {
    return this.classroom.code;
  }

  override onCreate(options: ClassroomRoomOptions): void {
    this.directory = options.directory;
    const spec = this.directory.claim(options.sessionKey);
    if (!spec) throw new ServerError(403, "sessions are created through the HTTP API");
    const { config, store, wordFilter, log, serverBudget, scenarios } = this.directory.context;
    const resume = spec.resume;
    const engine = resume?.engine ?? createEngine(spec.scenario, { seed: spec.seed });
    const instructorTokenHash = spec.instructorTokenHash;
    // the directory recorded the session (a resumed one keeps its id: the record goes on)
    this.roomId = spec.roomId;
    this.metadata = { sessionId: spec.id, code: spec.code };
    this.classroom = new Classroom({
      id: spec.id,
      code: spec.code,
      scenario: {
        name: spec.scenarioName,
        title: spec.scenario.title,
        description: spec.scenario.description,
        durationSeconds: spec.scenario.durationSeconds,
        goals: spec.scenario.goals,
        winConditions: spec.scenario.winConditions,
        ...(spec.scenario.translations ? { translations: spec.scenario.translations } : {}),
      },
      engine,
      settings: spec.settings,
      instructorTokenHash,
      config,
      store,
      wordFilter,
      log: log.child({ session: spec.code }),
      host: this.host(),
      ...(resume ? { resume } : {}),
      serverBudget,
      parseManifests: (files) => scenarios.run({ kind: "manifests", files }),
    });
    this.state = this.classroom.state;
    this.patchRate = config.patchRateMs;
    this.readMessagesItself();
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

  /**
   * Message frames (send, request, bytes) are read here, every other frame by Colyseus: Colyseus closes
   * the socket of a sender whose msgpack does not decode and answers a request of an unknown type with
   * its own error, where the protocol promises a Reply to every message (see frames.ts). Colyseus binds
   * `_onMessage` to each client when it joins, so the wrapper set here is the one every client gets.
   */
  private readMessagesItself(): void {
    const reader = this as unknown as FrameReader;
    const colyseus = reader._onMessage;
    reader._onMessage = (client, buffer) => {
      if (client.state === ClientState.LEAVING) return;
      const frame = readMessageFrame(buffer);
      if (frame) this.onFrame(client, frame);
      else colyseus.call(this, client, buffer);
    };
  }

  private onFrame(client: ClassroomClient, frame: MessageFrame): void {
    const type = frame.kind === "bytes" ? `bytes:${String(frame.type)}` : frame.type;
    const answer = this.recorded(
      frame.kind === "bytes" || frame.decoded
        ? this.handle(client, type, frame.kind === "bytes" ? undefined : frame.payload)
        : this.classroom.router.undecodable(client.sessionId, String(type)),
    );
    const reply = (said: AnyReply) => {
      // a reply that was waiting (a kubectl line's files parsed off the loop) goes to a connection
      // still open; a kicked one hears nothing more
      if (
        answer instanceof Promise &&
        this.classroom.connections.identityOf(client.sessionId) === undefined
      ) {
        return;
      }
      if (frame.kind === "request") {
        client.enqueueRaw(getMessageBytes[Protocol.ROOM_RESPONSE](frame.requestId, ResponseStatus.OK, said));
      } else if (!said.ok) {
        client.send("refused", { ...said, type: String(type).slice(0, 64) });
      }
    };
    if (answer instanceof Promise) void answer.then(reply);
    else reply(answer);
  }

  /** A bug behind a message must not cost the sender an answer, nor the room its life. */
  private handle(client: ClassroomClient, type: string | number, payload: unknown): Answer {
    const failed = (error: unknown) => {
      this.classroom.log.error({ err: error, type: String(type).slice(0, 64) }, "message handler failed");
      return refusal("InternalError", "serverFailed");
    };
    try {
      const answer = this.classroom.router.handle(client.sessionId, type, payload);
      return answer instanceof Promise ? answer.catch(failed) : answer;
    } catch (error) {
      return failed(error);
    }
  }

  instructorMessage(type: string, payload: unknown): Answer {
    return this.recorded(this.classroom.router.handleInstructor(type, payload));
  }

  /**
   * The answer once what the message wrote is in the record: at once with SQLite (every write is a
   * commit), after the group commit with PostgreSQL. Writes that never made it (the record failed, or
   * another process has taken the class over) are not acknowledged: the sender is told the server is
   * restarting, and the class comes back from the record.
   */
  private recorded(answer: Answer): Answer {
    const store = this.directory.context.store;
    const id = this.classroom.id;
    const settle = (reply: AnyReply): Answer => {
      const written = store.written(id);
      return written
        ? written.then(
            () => reply,
            () => refusal("SessionEnded", "serverRestarting"),
          )
        : reply;
    };
    return answer instanceof Promise ? answer.then(settle) : settle(answer);
  }

  /** A request relayed from another process's HTTP API (see sessions/SessionHandle.ts). */
  sessionApi(request: SessionRequest): Promise<unknown> {
    return answerLocally(this, () => this.directory.context.store.written(this.classroom.id), request);
  }

  /**
   * Another process has taken this class over (or its record failed): stop here at once, writing
   * nothing, and send everyone back through the join (which finds the class's new room).
   */
  relinquish(): void {
    this.classroom.relinquish();
    this.directory.unregister(this);
    this.lock().catch(() => {});
    for (const client of [...this.clients]) {
      this.kickClient(client.sessionId, CloseCodes.SERVER_RESTARTING, "serverRestarting");
    }
    this.disconnect(CloseCodes.SERVER_RESTARTING).catch(() => {});
  }

  async reserveSeat(ticket: string): Promise<SeatReservationJson> {
    const listing = await matchMaker.getRoomById(this.roomId);
    if (!listing) throw new Error(`room ${this.roomId} is not listed`);
    return (await matchMaker.reserveSeatFor(listing, { ticket })) as SeatReservationJson;
  }

  private step(elapsed: number): void {
    this.classroom.advance(elapsed);
    const idleMs = this.classroom.config.sessionIdleMinutes * 60_000;
    const now = this.classroom.config.clock.now();
    if (idleMs > 0 && now - this.idleCheckedAt >= Math.min(IDLE_CHECK_MS, idleMs / 4)) {
      this.idleCheckedAt = now;
      if (this.classroom.idle()) this.classroom.end("idle");
    }
  }

  override onBeforePatch(): void {
    this.classroom.flush();
  }

  /**
   * A patch (projecting the engine, encoding the changes, sending them) is measured in the CPU time of the
   * loop's thread; a room whose patches cost more than its share of the event loop patches less often
   * (see LoadMonitor.patchEvery), so a class churning thousands of objects slows its own screens, not the
   * other classes'. Wall time would count the moments other processes held the cores: on a busy machine
   * every room would slow its screens for a cost that is not its own.
   */
  override broadcastPatch(): boolean {
    const { stopwatch, cpuStopwatch } = this.classroom.config;
    const started = cpuStopwatch();
    const sent = super.broadcastPatch();
    const cost = cpuStopwatch() - started;
    const every = this.classroom.load.patched(cost, stopwatch(), this.classroom.config.patchRateMs);
    if (every !== this.patchRate) this.patchRate = every;
    return sent;
  }

  override onAuth(_client: ClassroomClient, options: { ticket?: unknown } | undefined): Identity {
    const identity = this.classroom.admission.redeemTicket(options?.ticket);
    if (!identity) throw new ServerError(JOIN_REFUSED, "joinFirst");
    return identity;
  }

  override onJoin(client: ClassroomClient, _options: unknown, auth: Identity): void {
    client.view = this.classroom.connections.connect(client.sessionId, auth);
  }

  override onDrop(client: ClassroomClient): void {
    // a connection the server closed (kicked, banned, replaced, ended, restarting) has nothing to come
    // back to: Colyseus reports those closes here too, and holding their seat would let them reconnect
    const closedByServer = this.classroom.connections.identityOf(client.sessionId) === undefined;
    this.classroom.connections.dropped(client.sessionId);
    const seconds = this.classroom.config.reconnectSeconds;
    if (closedByServer || seconds <= 0 || this.classroom.ended) return;
    const pending = this.allowReconnection(client, seconds);
    this.reconnections.set(client.sessionId, pending);
    pending.catch(() => this.reconnections.delete(client.sessionId));
  }

  override onReconnect(client: ClassroomClient): void {
    this.reconnections.delete(client.sessionId);
    // closed meanwhile (a kick while the connection was away): the reconnection fails, nothing is sent
    if (this.classroom.connections.identityOf(client.sessionId) === undefined) {
      throw new ServerError(JOIN_REFUSED, "connectionClosed");
    }
    const view = this.classroom.connections.reconnected(client.sessionId);
    if (view) client.view = view;
  }

  override onLeave(client: ClassroomClient): void {
    this.reconnections.delete(client.sessionId);
    this.classroom.router.forget(client.sessionId);
    this.classroom.connections.disconnected(client.sessionId);
  }

  /**
   * The server is stopping (SIGTERM, SIGINT): every connection is closed with SERVER_RESTARTING and the
   * phrase saying the session comes back (Colyseus' default closes with 4001 and no reason).
   */
  override onBeforeShutdown(): void {
    for (const client of [...this.clients]) {
      this.kickClient(client.sessionId, CloseCodes.SERVER_RESTARTING, "serverRestarting");
    }
    this.disconnect(CloseCodes.SERVER_RESTARTING).catch(() => {});
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
      // kickClient, not client.leave: the client leaves `this.clients` at once, so not one more patch
      // or push reaches it while its socket closes
      close: (sessionId, code, reason) => this.kickClient(sessionId, code, reason),
      send: (sessionId, type, message) => this.clients.get(sessionId)?.send(type, message),
      setView: (sessionId, view) => {
        const client = this.clients.get(sessionId);
        if (client) client.view = view;
      },
      broadcast: (type, message) => this.broadcast(type, message),
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
