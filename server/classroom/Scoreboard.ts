import { type Occupancy, scorePlayers } from "../../shared/score/score.ts";
import { TICK_MS } from "../../shared/sim/engine/Engine.ts";
import type { Judgement } from "../../shared/sim/model/judgement.ts";
import type { Player, Roster } from "./Roster.ts";

export interface ScoreboardPorts {
  /** The engine's judgements so far, and when its clock started. */
  judgements(): Judgement[];
  startTime: number;
  roster: Pick<Roster, "all" | "get">;
  /** A player's points changed: the lobby shows them. */
  pointsChanged(player: Player): void;
}

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
  private readonly ports: ScoreboardPorts;
  private readonly holds: SeatHold[] = [];
  private dirty = false;

  constructor(ports: ScoreboardPorts) {
    this.ports = ports;
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
    const start = this.ports.startTime;
    return this.holds.map((h) => ({
      player: h.player,
      seat: h.seat,
      from: start + h.fromTick * TICK_MS,
      ...(h.toTick !== undefined ? { to: start + h.toTick * TICK_MS } : {}),
    }));
  }

  /** Points per player id. */
  points(): Map<string, number> {
    const cards = scorePlayers(this.ports.judgements(), this.occupancy());
    const out = new Map<string, number>();
    for (const player of this.ports.roster.all()) out.set(player.id, cards[player.id]?.points ?? 0);
    return out;
  }

  /** Recomputes the players' points if something changed since the last time. */
  update(): void {
    if (!this.dirty) return;
    this.dirty = false;
    for (const [id, points] of this.points()) {
      const player = this.ports.roster.get(id);
      if (!player || player.points === points) continue;
      player.points = points;
      this.ports.pointsChanged(player);
    }
  }
}
