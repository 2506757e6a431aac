import type { Refusal, Reply } from "../../shared/protocol/replies.ts";
import { SetDriverCommand } from "../../shared/sim/commands.ts";
import type { Classroom } from "./Classroom.ts";
import type { Player } from "./Roster.ts";

/** Whether this engine's SetDriver takes a bot pace. */
const SET_DRIVER_HAS_PACE = "pace" in SetDriverCommand.shape;

const refuse = (reason: Refusal["reason"], message: string): Refusal => ({ ok: false, reason, message });

/**
 * Who holds which seat (a seat may hold a team), and who drives it in the engine: a human while at
 * least one holder is connected, else the seat's bot. Every driver change is an engine command, so it
 * is recorded like any move and a replay knows when bots played.
 */
export class Seating {
  private readonly classroom: Classroom;

  constructor(classroom: Classroom) {
    this.classroom = classroom;
  }

  /** A student picks a seat ("self"), or the instructor puts them on one regardless of the rules. */
  take(player: Player, seatId: string, by: "self" | "instructor"): Reply {
    const c = this.classroom;
    const seat = c.state.seats.get(seatId);
    if (!seat) {
      const known = [...c.state.seats.keys()].join(", ");
      return refuse("SeatUnknown", `There is no seat "${seatId.slice(0, 80)}". Seats: ${known}.`);
    }
    if (player.seat === seatId) return { ok: true, message: `You already hold ${seatId}.` };
    if (by === "self") {
      if (c.settings.seatChoice === "assigned") {
        return refuse("SeatChoiceClosed", "In this session the teacher hands out the seats.");
      }
      const size = c.settings.teamSize;
      if (size > 0 && seat.holders.length >= size) {
        return refuse("SeatFull", `The ${seatId} seat already has ${size} player${size === 1 ? "" : "s"}.`);
      }
    }
    this.move(player, seatId, by);
    return { ok: true, message: `${player.nickname} now plays ${seatId}.` };
  }

  /** Puts a player on a seat (undefined: the lobby), keeping drivers, views and the record in step. */
  move(player: Player, seat: string | undefined, by: "self" | "instructor"): void {
    const c = this.classroom;
    const previous = player.seat;
    if (previous === seat) return;
    if (previous) {
      const holders = c.state.seats.get(previous)?.holders;
      const index = holders?.indexOf(player.id) ?? -1;
      if (holders && index >= 0) holders.splice(index, 1);
    }
    player.seat = seat;
    if (seat) c.state.seats.get(seat)?.holders.push(player.id);
    c.syncPlayer(player);
    c.recorder.seatChanged(c.id, player.id, seat, c.engine.state.tick, Date.now(), by);
    c.scoreboard.seatChanged(player.id, seat, c.engine.state.tick);
    if (previous) this.reconcileDriver(previous, player.id);
    if (seat) this.reconcileDriver(seat, player.id);
    c.connections.syncViewOf(player);
  }

  /** Players on seats that no longer exist (their node was deleted) go back to the lobby. */
  evict(seats: readonly string[]): void {
    for (const seat of seats) {
      for (const player of this.classroom.roster.all()) {
        if (player.seat === seat) this.move(player, undefined, "instructor");
      }
    }
  }

  /** Sets the engine's driver of `seat` from its holders' presence; only a real change is applied. */
  reconcileDriver(seat: string, playerId?: string): void {
    const c = this.classroom;
    if (c.ended) return;
    let human = false;
    c.state.seats.get(seat)?.holders.forEach((id) => {
      if (c.roster.get(id)?.connected) human = true;
    });
    const driver = human ? "human" : "bot";
    const current = c.engine.state.seats[seat]?.driver;
    if (current === undefined || current === driver) return;
    const command: Record<string, unknown> = { type: "SetDriver", seat, driver };
    if (SET_DRIVER_HAS_PACE && driver === "bot") command.pace = c.config.botPace;
    c.applyCommand("instructor", command, playerId);
  }

  /** Unplayed seats get bots at a human-like pace in class (BOT_PACE), when the engine has paces. */
  paceBots(seats: readonly string[]): void {
    const c = this.classroom;
    if (!SET_DRIVER_HAS_PACE || c.config.botPace !== "human") return;
    for (const seat of seats) {
      const current = c.engine.state.seats[seat];
      if (current?.driver === "bot" && current.pace !== "human") {
        c.applyCommand("instructor", { type: "SetDriver", seat, driver: "bot", pace: "human" });
      }
    }
  }
}
