import type { Logger } from "pino";
import { worded } from "../../shared/protocol/phrases.ts";
import type { MatchRecorder } from "../../shared/replay/recorder.ts";
import { TICK_MS } from "../../shared/sim/engine/Engine.ts";
import type { WallClock } from "../clock.ts";
import type { ClassroomState } from "../state/ClassroomState.ts";
import type { SimulationControl } from "./instructorActions.ts";
import type { ClassroomHost, SessionLog } from "./ports.ts";
import { SimulationClock } from "./SimulationClock.ts";

/** Ticks per simulated second. */
const SECOND_TICKS = 1000 / TICK_MS;

export interface TimekeeperPorts {
  /** Ticks the engine through the match record (checkpoints on the way). */
  recorder: Pick<MatchRecorder, "tick" | "engine">;
  /** The synced session: status, speed, the scenario's duration, when it last ticked. */
  session: ClassroomState["session"];
  store: {
    /** The current tick, so a restart re-simulates up to it. */
    tick(tick: number): void;
    started(at: number): void;
  };
  sessionLog: SessionLog;
  notify: Pick<ClassroomHost, "broadcast">;
  /** The scenario's time is up. */
  timeUp(): void;
  /** The speed changed: the engine hears of it (judgements count a student's real seconds). */
  speedChanged(speed: number): void;
  logger: Logger;
  clock: WallClock;
  /** A monotonic clock in ms (performance.now): what ticks cost. */
  stopwatch(): number;
  /** One engine tick ran, taking `ms`; `at` is the stopwatch's time after it. */
  ticked(ms: number, at: number): void;
  /**
   * Most ms of one step (the ticks run for one call of `advance`): past it the remaining ticks wait for
   * the next step, so a heavy session falls behind real time rather than holding the event loop.
   */
  stepBudgetMs: number;
  /**
   * Most ms per second (averaged, with a second's burst) the session's ticks may take: a simulation
   * heavier than that runs slower than real time, so it takes at most this share of the event loop.
   */
  simulationMsPerSecond: number;
}

/**
 * The session's simulated time: the teacher starts, pauses and resumes it and sets its speed; the
 * room's loop hands it elapsed real time, which it turns into engine ticks through the recorder. It
 * writes the tick down every simulated second, pauses the class when the engine fails, and calls time
 * when the scenario's duration is reached, on that very tick.
 */
export class Timekeeper implements SimulationControl {
  private readonly ports: TimekeeperPorts;
  private readonly clock: SimulationClock;
  /** The simulated second whose tick was last written down. */
  private persistedSecond: number;
  /** The simulation's allowance of event-loop ms (SESSION_SIM_MS per second, a second's burst). */
  private allowance: number;
  private allowanceAt: number;

  constructor(ports: TimekeeperPorts, speed: number) {
    this.ports = ports;
    this.clock = new SimulationClock(speed);
    this.persistedSecond = Math.floor(this.tick / SECOND_TICKS);
    this.allowance = ports.simulationMsPerSecond;
    this.allowanceAt = ports.stopwatch();
  }

  /** The allowance refilled up to now; ticks wait while it is overdrawn. */
  private refill(now: number): number {
    const rate = this.ports.simulationMsPerSecond;
    this.allowance = Math.min(rate, this.allowance + ((now - this.allowanceAt) / 1000) * rate);
    this.allowanceAt = now;
    return this.allowance;
  }

  get speed(): number {
    return this.clock.speed;
  }

  private get tick(): number {
    return this.ports.recorder.engine.state.tick;
  }

  start(): void {
    this.clock.start();
    this.ports.session.status = "running";
    this.ports.store.started(this.ports.clock.now());
    this.ports.sessionLog.event("session-started");
  }

  pause(): void {
    this.clock.stop();
    this.ports.session.status = "paused";
    this.persistTick();
    this.ports.sessionLog.event("session-paused");
  }

  resume(): void {
    this.clock.start();
    this.ports.session.status = "running";
    this.ports.sessionLog.event("session-resumed");
  }

  setSpeed(speed: number): number {
    this.clock.speed = speed;
    this.ports.session.speed = this.clock.speed;
    this.ports.speedChanged(this.clock.speed);
    return this.clock.speed;
  }

  /** The clock stops for good (the end, a restart); nothing else changes. */
  stop(): void {
    this.clock.stop();
  }

  /** Writes the current tick (a restart re-simulates up to it). */
  persistTick(): void {
    this.ports.store.tick(this.tick);
    this.persistedSecond = Math.floor(this.tick / SECOND_TICKS);
  }

  /** The tick at which the scenario's time is up (Infinity without a duration). */
  private get lastTick(): number {
    const duration = this.ports.session.durationSeconds;
    return duration > 0 ? Math.round((duration * 1000) / TICK_MS) : Number.POSITIVE_INFINITY;
  }

  /**
   * Runs the ticks due for `elapsedMs` of real time, and writes the tick down every simulated second.
   * An engine failure pauses the session; reaching the scenario's duration ends it, on that very tick.
   */
  advance(elapsedMs: number): void {
    const ticks = this.clock.advance(elapsedMs);
    if (ticks === 0) return;
    const { recorder, session, stopwatch } = this.ports;
    const lastTick = this.lastTick;
    const started = stopwatch();
    // a simulation that has used its share of the event loop waits (and falls behind real time)
    if (this.refill(started) < 0) {
      this.clock.giveBack(ticks);
      return;
    }
    try {
      for (let ran = 0; ran < ticks && this.tick < lastTick; ) {
        const before = stopwatch();
        recorder.tick();
        const after = stopwatch();
        ran++;
        this.allowance -= after - before;
        this.ports.ticked(after - before, after);
        if ((after - started >= this.ports.stepBudgetMs || this.allowance < 0) && ran < ticks) {
          this.clock.giveBack(ticks - ran);
          break;
        }
      }
    } catch (error) {
      this.ports.logger.error({ err: error, tick: this.tick }, "engine tick failed");
      this.clock.stop();
      session.status = "paused";
      this.ports.sessionLog.event("engine-error", { message: String((error as Error)?.message ?? error) });
      this.ports.notify.broadcast("notice", { level: "warning", ...worded("simulationPaused") });
    }
    const wall = this.ports.clock.now();
    if (session.wallStart === 0) session.wallStart = wall;
    session.tickedOffset = wall - session.wallStart;
    if (Math.floor(this.tick / SECOND_TICKS) !== this.persistedSecond) this.persistTick();
    if (this.tick >= lastTick) this.ports.timeUp();
  }
}
