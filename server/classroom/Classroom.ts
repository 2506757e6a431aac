import type { Logger } from "pino";
import type { SessionStatus } from "../../shared/protocol/http.ts";
import { type PlainCode, worded } from "../../shared/protocol/phrases.ts";
import { CloseCodes, commandReply, type Reply, refusal } from "../../shared/protocol/replies.ts";
import type { JudgementView } from "../../shared/protocol/state.ts";
import type { PushOf, PushType } from "../../shared/protocol/wire.ts";
import { type CommandOutcome, MatchRecorder, type RecorderSink } from "../../shared/replay/recorder.ts";
import type { WinCondition } from "../../shared/scenario/document.ts";
import type { CommandResult } from "../../shared/sim/commands.ts";
import { type Engine, TICK_MS } from "../../shared/sim/engine/Engine.ts";
import { explain } from "../../shared/sim/scheduler/scheduleone.ts";
import { judgementView } from "../../shared/view/judgements.ts";
import type { WallClock } from "../clock.ts";
import type { ServerConfig } from "../config.ts";
import { ClassroomState } from "../state/ClassroomState.ts";
import { Projector } from "../state/Projector.ts";
import type { SessionStore } from "../storage/SessionStore.ts";
import { Admission } from "./Admission.ts";
import { Connections } from "./Connections.ts";
import type { InstructorPorts } from "./instructorActions.ts";
import { MessageRouter } from "./MessageRouter.ts";
import { endNotice, judgeOutcome } from "./outcome.ts";
import { PlayerBoard } from "./PlayerBoard.ts";
import { type Player, Roster } from "./Roster.ts";
import { type ResumeData, restoreClassroom } from "./restore.ts";
import { Scoreboard } from "./Scoreboard.ts";
import { Seating } from "./Seating.ts";
import { SimulationClock } from "./SimulationClock.ts";
import type { WordFilter } from "./WordFilter.ts";

export type { Identity } from "./ports.ts";

/** What the transport-free Classroom asks of its transport (the Colyseus room). */
export interface ClassroomHost {
  /** Closes a connection with a code the client does not reconnect after, and the phrase saying why. */
  close(sessionId: string, code: number, reason: PlainCode): void;
  send<P extends PushType>(sessionId: string, type: P, message: PushOf<P>): void;
  broadcast<P extends PushType>(type: P, message: PushOf<P>): void;
  /** Gives up waiting for a dropped connection to come back. */
  cancelReconnection(sessionId: string): void;
  /** The session is over: close every connection (SESSION_ENDED) once current replies are out, then dispose. */
  dispose(): void;
}

export interface ClassroomSettings {
  maxPlayers: number;
  lateJoin: boolean;
  seatChoice: "free" | "assigned";
  teamSize: number;
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

/** The parts of the session's SQLite record a classroom writes. */
export type ClassroomRecord = Pick<
  SessionStore,
  | "recorderSink"
  | "sessionStarted"
  | "addPlayer"
  | "playerKicked"
  | "playerUnbanned"
  | "seatChanged"
  | "event"
  | "endSession"
  | "tick"
  | "settings"
  | "hasCheckpoint"
>;

export interface ClassroomInit {
  id: string;
  code: string;
  scenario: {
    name: string;
    title: string;
    description: string;
    durationSeconds?: number;
    goals: readonly string[];
    winConditions: readonly WinCondition[];
  };
  engine: Engine;
  settings: ClassroomSettings;
  instructorTokenHash: string;
  config: ServerConfig;
  store: ClassroomRecord;
  wordFilter: WordFilter;
  log: Logger;
  host: ClassroomHost;
  /** A session brought back after a restart: its engine re-simulated, its people as recorded. */
  resume?: ResumeData;
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

/**
 * One classroom session, independent of the transport: the engine on its clock, driven through the
 * match recorder (shared/replay/recorder.ts, writing to SQLite before each reply), the synced projection,
 * and the parts that each take only what they use: Admission (who may join), Connections (open
 * WebSockets and their views), Seating (seats and their drivers), Scoreboard, PlayerBoard, and the
 * MessageRouter with the instructor's actions and the kubectl console. The Colyseus room
 * (rooms/ClassroomRoom.ts) feeds it connections, messages and time.
 */
export class Classroom {
  readonly id: string;
  readonly code: string;
  readonly engine: Engine;
  readonly state = new ClassroomState();
  readonly roster = new Roster();
  readonly simulation: SimulationClock;
  readonly settings: ClassroomSettings;
  readonly recorder: MatchRecorder;
  readonly log: Logger;
  readonly config: ServerConfig;
  readonly instructorTokenHash: string;
  readonly admission: Admission;
  readonly connections: Connections;
  readonly seating: Seating;
  readonly scoreboard: Scoreboard;
  readonly players: PlayerBoard;
  readonly router: MessageRouter;
  readonly winConditions: readonly WinCondition[];
  private readonly store: ClassroomRecord;
  private readonly sink: RecorderSink;
  private readonly host: ClassroomHost;
  private readonly clock: WallClock;
  private readonly projector: Projector;
  /** The simulated second whose tick was last written to SQLite. */
  private persistedSecond = -1;
  /** The server is stopping and will resume this session: do not end it. */
  private suspended = false;

