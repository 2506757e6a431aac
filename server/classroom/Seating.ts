import { worded } from "../../shared/protocol/phrases.ts";
import { type Reply, refusal } from "../../shared/protocol/replies.ts";
import { type Command, SetDriverCommand } from "../../shared/sim/commands.ts";
import type { ClusterState } from "../../shared/sim/model/state.ts";
import type { ClassroomState } from "../state/ClassroomState.ts";
import type { ClassroomSettings } from "./ports.ts";
import type { Player, Roster } from "./Roster.ts";

/** Whether this engine's SetDriver takes a bot pace. */
const SET_DRIVER_HAS_PACE = "pace" in SetDriverCommand.shape;

export type SeatedBy = "self" | "instructor";

export interface SeatingPorts {
  /** The synced seats: who holds each (a seat may hold a team). */
  seats: ClassroomState["seats"];
  roster: Pick<Roster, "all" | "get">;
  /** The session's seat rules as they are now. */
  rules(): Pick<ClassroomSettings, "seatChoice" | "teamSize">;
  /** The engine's seats (who drives each) and tick, read only. */
  cluster(): Pick<ClusterState, "seats" | "tick">;
  /** Applies an engine command as the instructor seat, through the match record. */
  apply(command: Command, playerId?: string): void;
  /** A player changed seats: the record, the scores, the lobby and their view follow. */
  seatChanged(player: Player, seat: string | undefined, by: SeatedBy): void;
  ended(): boolean;
  /** How bots that cover unplayed seats play in class (BOT_PACE). */
  botPace: "human" | "instant";
}

/**
 * Who holds which seat, and who drives it in the engine: a human while at least one holder is
 * connected, else the seat's bot. Every driver change is an engine command, so it is recorded like any
 * move and a replay knows when bots played.
 */
export class Seating {
  private readonly ports: SeatingPorts;

  constructor(ports: SeatingPorts) {
    this.ports = ports;
  }

  /** A student picks a seat ("self"), or the instructor puts them on one regardless of the rules. */
  take(player: Player, seatId: string, by: SeatedBy): Reply {
    const { seats } = this.ports;
    const seat = seats.get(seatId);
    if (!seat) {
      const known = [...seats.keys()].join(", ");
      return refusal("SeatUnknown", "noSuchSeatOf", { seat: seatId.slice(0, 80), seats: known });
    }
    if (player.seat === seatId) return { ok: true, ...worded("alreadyHolding", { seat: seatId }) };
    if (by === "self") {
      const rules = this.ports.rules();
      if (rules.seatChoice === "assigned") return refusal("SeatChoiceClosed", "seatsAssigned");
      const size = rules.teamSize;
      if (size > 0 && seat.holders.length >= size) {
        return refusal("SeatFull", "seatFull", { seat: seatId, size });
      }
    }
    this.move(player, seatId, by);
    return { ok: true, ...worded("nowPlays", { nickname: player.nickname, seat: seatId }) };
  }

  /** Puts a player on a seat (undefined: the lobby), keeping drivers, views and the record in step. */
  move(player: Player, seat: string | undefined, by: SeatedBy): void {
    const { seats } = this.ports;
    const previous = player.seat;
    if (previous === seat) return;
    if (previous) {
      const holders = seats.get(previous)?.holders;
      const index = holders?.indexOf(player.id) ?? -1;
      if (holders && index >= 0) holders.splice(index, 1);
    }
    player.seat = seat;
    if (seat) seats.get(seat)?.holders.push(player.id);
    this.ports.seatChanged(player, seat, by);
    if (previous) this.reconcileDriver(previous, player.id);
    if (seat) this.reconcileDriver(seat, player.id);
  }

  /** Players on seats that no longer exist (their node was deleted) go back to the lobby. */
  evict(seats: readonly string[]): void {
    for (const seat of seats) {
      for (const player of this.ports.roster.all()) {
        if (player.seat === seat) this.move(player, undefined, "instructor");
      }
    }
  }

  /** Sets the engine's driver of `seat` from its holders' presence; only a real change is applied. */
  reconcileDriver(seat: string, playerId?: string): void {
    const { roster } = this.ports;
    if (this.ports.ended()) return;
    let human = false;
    this.ports.seats.get(seat)?.holders.forEach((id) => {
      if (roster.get(id)?.connected) human = true;
    });
    const driver = human ? "human" : "bot";
    const current = this.ports.cluster().seats[seat]?.driver;
    if (current === undefined || current === driver) return;
    const pace = SET_DRIVER_HAS_PACE && driver === "bot" ? { pace: this.ports.botPace } : {};
    this.ports.apply({ type: "SetDriver", seat, driver, ...pace }, playerId);
  }

  /** Unplayed seats get bots at a human-like pace in class (BOT_PACE), when the engine has paces. */
  paceBots(seats: readonly string[]): void {
    if (!SET_DRIVER_HAS_PACE || this.ports.botPace !== "human") return;
    for (const seat of seats) {
      const current = this.ports.cluster().seats[seat];
      if (current?.driver === "bot" && current.pace !== "human") {
        this.ports.apply({ type: "SetDriver", seat, driver: "bot", pace: "human" });
      }
    }
  }
}
