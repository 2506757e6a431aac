import type { CommandResult } from "../sim/commands.ts";
import type { Engine } from "../sim/engine/Engine.ts";
import { MATCH_FORMAT, MATCH_VERSION, type MatchRecord, type RecordedCommand } from "./record.ts";

/**
 * Drives an engine the way a live match does and writes down what a replay needs: every command with
 * its tick and result, and a state hash every CHECKPOINT_TICKS. The game server feeds the same entries
 * to its database as they happen; headless runs and tests use this directly.
 */
export const CHECKPOINT_TICKS = 600;

export interface RecorderHooks {
  /** Called for each command as it is recorded (the server persists it before answering). */
  onCommand?(entry: RecordedCommand): void;
  onCheckpoint?(checkpoint: { tick: number; hash: string }): void;
}

export class MatchRecorder {
  readonly engine: Engine;
  readonly commands: RecordedCommand[] = [];
  readonly checkpoints: { tick: number; hash: string }[] = [];
  private readonly hooks: RecorderHooks;

  constructor(engine: Engine, hooks: RecorderHooks = {}) {
    this.engine = engine;
    this.hooks = hooks;
    this.checkpoint();
  }

  apply(seat: string, command: Record<string, unknown>, player?: string): CommandResult {
    const result = this.engine.apply(seat, command, player);
    const entry: RecordedCommand = {
      seq: this.commands.length,
      tick: this.engine.state.tick,
      seat,
      ...(player ? { player } : {}),
      command,
      ok: result.ok,
      ...(result.message ? { message: result.message } : {}),
    };
    this.commands.push(entry);
    this.hooks.onCommand?.(entry);
    return result;
  }

  tick(): void {
    this.engine.tick();
    if (this.engine.state.tick % CHECKPOINT_TICKS === 0) this.checkpoint();
  }

  runFor(ms: number): void {
    const end = this.engine.now + ms;
    while (this.engine.now + 100 <= end) this.tick();
  }

  private checkpoint(): void {
    const checkpoint = { tick: this.engine.state.tick, hash: this.engine.hash() };
    this.checkpoints.push(checkpoint);
    this.hooks.onCheckpoint?.(checkpoint);
  }

  toRecord(
    meta: Omit<MatchRecord, "format" | "version" | "commands" | "checkpoints" | "endTick" | "seed">,
  ): MatchRecord {
    return {
      format: MATCH_FORMAT,
      version: MATCH_VERSION,
      ...meta,
      seed: this.engine.state.seed,
      endTick: this.engine.state.tick,
      commands: this.commands,
      checkpoints: this.checkpoints,
    };
  }
}