  constructor(init: ClassroomInit) {
    this.id = init.id;
    this.code = init.code;
    this.engine = init.engine;
    this.settings = {
      ...init.settings,
      maxPlayers: Math.min(init.settings.maxPlayers, init.config.maxPlayers),
    };
    this.store = init.store;
    this.log = init.log;
    this.config = init.config;
    this.clock = init.config.clock;
    this.host = init.host;
    this.instructorTokenHash = init.instructorTokenHash;
    this.simulation = new SimulationClock(this.settings.speed);
    this.winConditions = init.scenario.winConditions;
    this.sink = this.store.recorderSink(this.id, this.clock);
    this.recorder = new MatchRecorder(this.engine, this.sink, {
      lastSeq: init.resume?.lastSeq ?? 0,
      checkpointNow: !init.resume,
    });
    this.players = new PlayerBoard(this.state);
    const state = this.state;
    const roster = this.roster;
    const sessionLog = {
      event: (kind: string, detail?: object, playerId?: string) => this.recordEvent(kind, detail, playerId),
    };
    this.admission = new Admission({
      session: { code: init.code, scenario: init.scenario.name, title: init.scenario.title },
      rules: () => ({
        status: this.status,
        locked: state.session.locked,
        lateJoin: this.settings.lateJoin,
        maxPlayers: this.settings.maxPlayers,
        wordFilter: this.settings.wordFilter,
      }),
      roster,
      wordFilter: init.wordFilter,
      instructorTokenHash: init.instructorTokenHash,
      joined: (player, deviceHash) => {
        this.store.addPlayer(this.id, {
          id: player.id,
          nickname: player.nickname,
          tokenHash: player.tokenHash,
          deviceHash,
          ip: player.ip,
          joinedAt: player.joinedAt,
        });
        this.recordEvent("player-joined", { nickname: player.nickname }, player.id);
        this.players.add(player);
      },
      clock: this.clock,
    });
    this.scoreboard = new Scoreboard({
      judgements: () => this.engine.state.judgements,
      startTime: this.engine.state.startTime,
      roster,
      pointsChanged: (player) => this.players.sync(player),
    });
    this.connections = new Connections({
      state,
      roster,
      host: this.host,
      presenceChanged: (player, change) => {
        this.players.sync(player);
        this.recordEvent(`player-${change}`, {}, player.id);
        if (player.seat) this.seating.reconcileDriver(player.seat, player.id);
      },
      clock: this.clock,
    });
    this.seating = new Seating({
      seats: state.seats,
      roster,
      rules: () => this.settings,
      cluster: () => this.engine.state,
      apply: (command, playerId) => {
        this.applyCommand("instructor", command, playerId);
      },
      seatChanged: (player, seat, by) => {
        const tick = this.engine.state.tick;
        this.players.sync(player);
        this.store.seatChanged(this.id, player.id, seat, tick, this.clock.now(), by);
        this.scoreboard.seatChanged(player.id, seat, tick);
        this.connections.syncViewOf(player);
      },
      ended: () => this.ended,
      botPace: init.config.botPace,
    });
    this.router = new MessageRouter({
      identityOf: (sessionId) => this.connections.identityOf(sessionId),
      roster,
      counters: {
        throttled: (player) => {
          state.instructor.throttled++;
          if (player) {
            player.throttled++;
            this.players.sync(player);
          }
        },
        refused: (player, malformed) => {
          if (malformed) state.instructor.malformed++;
          if (!player) return;
          if (malformed) player.malformed++;
          else player.refused++;
          this.players.sync(player);
        },
        accepted: (player, count) => {
          player.accepted += count;
          this.players.sync(player);
        },
      },
      freeze: () => ({ frozen: state.session.frozen, message: state.session.freezeMessage }),
      ended: () => this.ended,
      apply: (seat, command, playerId) => this.applyCommand(seat, command, playerId),
      kubectl: {
        state: () => this.engine.state,
        apply: (seat, command, playerId) => {
          const applied = this.applyCommand(seat, command, playerId);
          return {
            seq: applied.seq,
            accepted: applied.outcome === "accepted",
            ...(applied.result ? { result: applied.result } : {}),
          };
        },
      },
      explain: (pod, namespace) => {
        const found = this.engine.podByName(namespace, pod);
        return found ? explain(found, this.engine.snapshot) : undefined;
      },
      seating: this.seating,
      instructor: this.instructorPorts(sessionLog),
      push: { push: (sessionId, type, message) => this.host.send(sessionId, type, message) },
      rate: { perSecond: init.config.messageRate, burst: init.config.messageBurst },
      clock: this.clock,
    });
    const session = state.session;
    session.code = init.code;
    session.scenario = init.scenario.name;
    session.title = init.scenario.title;
    session.description = init.scenario.description;
    session.goals.push(...init.scenario.goals);
    session.durationSeconds = init.scenario.durationSeconds ?? 0;
    session.startTime = this.engine.state.startTime;
    this.applySettings();
    this.projector = new Projector(this.engine, state, {
      winConditions: init.scenario.winConditions,
      credentials: init.resume?.credentials ?? [],
    });
    const { addedSeats } = this.projector.initialize();
    if (init.resume) {
      restoreClassroom(
        {
          session,
          seats: state.seats,
          roster,
          players: this.players,
          allowWords: (words) => this.allowWords(words),
          scoreboard: this.scoreboard,
          checkpointAt: (tick, hash) => {
            if (!this.store.hasCheckpoint(this.id, tick)) this.sink.checkpoint({ tick, hash });
          },
          reconcileDriver: (seat) => this.seating.reconcileDriver(seat),
          sessionLog,
          logger: this.log,
        },
        init.resume,
      );
    }
    this.seating.paceBots(addedSeats);
    this.persistedSecond = Math.floor(this.engine.state.tick / SECOND_TICKS);
    this.scoreboard.update();
  }

