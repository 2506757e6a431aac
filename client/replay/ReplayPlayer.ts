import { type Marker, matchMarkers, nextMarker } from "../../shared/replay/markers.ts";
import type { MatchRecord, RecordedCommand } from "../../shared/replay/record.ts";
import { Replay } from "../../shared/replay/replay.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import type { ScenarioTranslations } from "../../shared/scenario/translations.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import type { ClusterView } from "../state/view.ts";
import { type Comparison, compareMove } from "./compare.ts";
import { ReplayView } from "./replayView.ts";

/**
 * A match re-run in the browser with shared/replay: play at 0.25x to 16x, seek anywhere (keyframes
 * make it a restore plus at most 300 ticks), the timeline's markers, and each move compared with what
 * the bot would have done at that tick.
 */
export const TICK_MS = 100;
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16];

const PLUMBING = new Set(["SetDriver", "SetSpeed", "SetQuota"]);

export class ReplayPlayer {
  readonly record: MatchRecord;
  readonly replay: Replay;
  readonly markers: Marker[];
  readonly startTime: number;
  /** The scenario's texts in other languages (its title in the page's language). */
  translations: ScenarioTranslations | undefined;
  playing = false;
  speed = 1;
  private carry = 0;
  private readonly projection: ReplayView;
  private cachedView: ClusterView | undefined;
  private cachedTick = -1;
  private readonly comparisons = new Map<number, Comparison>();

  private constructor(record: MatchRecord, replay: Replay, markers: Marker[], startTime: number) {
    this.record = record;
    this.replay = replay;
    this.markers = markers;
    this.startTime = startTime;
    this.projection = new ReplayView(record);
  }

  /** Loads and prepares (re-simulates once, verifying every recorded hash and keeping keyframes). */
  static open(record: MatchRecord): { ok: true; player: ReplayPlayer } | { ok: false; error: string } {
    const loaded = Replay.load(record);
    if (!loaded.ok) return loaded;
    const scenario = loadScenario(record.scenarioFiles);
    if (!scenario.ok)
      return { ok: false, error: scenario.errors[0]?.message ?? "the scenario does not load" };
    const replay = loaded.replay;
    replay.prepare();
    const markers = matchMarkers(
      record,
      scenario.scenario.timeline,
      [...replay.events],
      scenario.scenario.startTime,
    );
    replay.seek(0);
    const player = new ReplayPlayer(record, replay, markers, scenario.scenario.startTime);
    player.translations = scenario.scenario.translations;
    return { ok: true, player };
  }

  get tick(): number {
    return this.replay.tick;
  }

  get endTick(): number {
    return this.replay.endTick;
  }

  get engine(): Engine {
    return this.replay.current;
  }

  seek(tick: number): void {
    this.replay.seek(tick);
    this.carry = 0;
  }

  /** Advances by `realMs` of wall time at the current speed; stops at the end. Returns whether it moved. */
  advance(realMs: number): boolean {
    if (!this.playing) return false;
    this.carry += (realMs * this.speed) / TICK_MS;
    const ticks = Math.floor(this.carry);
    if (ticks <= 0) return false;
    this.carry -= ticks;
    this.replay.step(ticks);
    if (this.tick >= this.endTick) this.playing = false;
    return true;
  }

  nextMarker(): Marker | undefined {
    return nextMarker(this.markers, this.tick);
  }

  view(): ClusterView {
    if (!this.cachedView || this.cachedTick !== this.tick) {
      this.cachedView = this.projection.view(this.engine, this.playing ? "running" : "paused");
      this.cachedTick = this.tick;
    }
    return this.cachedView;
  }

  /** The seat a player held at the current tick ("" when in the lobby). */
  seatOf(player: string, tick = this.tick): string {
    return (
      this.record.occupancy.find(
        (o) => o.player === player && o.fromTick <= tick && (o.toTick === undefined || o.toTick > tick),
      )?.seat ?? ""
    );
  }

  nickname(player: string | undefined): string {
    return this.record.players.find((p) => p.id === player)?.nickname ?? "";
  }

  /** Moves (recorded commands of players and the instructor) up to now, newest first. */
  moves(seat: string, limit = 30): RecordedCommand[] {
    const out: RecordedCommand[] = [];
    const commands = this.record.commands;
    for (let i = commands.length - 1; i >= 0 && out.length < limit; i--) {
      const c = commands[i] as RecordedCommand;
      if (c.tick > this.tick) continue;
      // who drives a seat, how fast the class runs and the limits it was created with are the game's
      // plumbing, not moves
      if (PLUMBING.has(String(c.command.type))) continue;
      if (seat ? c.seat === seat : c.player !== undefined || c.seat === "instructor") out.push(c);
    }
    return out;
  }

  comparison(seq: number): Comparison | undefined {
    return this.comparisons.get(seq);
  }

  /** Computes the bot's move for a recorded one: at its tick, then back to where the replay was. */
  compare(move: RecordedCommand): Comparison {
    const cached = this.comparisons.get(move.seq);
    if (cached) return cached;
    const here = this.tick;
    this.replay.seek(move.tick);
    const result = compareMove(this.replay.current, move);
    this.replay.seek(here);
    this.cachedTick = -1;
    this.comparisons.set(move.seq, result);
    return result;
  }
}
