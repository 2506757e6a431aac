import type { Logger } from "pino";
import { type ListCache, newListCache } from "../../shared/kubectl/context.ts";
import type { SessionStatus } from "../../shared/protocol/http.ts";
import { worded } from "../../shared/protocol/phrases.ts";
import { CloseCodes, commandReply, type Reply, refusal } from "../../shared/protocol/replies.ts";
import type { JudgementView } from "../../shared/protocol/state.ts";
import { MatchRecorder, type RecorderSink } from "../../shared/replay/recorder.ts";
import type { WinCondition } from "../../shared/scenario/document.ts";
import type { ScenarioTranslations } from "../../shared/scenario/translations.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { explain } from "../../shared/sim/scheduler/scheduleone.ts";
import { judgementView } from "../../shared/view/judgements.ts";
import { preemptionView } from "../../shared/view/preemption.ts";
import type { WallClock } from "../clock.ts";
import { type ServerConfig, workRates } from "../config.ts";
import { ClassroomState } from "../state/ClassroomState.ts";
import { ScenarioTextState } from "../state/classroom.ts";
import { Projector } from "../state/Projector.ts";
import { putEntry } from "../state/writeView.ts";
import { Admission } from "./Admission.ts";
import { Connections } from "./Connections.ts";
import type { InstructorPorts } from "./instructorActions.ts";
import { LoadMonitor } from "./LoadMonitor.ts";
import { MessageRouter, type RouterPorts } from "./MessageRouter.ts";
import { endNotice, judgeOutcome } from "./outcome.ts";
import { PlayerBoard } from "./PlayerBoard.ts";
import { type Player, Roster } from "./Roster.ts";
import { type ResumeData, restoreClassroom } from "./restore.ts";
import { Scoreboard } from "./Scoreboard.ts";
import { Seating } from "./Seating.ts";
import { Timekeeper } from "./Timekeeper.ts";
import type { WordFilter } from "./WordFilter.ts";
import { ServerBudget, WorkBudget } from "./WorkBudget.ts";

export type {
  AppliedMove,
  ClassroomHost,
  ClassroomRecord,
  ClassroomSettings,
  Identity,
  LiveSettings,
} from "./ports.ts";

import type {
  AppliedMove,
  ClassroomHost,
  ClassroomRecord,
  ClassroomSettings,
  LiveSettings,
  SessionLog,
} from "./ports.ts";

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
    translations?: ScenarioTranslations;
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
  /** The work allowance every session of the server shares (a session on its own gets its own). */
  serverBudget?: ServerBudget;
  /** Parses kubectl `-f` files off the event loop (the server's scenario workers). */
  parseManifests?: RouterPorts["parseManifests"];
}

/**
 * One classroom session, independent of the transport: the engine on its clock, driven through the
 * match recorder (shared/replay/recorder.ts, writing to SQLite before each reply), the synced projection,
 * and the parts that each take only what they use: Admission (who may join), Connections (open
 * WebSockets and their views), Seating (seats and their drivers), Timekeeper (simulated time), Scoreboard, PlayerBoard, and the
 * MessageRouter with the instructor's actions and the kubectl console. The Colyseus room
 * (rooms/ClassroomRoom.ts) feeds it connections, messages and time. It is the session's composition
 * root: most of its length is the wiring of each part's few ports.
 */