  /** The teacher's controls, each wired to the one thing it changes. */
  private instructorPorts(sessionLog: InstructorPorts["log"]): InstructorPorts {
    const session = this.state.session;
    return {
      simulation: {
        start: () => {
          this.simulation.start();
          session.status = "running";
          this.store.sessionStarted(this.id, this.clock.now());
          this.recordEvent("session-started");
        },
        pause: () => {
          this.simulation.stop();
          session.status = "paused";
          this.persistTick();
          this.recordEvent("session-paused");
        },
        resume: () => {
          this.simulation.start();
          session.status = "running";
          this.recordEvent("session-resumed");
        },
        setSpeed: (speed) => {
          this.simulation.speed = speed;
          this.settings.speed = this.simulation.speed;
          session.speed = this.simulation.speed;
          return this.simulation.speed;
        },
      },
      session,
      settings: this.settings,
      settingsChanged: () => this.applySettings(),
      allowWords: (words) => this.allowWords(words),
      roster: this.roster,
      seatExists: (seat) => this.state.seats.has(seat),
      seating: this.seating,
      moderation: { kick: (player, ban) => this.kick(player, ban), unban: (player) => this.unban(player) },
      push: { push: (sessionId, type, message) => this.host.send(sessionId, type, message) },
      log: sessionLog,
      end: (reason) => this.end(reason),
      persistSettings: () => this.store.settings(this.id, this.liveSettings()),
      clock: this.clock,
    };
  }

