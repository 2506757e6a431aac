import { z } from "zod";
import { defineCommand } from "../commands/define.ts";

/**
 * Who drives a seat: a human or a bot (at the real component's pace or a student's). The instructor's
 * (and the game server's) command; the component the seat drives watches the seat and looks at its work
 * at once (scheduler/informer.ts, kubelet/informer.ts).
 */
export const setDriver = defineCommand({
  schema: z.strictObject({
    type: z.literal("SetDriver"),
    seat: z.string().min(1).max(300),
    driver: z.enum(["bot", "human"]),
    /** For bots: act like the real component ("instant") or about as fast as a student ("human"). */
    pace: z.enum(["instant", "human"]).optional(),
  }),
  roles: [],
  handle(engine, command) {
    const seats = engine.state.seats;
    if (!seats[command.seat])
      return { ok: false, code: "NotFound", message: `seat "${command.seat}" not found` };
    seats[command.seat] = { driver: command.driver, ...(command.pace ? { pace: command.pace } : {}) };
    engine.changed("Seat", command.seat);
    return {
      ok: true,
      message: `${command.seat} is now played by ${command.driver === "bot" ? "a bot" : "a human"}`,
    };
  },
});

export const SEAT_COMMANDS = [setDriver] as const;
