import { loadScenario } from "../scenario/load.ts";
import { createEngine } from "../sim/engine/create.ts";
import { Engine } from "../sim/engine/Engine.ts";
import type { ClusterEvent } from "../sim/model/event.ts";
import type { ClusterState } from "../sim/model/state.ts";
import type { MatchRecord, RecordedCommand } from "./record.ts";

/**
 * Re-runs a recorded match with the shared engine: the same scenario, seed and commands give the same
 * cluster, tick for tick. `prepare()` plays it through once, checking every recorded state hash and
 * keeping a keyframe every KEYFRAME_TICKS; after that any tick is a keyframe restore plus at most
 * KEYFRAME_TICKS ticks away. Keyframes leave out the append-only logs (events), which the replay keeps
 * once and slices back in, so they stay small.
 */
export const KEYFRAME_TICKS = 300;

export interface Mismatch {
  tick: number;
  expected: string;
  actual: string;
}

interface Keyframe {
  tick: number;
  state: ClusterState;
  /** state.events at that tick = the latest update of each series with seq in [firstEventSeq, lastEventSeq]. */
  firstEventSeq: number;
  lastEventSeq: number;
}

export type ReplayLoad = { ok: true; replay: Replay } | { ok: false; error: string };

export class Replay {
  readonly record: MatchRecord;
  readonly endTick: number;
  private engine: Engine;
  private readonly base: ClusterState;
  private readonly byTick = new Map<number, RecordedCommand[]>();
  private readonly keyframes: Keyframe[] = [];
  private readonly allEvents: ClusterEvent[] = [];
  private prepared = false;
  mismatches: Mismatch[] = [];

  private constructor(record: MatchRecord, engine: Engine) {
    this.record = record;
    this.endTick = record.endTick;
    this.engine = engine;
    this.base = engine.snapshotState();
    // Refused commands are replayed too: the API server audits a refused request, so they leave a trace.
    for (const c of record.commands) {
      const list = this.byTick.get(c.tick) ?? [];
      list.push(c);
      this.byTick.set(c.tick, list);
    }
    for (const list of this.byTick.values()) list.sort((a, b) => a.seq - b.seq);
    this.allEvents.push(...engine.state.events);
  }

  /** A replay whose starting engine the caller built (a scenario made in code, not from files). */
  static fromEngine(record: MatchRecord, engine: Engine): Replay {
    return new Replay(record, engine);
  }

  static load(record: MatchRecord): ReplayLoad {
    const loaded = loadScenario(record.scenarioFiles);
    if (!loaded.ok)
      return {
        ok: false,
        error: `the recorded scenario does not load: ${loaded.errors[0]?.message ?? "unknown error"}`,
      };
    return { ok: true, replay: new Replay(record, createEngine(loaded.scenario, { seed: record.seed })) };
  }

  /** The engine at the replay's current tick (read it, do not change it). */
  get current(): Engine {
    return this.engine;
  }

  get tick(): number {
    return this.engine.state.tick;
  }

  /**
   * Plays the whole match once: verifies every checkpoint and builds the keyframes. `sample`, if given,
   * sees the engine every `sampleTicks` (for the debrief's charts).
   */
  prepare(sample?: (engine: Engine) => void, sampleTicks = 100): Mismatch[] {
    if (this.prepared) return this.mismatches;
    this.engine = Engine.restore(this.base);
    this.keyframes.length = 0;
    this.allEvents.length = 0;
    this.allEvents.push(...this.engine.state.events);
    this.mismatches = [];
    const checkpoints = new Map(this.record.checkpoints.map((c) => [c.tick, c.hash]));
    for (;;) {
      const tick = this.engine.state.tick;
      const expected = checkpoints.get(tick);
      if (expected !== undefined) {
        const actual = this.engine.hash();
        if (actual !== expected) this.mismatches.push({ tick, expected, actual });
      }
      if (tick % KEYFRAME_TICKS === 0) this.keyframes.push(this.keyframe());
      if (sample && tick % sampleTicks === 0) sample(this.engine);
      this.applyCommandsAt(tick);
      if (tick >= this.endTick) break;
      this.advance();
    }
    this.prepared = true;
    return this.mismatches;
  }

  /** Moves to `tick` (0..endTick): from the nearest keyframe at or before it. */
  seek(tick: number): Engine {
    const target = Math.max(0, Math.min(this.endTick, Math.floor(tick)));
    if (!this.prepared) this.prepare();
    if (target < this.engine.state.tick || target - this.engine.state.tick > KEYFRAME_TICKS) {
      const frame = [...this.keyframes].reverse().find((k) => k.tick <= target) ?? this.keyframes[0];
      if (frame) this.engine = this.restore(frame);
    }
    while (this.engine.state.tick < target) {
      this.applyCommandsAt(this.engine.state.tick);
      this.advance(false);
    }
    return this.engine;
  }

  /** Plays forward by `ticks` (clamped at the end). */
  step(ticks = 1): Engine {
    return this.seek(this.engine.state.tick + ticks);
  }

  /** Every event of the match (after prepare), in order. */
  get events(): readonly ClusterEvent[] {
    return this.allEvents;
  }

  /** The commands applied at a tick, for "what happened here". */
  commandsAt(tick: number): RecordedCommand[] {
    return this.byTick.get(tick) ?? [];
  }

  private applyCommandsAt(tick: number): void {
    for (const c of this.byTick.get(tick) ?? []) {
      try {
        this.engine.apply(c.seat, c.command, c.player);
      } catch {
        // The live server caught the same failure on the same state; the replay goes on alike.
      }
    }
    if (!this.prepared) this.collectEvents();
  }

  private advance(collect = true): void {
    this.engine.tick();
    if (collect) this.collectEvents();
  }

  /** Appends the events emitted since the last collection (by commands or by ticks). */
  private collectEvents(): void {
    const last = this.allEvents.at(-1)?.seq ?? 0;
    const events = this.engine.state.events;
    let i = events.length;
    while (i > 0 && (events[i - 1]?.seq ?? 0) > last) i--;
    for (; i < events.length; i++) this.allEvents.push(events[i] as ClusterEvent);
  }

  private keyframe(): Keyframe {
    const state = this.engine.state;
    const { events, ...rest } = state;
    return {
      tick: state.tick,
      state: structuredClone({ ...rest, events: [] }),
      firstEventSeq: events[0]?.seq ?? state.eventSeq + 1,
      lastEventSeq: state.eventSeq,
    };
  }

  private restore(frame: Keyframe): Engine {
    const state = structuredClone(frame.state);
    // The stream holds each update of a series; the state held its latest, in the order of the updates.
    const latest = new Map<number, ClusterEvent>();
    for (const e of this.allEvents) {
      if (e.seq < frame.firstEventSeq || e.seq > frame.lastEventSeq) continue;
      latest.delete(e.firstSeq);
      latest.set(e.firstSeq, e);
    }
    state.events = [...latest.values()].map((e) => ({ ...e }));
    return new Engine(state);
  }
}
