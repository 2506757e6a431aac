import type { Logger } from "pino";
import type { SessionStatus } from "../../shared/protocol/http.ts";
import { CloseCodes, type NoticeMessage, type Refusal } from "../../shared/protocol/replies.ts";
import type { JudgementView } from "../../shared/protocol/state.ts";
import { CHECKPOINT_TICKS } from "../../shared/replay/recorder.ts";
import type { WinCondition } from "../../shared/scenario/document.ts";
import type { CommandResult } from "../../shared/sim/commands.ts";
import { type Engine, TICK_MS } from "../../shared/sim/engine/Engine.ts";
import { judgementView } from "../../shared/view/judgements.ts";
import type { ServerConfig } from "../config.ts";
import type { ResumeData } from "../sessions/SessionDirectory.ts";
import { ClassroomState } from "../state/ClassroomState.ts";
import { Projector } from "../state/Projector.ts";
import type { MatchRecorder } from "../storage/MatchRecorder.ts";
import { Admission } from "./Admission.ts";
import { Connections } from "./Connections.ts";
import { endNotice, judgeOutcome } from "./outcome.ts";
import { type Player, Roster } from "./Roster.ts";
import { restoreClassroom } from "./restore.ts";
import { Scoreboard } from "./Scoreboard.ts";
import { Seating } from "./Seating.ts";
import { SimulationClock } from "./SimulationClock.ts";
import type { WordFilter } from "./WordFilter.ts";

export type Identity = { role: "student"; playerId: string } | { role: "instructor" };

export interface ClassroomHost {
  /** Closes a connection with a code the client does not reconnect after. */
  close(sessionId: string, code: number, reason: string): void;
  send(sessionId: string, type: string, message: unknown): void;
  broadcast(type: string, message: unknown): void;
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
  recorder: MatchRecorder;
  wordFilter: WordFilter;
  log: Logger;
  host: ClassroomHost;
  /** A session brought back after a restart: its engine re-simulated, its people as recorded. */
  resume?: ResumeData;
}

export type CommandOutcome = "accepted" | "refused" | "error";

export interface AppliedCommand {
  outcome: CommandOutcome;
  seq: number;
  tick: number;
  /** As the player sees it. */
  result: Refusal | { ok: true; message?: string };
  /** As the engine said it (kubectl words its errors from this); absent when the engine threw. */
  engineResult?: CommandResult;
  /** The engine's verdict on this move, when it judged one (a human scheduler's placement). */
  judgement?: JudgementView;
}

/**
 * One classroom session, independent of the transport: the engine on its clock, the synced projection,
 * the roster (Admission), the open connections and their views (Connections), the seats and their
 * drivers (Seating), and the match record. Every change to the engine goes through `applyCommand`, which
 * writes it to SQLite before returning. The Colyseus room (rooms/ClassroomRoom.ts) feeds it connections,
 * messages and time.
 */
