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
    const before = seats[command.seat];
    const humanSince =
      command.driver === "human" ? (before?.driver === "human" ? before.humanSince : engine.now) : undefined;
    seats[command.seat] = {
      driver: command.driver,
      ...(command.pace ? { pace: command.pace } : {}),
      ...(humanSince !== undefined ? { humanSince } : {}),
      ...(humanSince !== undefined && before?.minutesJudged !== undefined
        ? { minutesJudged: before.minutesJudged }
        : {}),
    };
    engine.changed("Seat", command.seat);
    return {
      ok: true,
      message: `${command.seat} is now played by ${command.driver === "bot" ? "a bot" : "a human"}`,
    };
  },
});

/**
 * The teacher's challenge: students at the kubelet seats renew their node's Lease by hand. Off by
 * default, so the kubelet renews it as the real one does and a student's job is pulls and starts.
 */
export const setManualHeartbeats = defineCommand({
  schema: z.strictObject({ type: z.literal("SetManualHeartbeats"), manual: z.boolean() }),
  roles: [],
  handle(engine, command) {
    engine.state.manualHeartbeats = command.manual;
    for (const name of Object.keys(engine.state.kubelets)) engine.wake(`node:${name}`);
    return {
      ok: true,
      message: command.manual
        ? "kubelet players renew their node's Lease by hand"
        : "kubelets renew their node's Lease by themselves",
    };
  },
});

/**
 * The class's playback speed (simulated seconds per real second), as the teacher sets it: judgements
 * of how fast a student was count real seconds, so a student at 5x is not judged 5 times slower.
 */
export const setSpeed = defineCommand({
  schema: z.strictObject({ type: z.literal("SetSpeed"), speed: z.number().min(0.1).max(100) }),
  roles: [],
  handle(engine, command) {
    if (command.speed === 1) delete engine.state.speed;
    else engine.state.speed = command.speed;
    return { ok: true, message: `speed ${command.speed}x` };
  },
});

/**
 * What the session may hold (apiserver/quota.ts): the server's limits, set through the record at the
 * start so a replay meets the same ones. A field left out is not limited.
 */
export const setQuota = defineCommand({
  schema: z.strictObject({
    type: z.literal("SetQuota"),
    pods: z.number().int().min(1).max(1_000_000).optional(),
    nodes: z.number().int().min(1).max(100_000).optional(),
    objects: z.number().int().min(1).max(10_000_000).optional(),
    replicas: z.number().int().min(1).max(1_000_000).optional(),
  }),
  roles: [],
  handle(engine, { type: _type, ...limits }) {
    engine.state.quota = limits;
    const said = Object.entries(limits)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    return { ok: true, message: `quota ${said || "none"}` };
  },
});

export const SEAT_COMMANDS = [setDriver, setManualHeartbeats, setSpeed, setQuota] as const;
