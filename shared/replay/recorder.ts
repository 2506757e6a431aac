import type { CommandResult } from "../sim/commands.ts";
import type { Engine } from "../sim/engine/Engine.ts";
import { SIMULATION_VERSION } from "../sim/engine/version.ts";
import { MATCH_FORMAT, MATCH_VERSION, type MatchRecord, type RecordedCommand } from "./record.ts";

/**
 * Drives an engine the way a live match does and hands a sink what a replay needs: every command with
 * its tick and outcome, and a state hash every CHECKPOINT_TICKS. The one recorder of live play (the
 * server's sink writes each entry to its record before the player's reply goes out), tests, headless runs
 * and benchmarks (a MatchLog keeps the record in memory).
 */
export const CHECKPOINT_TICKS = 600;

export type CommandOutcome = "accepted" | "refused" | "error";

export interface Checkpoint {
  tick: number;
  hash: string;
}

/** A command as it was applied: where it landed in the record and what the engine made of it. */
export interface AppliedCommand {
  /** Position in the match's command log: 1, 2, ... */
  seq: number;
  /** engine.state.tick when applied: the command ran between tick `tick` and `tick + 1`. */
  tick: number;
  seat: string;
  /** Who at the seat sent it (absent for the instructor, the scenario and the server itself). */
  player?: string;
  /** The command exactly as the engine received it. */
  command: Record<string, unknown>;
  outcome: CommandOutcome;
  /** The engine's answer; absent when the engine threw. */
  result?: CommandResult;
  /** What the engine threw (outcome "error"): the state it left is what a replay re-creates. */
  error?: unknown;
}

/**
 * Where a recorder writes, in order. A persisting sink may make a write durable later than the call
 * returns (the server's PostgreSQL record group-commits); whoever acknowledges a move then waits for it.
 */
export interface RecorderSink {
  command(applied: AppliedCommand): void;
  checkpoint(checkpoint: Checkpoint): void;
}

export interface RecorderOptions {
  /** The seq of the last command already in the record (a resumed match continues after it). */
  lastSeq?: number;
  /** Take a checkpoint of the engine as it is now (a new match); a resumed one has its own. Default true. */
  checkpointNow?: boolean;
}

export class MatchRecorder {
  readonly engine: Engine;
  private readonly sink: RecorderSink;
  private seq: number;

  constructor(engine: Engine, sink: RecorderSink, options: RecorderOptions = {}) {
    this.engine = engine;
    this.sink = sink;
    this.seq = options.lastSeq ?? 0;
    if (options.checkpointNow ?? true) this.checkpoint();
  }

  /** The seq of the last command recorded (how many the match has). */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * Applies a command and records it, whatever the engine answers; an engine that throws is recorded as
   * an error (its state as it left it is what a replay re-creates), never passed on.
   */
  apply(seat: string, command: Record<string, unknown>, player?: string): AppliedCommand {
    const tick = this.engine.state.tick;
    let applied: AppliedCommand;
    const where = { seq: this.seq + 1, tick, seat, ...(player ? { player } : {}), command };
    try {
      const result = this.engine.apply(seat, command, player);
      applied = { ...where, outcome: result.ok ? "accepted" : "refused", result };
    } catch (error) {
      applied = { ...where, outcome: "error", error };
    }
    this.seq = applied.seq;
    this.sink.command(applied);
    return applied;
  }

  tick(): void {
    this.engine.tick();
    if (this.engine.state.tick % CHECKPOINT_TICKS === 0) this.checkpoint();
  }

  runFor(ms: number): void {
    const end = this.engine.now + ms;
    while (this.engine.now + 100 <= end) this.tick();
  }

  /** The state hash right after the current tick, before its commands. */
  checkpoint(): void {
    this.sink.checkpoint({ tick: this.engine.state.tick, hash: this.engine.hash() });
  }
}

/** A sink that keeps the match in memory, as its `kubeclass.match` file has it. */
export class MatchLog implements RecorderSink {
  readonly commands: RecordedCommand[] = [];
  readonly checkpoints: Checkpoint[] = [];

  command(applied: AppliedCommand): void {
    const message = applied.result?.message;
    this.commands.push({
      seq: applied.seq,
      tick: applied.tick,
      seat: applied.seat,
      ...(applied.player ? { player: applied.player } : {}),
      command: applied.command,
      ok: applied.outcome === "accepted",
      ...(message ? { message } : {}),
    });
  }

  checkpoint(checkpoint: Checkpoint): void {
    this.checkpoints.push(checkpoint);
  }

  /** The match file of what was recorded, up to the engine's current tick. */
  toRecord(
    engine: Engine,
    meta: Omit<MatchRecord, "format" | "version" | "commands" | "checkpoints" | "endTick" | "seed">,
  ): MatchRecord {
    return {
      format: MATCH_FORMAT,
      version: MATCH_VERSION,
      ...meta,
      seed: engine.state.seed,
      simulation: SIMULATION_VERSION,
      endTick: engine.state.tick,
      commands: this.commands,
      checkpoints: this.checkpoints,
    };
  }
}