  get frozen(): boolean {
    return this.state.session.frozen;
  }

  /** What a restart must bring back, written whenever the instructor changes a setting. */
  liveSettings(): LiveSettings {
    const session = this.state.session;
    return {
      ...this.settings,
      speed: this.simulation.speed,
      locked: session.locked,
      allowedWords: [...this.admission.allowedWords],
      frozen: session.frozen,
      freezeMessage: session.freezeMessage,
      leaderboardVisible: session.leaderboardVisible,
    };
  }

  /** Writes the current tick (a restart re-simulates up to it). */
  persistTick(): void {
    const tick = this.engine.state.tick;
    this.store.tick(this.id, tick);
    this.persistedSecond = Math.floor(tick / SECOND_TICKS);
  }

  get status(): SessionStatus {
    return this.state.session.status;
  }

  get ended(): boolean {
    return this.status === "ended";
  }

  /** Copies the settings into the synced session (everyone sees the rules). */
  private applySettings(): void {
    const session = this.state.session;
    session.lateJoin = this.settings.lateJoin;
    session.seatChoice = this.settings.seatChoice;
    session.teamSize = this.settings.teamSize;
    session.maxPlayers = this.settings.maxPlayers;
    session.speed = this.simulation.speed;
    this.state.instructor.wordFilter = this.settings.wordFilter;
  }

  /** Words the teacher allows despite the nickname filter: admission uses them, the panel shows them. */
  private allowWords(words: readonly string[]): void {
    this.admission.allowedWords = [...words];
    const shown = this.state.instructor.allowedWords;
    shown.splice(0, shown.length, ...words);
  }

  /** Applies a command to the engine and records it before returning: the one path to the engine. */
  applyCommand(seat: string, command: Record<string, unknown>, playerId?: string): AppliedMove {
    const applied = this.recorder.apply(seat, command, playerId);
    if (applied.outcome === "error") {
      this.log.error({ err: applied.error, seat, command }, "engine threw on a command");
    }
    const reply: Reply = applied.result
      ? commandReply(applied.result)
      : refusal("InternalError", "simulationFailed");
    this.state.instructor.commands = applied.seq;
    this.projector.commandApplied(command, applied.outcome === "accepted");
    let judgement: JudgementView | undefined;
    if (applied.result?.ok && applied.result.judgement) {
      this.scoreboard.judged();
      judgement = judgementView(applied.result.judgement);
    }
    return {
      outcome: applied.outcome,
      seq: applied.seq,
      tick: applied.tick,
      reply,
      ...(applied.result ? { result: applied.result } : {}),
      ...(judgement ? { judgement } : {}),
    };
  }

  recordEvent(kind: string, detail: object = {}, playerId?: string): void {
    this.store.event(this.id, { kind, tick: this.engine.state.tick, at: this.clock.now(), playerId, detail });
  }

  /** The tick at which the scenario's time is up (Infinity without a duration). */
  private get lastTick(): number {
    const duration = this.state.session.durationSeconds;
    return duration > 0 ? Math.round((duration * 1000) / TICK_MS) : Number.POSITIVE_INFINITY;
  }

  /**
   * Runs the ticks due for `elapsedMs` of real time, and writes the tick down every simulated second.
   * An engine failure pauses the session; reaching the scenario's duration ends it, on that very tick.
   */
  advance(elapsedMs: number): void {
    const ticks = this.simulation.advance(elapsedMs);
    if (ticks === 0) return;
    const lastTick = this.lastTick;
    try {
      for (let i = 0; i < ticks && this.engine.state.tick < lastTick; i++) this.recorder.tick();
    } catch (error) {
      this.log.error({ err: error, tick: this.engine.state.tick }, "engine tick failed");
      this.simulation.stop();
      this.state.session.status = "paused";
      this.recordEvent("engine-error", { message: String((error as Error)?.message ?? error) });
      this.host.broadcast("notice", { level: "warning", ...worded("simulationPaused") });
    }
    this.state.session.tickedAt = this.clock.now();
    if (Math.floor(this.engine.state.tick / SECOND_TICKS) !== this.persistedSecond) this.persistTick();
    if (this.engine.state.tick >= lastTick) this.end("time-up");
  }