export class Classroom {
  readonly id: string;
  readonly code: string;
  readonly engine: Engine;
  readonly state = new ClassroomState();
  readonly roster = new Roster();
  readonly clock: SimulationClock;
  readonly settings: ClassroomSettings;
  readonly recorder: MatchRecorder;
  readonly log: Logger;
  readonly config: ServerConfig;
  readonly host: ClassroomHost;
  readonly instructorTokenHash: string;
  readonly admission: Admission;
  readonly connections: Connections;
  readonly seating: Seating;
  readonly scoreboard: Scoreboard;
  readonly winConditions: readonly WinCondition[];
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
    this.recorder = init.recorder;
    this.log = init.log;
    this.config = init.config;
    this.host = init.host;
    this.instructorTokenHash = init.instructorTokenHash;
    this.clock = new SimulationClock(this.settings.speed);
    this.admission = new Admission(this, init.wordFilter);
    this.connections = new Connections(this);
    this.seating = new Seating(this);
    this.scoreboard = new Scoreboard(this);
    this.winConditions = init.scenario.winConditions;
    const session = this.state.session;
    session.code = init.code;
    session.scenario = init.scenario.name;
    session.title = init.scenario.title;
    session.description = init.scenario.description;
    session.goals.push(...init.scenario.goals);
    session.durationSeconds = init.scenario.durationSeconds ?? 0;
    session.startTime = this.engine.state.startTime;
    this.applySettings();
    this.projector = new Projector(this.engine, this.state, {
      winConditions: init.scenario.winConditions,
      credentials: init.resume?.credentials ?? [],
    });
    const { addedSeats } = this.projector.initialize();
    if (init.resume) restoreClassroom(this, init.resume);
    else this.checkpoint();
    this.seating.paceBots(addedSeats);
    this.persistedSecond = Math.floor(this.engine.state.tick / SECOND_TICKS);
    this.scoreboard.update();
  }

  get frozen(): boolean {
    return this.state.session.frozen;
  }

  /** What a restart must bring back, written whenever the instructor changes a setting. */
  liveSettings(): LiveSettings {
    const session = this.state.session;
    return {
      ...this.settings,
      speed: this.clock.speed,
      locked: session.locked,
      allowedWords: [...this.admission.allowedWords],
      frozen: session.frozen,
      freezeMessage: session.freezeMessage,
      leaderboardVisible: session.leaderboardVisible,
    };
  }

  persistSettings(): void {
    this.recorder.settings(this.id, this.liveSettings());
  }

  /** Writes the current tick (a restart re-simulates up to it). */
  persistTick(): void {
    const tick = this.engine.state.tick;
    this.recorder.tick(this.id, tick);
    this.persistedSecond = Math.floor(tick / SECOND_TICKS);
  }

  get status(): SessionStatus {
    return this.state.session.status;
  }

  get ended(): boolean {
    return this.status === "ended";
  }

  /** Copies the settings into the synced session (everyone sees the rules). */
  applySettings(): void {
    const session = this.state.session;
    session.lateJoin = this.settings.lateJoin;
    session.seatChoice = this.settings.seatChoice;
    session.teamSize = this.settings.teamSize;
    session.maxPlayers = this.settings.maxPlayers;
    session.speed = this.clock.speed;
    this.state.instructor.wordFilter = this.settings.wordFilter;
  }

  /** Copies a player's record into the synced lobby (everyone) and the instructor's panel. */
  syncPlayer(player: Player): void {
    const pub = this.state.players.get(player.id);
    if (pub) {
      pub.seat = player.seat ?? "";
      pub.connected = player.connected;
      pub.score = player.points;
    }
    const admin = this.state.instructor.players.get(player.id);
    if (admin) {
      admin.seat = player.seat ?? "";
      admin.connected = player.connected;
      admin.kicked = player.kicked;
      admin.banned = player.banned;
      admin.accepted = player.accepted;
      admin.refused = player.refused;
      admin.malformed = player.malformed;
      admin.throttled = player.throttled;
    }
  }

  /** Applies a command to the engine and records it before returning: the one path to the engine. */
  applyCommand(seat: string, command: unknown, playerId?: string): AppliedCommand {
    const tick = this.engine.state.tick;
    let outcome: CommandOutcome;
    let result: AppliedCommand["result"];
    let engineResult: CommandResult | undefined;
    try {
      const r = this.engine.apply(seat, command, playerId);
      engineResult = r;
      if (r.ok) {
        outcome = "accepted";
        result = r.message === undefined ? { ok: true } : { ok: true, message: r.message };
      } else {
        outcome = "refused";
        result = { ok: false, reason: r.code, message: r.message };
      }
    } catch (error) {
      outcome = "error";
      result = { ok: false, reason: "InternalError", message: "The simulation failed on this command." };
      this.log.error({ err: error, seat, command }, "engine threw on a command");
    }
    const seq = this.recorder.command(this.id, {
      tick,
      seat,
      playerId,
      command,
      outcome,
      result,
      at: Date.now(),
    });
    this.state.instructor.commands = seq;
    this.projector.commandApplied(command, outcome === "accepted");
    let judgement: JudgementView | undefined;
    if (engineResult?.ok && engineResult.judgement) {
      this.scoreboard.judged();
      judgement = judgementView(engineResult.judgement);
    }
    return {
      outcome,
      seq,
      tick,
      result,
      ...(engineResult ? { engineResult } : {}),
      ...(judgement ? { judgement } : {}),
    };
  }

  recordEvent(kind: string, detail: object = {}, playerId?: string): void {
    this.recorder.event(this.id, { kind, tick: this.engine.state.tick, at: Date.now(), playerId, detail });
  }

  /** A state hash for replays to check against: right after a tick, before that tick's commands. */
  private checkpoint(): void {
    this.recorder.checkpoint(this.id, this.engine.state.tick, this.engine.hash());
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
    const ticks = this.clock.advance(elapsedMs);
    if (ticks === 0) return;
    const lastTick = this.lastTick;
    try {
      for (let i = 0; i < ticks && this.engine.state.tick < lastTick; i++) {
        this.engine.tick();
        if (this.engine.state.tick % CHECKPOINT_TICKS === 0) this.checkpoint();
      }
    } catch (error) {
      this.log.error({ err: error, tick: this.engine.state.tick }, "engine tick failed");
      this.clock.stop();
      this.state.session.status = "paused";
      this.recordEvent("engine-error", { message: String((error as Error)?.message ?? error) });
      this.host.broadcast("notice", {
        level: "warning",
        text: "The simulation hit an error and was paused. The teacher can resume it.",
      });
    }
    this.state.session.tickedAt = Date.now();
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
    this.recorder.playerKicked(this.id, player.id, Date.now(), ban);
    this.recordEvent(ban ? "player-banned" : "player-kicked", { nickname: player.nickname }, player.id);
    this.seating.move(player, undefined, "instructor");
    const sessionId = player.sessionId;
    player.sessionId = undefined;
    player.connected = false;
    if (!wasKicked) this.state.players.delete(player.id);
    this.syncPlayer(player);
    if (sessionId) {
      this.connections.close(sessionId);
      this.host.cancelReconnection(sessionId);
      this.host.close(
        sessionId,
        ban ? CloseCodes.BANNED : CloseCodes.KICKED,
        ban ? "The teacher has banned you from this session." : "The teacher removed you from this session.",
      );
    }
  }

  unban(player: Player): void {
    this.roster.unban(player);
    this.recorder.playerUnbanned(this.id, player.id);
    this.recordEvent("player-unbanned", {}, player.id);
    this.syncPlayer(player);
  }

  /** Whether nobody has been connected for SESSION_IDLE_MINUTES. */
  idle(now: number): boolean {
    return this.connections.idleFor(this.config.sessionIdleMinutes, now);
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
    this.clock.stop();
    this.state.session.status = "ended";
    const outcome = judgeOutcome(this.engine.state, this.winConditions, reason);
    const points = this.scoreboard.points();
    const players = [...this.roster.all()];
    this.recorder.endSession(this.id, {
      at: Date.now(),
      reason,
      finalTick: this.engine.state.tick,
      finalHash: this.engine.hash(),
      result: outcome.result,
      goals: outcome.goals,
      outcome: {
        players: players.length,
        kicked: players.filter((p) => p.kicked).length,
        commands: this.recorder.commandCount(this.id),
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
    this.clock.stop();
    this.persistTick();
    this.suspended = true;
    this.recordEvent("session-suspended");
    this.host.broadcast("notice", {
      level: "warning",
      text: "The server is restarting. The session will be back, paused: join again with the same code.",
    } satisfies NoticeMessage);
    this.connections.closeAll();
  }
}

/** Ticks per simulated second. */
const SECOND_TICKS = 1000 / TICK_MS;