export class Classroom {
  readonly id: string;
  readonly code: string;
  readonly engine: Engine;
  readonly state = new ClassroomState();
  readonly roster = new Roster();
  readonly timekeeper: Timekeeper;
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
  /** What this session costs the event loop: ticks, projections, measured requests. */
  readonly load: LoadMonitor;
  /** What its requests may cost: per seat, for the class, drawing on the server's allowance too. */
  readonly budget: WorkBudget;
  readonly winConditions: readonly WinCondition[];
  private readonly store: ClassroomRecord;
  private readonly sink: RecorderSink;
  private readonly host: ClassroomHost;
  private readonly clock: WallClock;
  private readonly projector: Projector;
  private listCache: { tick: number; seq: number; cache: ListCache } | undefined;
  /** The engine's tick and the record's last seq when the state was last projected. */
  private projectedAt: { tick: number; seq: number } | undefined;
  /** The server is stopping and will resume this session: do not end it. */
  private suspended = false;
  private readonly sessionLog: SessionLog = {
    event: (kind, detail, playerId) => this.recordEvent(kind, detail, playerId),
  };

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
    this.winConditions = init.scenario.winConditions;
    this.sink = this.store.recorderSink(this.id, this.clock);
    this.recorder = new MatchRecorder(this.engine, this.sink, {
      lastSeq: init.resume?.lastSeq ?? 0,
      checkpointNow: !init.resume,
    });
    this.players = new PlayerBoard(this.state);
    this.load = new LoadMonitor(this.state.instructor, init.config.stopwatch);
    const rates = workRates(init.config);
    const started = init.config.stopwatch();
    this.budget = new WorkBudget(
      rates.seat,
      rates.session,
      init.serverBudget ?? new ServerBudget(rates.server, started),
      started,
    );
    this.timekeeper = new Timekeeper(
      {
        recorder: this.recorder,
        session: this.state.session,
        store: {
          tick: (tick) => this.store.tick(this.id, tick),
          started: (at) => this.store.sessionStarted(this.id, at),
        },
        sessionLog: this.sessionLog,
        notify: this.host,
        timeUp: () => this.end("time-up"),
        speedChanged: (speed) => this.recordSpeed(speed),
        logger: this.log,
        clock: this.clock,
        stopwatch: init.config.stopwatch,
        ticked: (ms, at) => this.load.ticked(ms, at),
        stepBudgetMs: init.config.stepBudgetMs,
        simulationMsPerSecond: init.config.sessionSimMs,
      },
      this.settings.speed,
    );
    const state = this.state;
    const roster = this.roster;
    this.admission = new Admission({
      session: { code: init.code, scenario: init.scenario.name, title: init.scenario.title },
      rules: () => ({
        status: this.status,
        locked: state.session.locked,
        lateJoin: this.settings.lateJoin,
        maxPlayers: this.settings.maxPlayers,
        wordFilter: this.settings.wordFilter,
        placeHoldMs: init.config.placeHoldSeconds * 1000,
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
      tokenRenewed: (player) => {
        this.store.playerToken(this.id, player.id, player.tokenHash);
        this.recordEvent("player-rejoined", { nickname: player.nickname }, player.id);
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
      kubeletPanelsChanged: (nodes) => {
        this.projector.showKubeletSides(nodes);
        // projected at the next patch, even with no tick or command since the last one (paused)
        this.projectedAt = undefined;
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
      counters: this.players,
      freeze: () => ({ frozen: state.session.frozen, message: state.session.freezeMessage }),
      paused: () => state.session.status === "paused",
      ended: () => this.ended,
      apply: (seat, command, playerId) => this.applyCommand(seat, command, playerId),
      kubectl: {
        state: () => this.engine.state,
        cache: () => this.consoleCache(),
        batch: (work) => this.store.batch(work),
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
        if (!found) return undefined;
        const explanation = explain(found, this.engine.snapshot);
        // the pod fits nowhere: where preemption would make room (only a pod still to place)
        return explanation.best.length === 0 && !found.spec.nodeName
          ? { explanation, preemption: preemptionView(this.engine, found) }
          : { explanation };
      },
      seating: this.seating,
      instructor: this.instructorPorts(),
      push: { push: (sessionId, type, message) => this.host.send(sessionId, type, message) },
      rate: { perSecond: init.config.messageRate, burst: init.config.messageBurst },
      clock: this.clock,
      budget: this.budget,
      stopwatch: init.config.stopwatch,
      worked: (ms, at) => this.load.worked(ms, at),
      overBudget: (player) => {
        this.load.overBudget();
        if (player) this.players.overBudget(player);
      },
      ...(init.parseManifests ? { parseManifests: init.parseManifests } : {}),
    });
    const session = state.session;
    session.code = init.code;
    session.scenario = init.scenario.name;
    session.title = init.scenario.title;
    session.description = init.scenario.description;
    session.goals.push(...init.scenario.goals);
    for (const [language, text] of Object.entries(init.scenario.translations ?? {})) {
      putEntry(
        session.translations,
        language,
        {
          title: text.title ?? init.scenario.title,
          description: text.description ?? init.scenario.description,
          goals: text.goals ?? [],
        },
        () => new ScenarioTextState(),
      );
    }
    session.durationSeconds = init.scenario.durationSeconds ?? 0;
    this.applySettings();
    this.projector = new Projector(this.engine, state, {
      winConditions: init.scenario.winConditions,
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
          sessionLog: this.sessionLog,
          logger: this.log,
        },
        init.resume,
      );
    }
    this.seating.paceBots(addedSeats);
    // a new session tells the engine its limits and speed (a resumed one replayed them from the record)
    if (!init.resume && init.settings.quota)
      this.applyCommand("instructor", { type: "SetQuota", ...init.settings.quota });
    this.recordSpeed(this.timekeeper.speed);
    this.scoreboard.update();
  }

  /** The engine learns the class's speed through the record, so replays judge alike. */
  private recordSpeed(speed: number): void {
    if ((this.engine.state.speed ?? 1) === speed) return;
    this.applyCommand("instructor", { type: "SetSpeed", speed });
  }

  /** The console's lists for the engine's state as it is now: new after every tick and every move. */
  private consoleCache(): ListCache {
    const tick = this.engine.state.tick;
    const seq = this.recorder.lastSeq;
    const held = this.listCache;
    if (held && held.tick === tick && held.seq === seq) return held.cache;
    const cache = newListCache();
    this.listCache = { tick, seq, cache };
    return cache;
  }

  /** The teacher's controls, each wired to the one thing it changes. */
  private instructorPorts(): InstructorPorts {
    const session = this.state.session;
    return {
      simulation: this.timekeeper,
      session,
      settings: this.settings,
      settingsChanged: () => this.applySettings(),
      allowWords: (words) => this.allowWords(words),
      roster: this.roster,
      seatExists: (seat) => this.state.seats.has(seat),
      seating: this.seating,
      moderation: {
        kick: (player, ban) => this.kick(player, ban),
        unban: (player) => this.unban(player),
        sharingAddress: (player) => this.roster.sharingAddress(player),
      },
      heartbeats: {
        manual: () => this.engine.state.manualHeartbeats === true,
        set: (manual) =>
          this.applyCommand("instructor", { type: "SetManualHeartbeats", manual }).outcome === "accepted",
      },
      push: { push: (sessionId, type, message) => this.host.send(sessionId, type, message) },
      log: this.sessionLog,
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
      speed: this.timekeeper.speed,
      locked: session.locked,
      allowedWords: [...this.admission.allowedWords],
      frozen: session.frozen,
      freezeMessage: session.freezeMessage,
      leaderboardVisible: session.leaderboardVisible,
    };
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
    session.helpLevel = this.settings.helpLevel;
    session.maxPlayers = this.settings.maxPlayers;
    session.speed = this.timekeeper.speed;
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

  /** Runs the ticks due for `elapsedMs` of real time (the room's loop calls it). */
  advance(elapsedMs: number): void {
    this.timekeeper.advance(elapsedMs);
  }

  /** Brings the synced state up to date with the engine; the room calls it before every patch. */
  flush(): void {
    // after the end the engine stays at the recorded final tick and hash
    if (this.ended) return;
    this.load.publish();
    // the engine changes only by a tick or a command: with neither since the last projection there is
    // nothing to project (a class in the lobby or paused, and every other patch at 1x, costs nothing)
    const tick = this.engine.state.tick;
    const seq = this.recorder.lastSeq;
    if (this.projectedAt?.tick === tick && this.projectedAt.seq === seq) {
      this.scoreboard.update();
      return;
    }
    this.projectedAt = { tick, seq };
    const { removedSeats, addedSeats, judgedHumans, workloadsAdded } = this.projector.flush();
    this.seating.evict(removedSeats);
    this.seating.paceBots(addedSeats);
    if (addedSeats.length > 0 || removedSeats.length > 0 || workloadsAdded) this.connections.syncAllViews();
    if (judgedHumans > 0) this.scoreboard.judged();
    this.scoreboard.update();
  }

  /**
   * Removes a player: their token is refused from now on and their connection closed (it cannot
   * reconnect). `ban` also refuses their device, and `ban.address` their address, for the session.
   */
  kick(player: Player, ban?: { address: boolean }): void {
    const wasKicked = player.kicked;
    if (ban) this.roster.ban(player, ban.address);
    else player.kicked = true;
    this.store.playerKicked(this.id, player.id, this.clock.now(), ban);
    this.recordEvent(
      ban ? "player-banned" : "player-kicked",
      { nickname: player.nickname, ...(ban?.address ? { address: true } : {}) },
      player.id,
    );
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
    this.timekeeper.stop();
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
    this.timekeeper.stop();
    this.timekeeper.persistTick();
    this.suspended = true;
    this.recordEvent("session-suspended");
    this.host.broadcast("notice", { level: "warning", ...worded("serverRestarting") });
    this.connections.closeAll();
  }

  /**
   * Another process now runs this session (or its record could not be written): the clock stops and
   * nothing more is written; the record, as it stands, is where the session goes on from.
   */
  relinquish(): void {
    if (this.ended || this.suspended) return;
    this.suspended = true;
    this.timekeeper.stop();
    this.host.broadcast("notice", { level: "warning", ...worded("serverRestarting") });
    this.connections.closeAll();
  }
}
