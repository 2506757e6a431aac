import { type Occupancy, scorePlayers } from "../../shared/score/score.ts";
import { TICK_MS } from "../../shared/sim/engine/Engine.ts";
import type { Classroom } from "./Classroom.ts";

/** One player on one seat from one tick until another (open while they still hold it). */
export interface SeatHold {
  player: string;
  seat: string;
  fromTick: number;
  toTick?: number;
}

/**
 * Live scores: each player's points are shared/score's `scorePlayers` over the engine's judgements and
 * who held which seat when (the same seat holds the match record keeps, so the debrief agrees). Points
 * are recomputed only when a human was judged or a seat changed hands.
 */
export class Scoreboard {
  private readonly classroom: Classroom;
  private readonly holds: SeatHold[] = [];
  private dirty = false;

  constructor(classroom: Classroom) {
    this.classroom = classroom;
  }

  /** Holds recorded before a restart. */
  restore(holds: readonly SeatHold[]): void {
    this.holds.push(...holds.map((h) => ({ ...h })));
    this.dirty = true;
  }

  seatChanged(player: string, seat: string | undefined, tick: number): void {
    for (const hold of this.holds) {
      if (hold.player === player && hold.toTick === undefined) hold.toTick = tick;
    }
    if (seat) this.holds.push({ player, seat, fromTick: tick });
    this.dirty = true;
  }

  judged(): void {
    this.dirty = true;
  }

  /** Who held which seat, in simulated ms (shared/score's occupancy). */
  occupancy(): Occupancy[] {
    const start = this.classroom.engine.state.startTime;
    return this.holds.map((h) => ({
      player: h.player,
      seat: h.seat,
      from: start + h.fromTick * TICK_MS,
      ...(h.toTick !== undefined ? { to: start + h.toTick * TICK_MS } : {}),
    }));
  }

  /** Points per player id. */
  points(): Map<string, number> {
    const cards = scorePlayers(this.classroom.engine.state.judgements, this.occupancy());
    const out = new Map<string, number>();
    for (const player of this.classroom.roster.all()) out.set(player.id, cards[player.id]?.points ?? 0);
    return out;
  }

  /** Recomputes the players' points if something changed since the last time. */
  update(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const c = this.classroom;
    for (const [id, points] of this.points()) {
      const player = c.roster.get(id);
      if (!player || player.points === points) continue;
      player.points = points;
      c.syncPlayer(player);
    }
  }
}