  /** Brings the synced state up to date with the engine; the room calls it before every patch. */
  flush(): void {
    // after the end the engine stays at the recorded final tick and hash
    if (this.ended) return;
    const { removedSeats, addedSeats, judgedHumans } = this.projector.flush();
    this.seating.evict(removedSeats);
    this.seating.paceBots(addedSeats);
    if (addedSeats.length > 0 || removedSeats.length > 0) this.connections.syncAllViews();
    if (judgedHumans > 0) this.scoreboard.judged();
    this.scoreboard.update();
  }

  kick(player: Player, ban: boolean): void {
    const wasKicked = player.kicked;
    if (ban) this.roster.ban(player);
    else player.kicked = true;
    this.store.playerKicked(this.id, player.id, this.clock.now(), ban);
    this.recordEvent(ban ? "player-banned" : "player-kicked", { nickname: player.nickname }, player.id);
    this.seating.move(player, undefined, "instructor");
    const sessionId = player.sessionId;
    player.sessionId = undefined;
    player.connected = false;
    if (wasKicked) this.players.sync(player);
    else this.players.remove(player);
    if (sessionId) {
      this.connections.close(sessionId);
      this.host.cancelReconnection(sessionId);
      this.host.close(
        sessionId,
        ban ? CloseCodes.BANNED : CloseCodes.KICKED,
        ban ? "deviceBanned" : "removedByTeacher",
      );
    }
  }

  unban(player: Player): void {
    this.roster.unban(player);
    this.store.playerUnbanned(this.id, player.id);
    this.recordEvent("player-unbanned", {}, player.id);
    this.players.sync(player);
  }

  /** Whether nobody has been connected for SESSION_IDLE_MINUTES. */
  idle(): boolean {
    return this.connections.idleFor(this.config.sessionIdleMinutes, this.clock.now());
  }

  /**
   * Ends the session: the scenario's win conditions are judged on the final cluster, the record gets
   * its end (final tick and hash, outcome, goals), every client is told the outcome, the room goes.
   */
  end(reason: string): void {
    if (this.ended || this.suspended) return;
    try {
      this.flush();
    } catch (error) {
      this.log.warn({ err: error }, "projection failed while ending");
    }
    this.simulation.stop();
    this.state.session.status = "ended";
    const outcome = judgeOutcome(this.engine.state, this.winConditions, reason);
    const points = this.scoreboard.points();
    const players = [...this.roster.all()];
    this.store.endSession(this.id, {
      at: this.clock.now(),
      reason,
      finalTick: this.engine.state.tick,
      finalHash: this.engine.hash(),
      result: outcome.result,
      goals: outcome.goals,
      outcome: {
        players: players.length,
        kicked: players.filter((p) => p.kicked).length,
        commands: this.recorder.lastSeq,
        simulatedSeconds: outcome.simulatedSeconds,
        scores: Object.fromEntries(players.map((p) => [p.nickname, points.get(p.id) ?? 0])),
      },
    });
    this.log.info({ reason, result: outcome.result }, "session ended");
    this.host.broadcast("notice", endNotice(outcome));
    this.connections.closeAll();
    this.host.dispose();
  }

  /**
   * The server is stopping but will resume this session at its next start: the clock stops, the tick
   * is written, players are told to come back. The record stays open.
   */
  suspend(): void {
    if (this.ended || this.suspended) return;
    try {
      this.flush();
    } catch (error) {
      this.log.warn({ err: error }, "projection failed while suspending");
    }
    this.simulation.stop();
    this.persistTick();
    this.suspended = true;
    this.recordEvent("session-suspended");
    this.host.broadcast("notice", { level: "warning", ...worded("serverRestarting") });
    this.connections.closeAll();
  }
}

/** Ticks per simulated second. */
const SECOND_TICKS = 1000 / TICK_MS;
