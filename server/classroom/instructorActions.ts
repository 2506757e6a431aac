import type { InstructorMessageType, MessagePayload } from "../../shared/protocol/messages.ts";
import { type ParamsArg, type PhraseCode, worded } from "../../shared/protocol/phrases.ts";
import { type Accepted, type HintMessage, refusal } from "../../shared/protocol/replies.ts";
import type { ReplyOf } from "../../shared/protocol/wire.ts";
import type { WallClock } from "../clock.ts";
import type { ClassroomState } from "../state/ClassroomState.ts";
import type { ClassroomSettings, PushPort, SessionLog } from "./ports.ts";
import type { Player, Roster } from "./Roster.ts";
import type { Seating } from "./Seating.ts";

/** The simulation's clock as the teacher drives it; each call records itself. */
export interface SimulationControl {
  /** From the lobby: the clock runs, the record notes the start. */
  start(): void;
  pause(): void;
  resume(): void;
  /** Sets the speed (clamped to what the server allows) and returns the speed in effect. */
  setSpeed(speed: number): number;
}

export interface InstructorPorts {
  simulation: SimulationControl;
  /** The synced session: status, lock, freeze and leaderboard travel to everyone from here. */
  session: ClassroomState["session"];
  /** The session's settings (changed in place), then `settingsChanged` shows them to everyone. */
  settings: ClassroomSettings;
  settingsChanged(): void;
  /** Words the teacher allows despite the nickname filter. */
  allowWords(words: readonly string[]): void;
  roster: Pick<Roster, "all" | "get">;
  seatExists(seat: string): boolean;
  seating: Pick<Seating, "take" | "move">;
  moderation: {
    /** Removes the player; `ban` also refuses their device, and `ban.address` their address. */
    kick(player: Player, ban?: { address: boolean }): void;
    unban(player: Player): void;
    /** How many other players (not removed) joined from the player's address. */
    sharingAddress(player: Player): number;
  };
  push: PushPort;
  log: SessionLog;
  end(reason: string): void;
  /** Writes the settings down, so a restarted server resumes the session with them. */
  persistSettings(): void;
  clock: WallClock;
  /** Manual heartbeats (the engine's rule, set through the record). */
  heartbeats: { manual(): boolean; set(manual: boolean): boolean };
}

/** Instructor actions that change a setting a restart must keep. */
const SETTINGS_ACTIONS = new Set<InstructorMessageType>([
  "session.speed",
  "session.lock",
  "session.lateJoin",
  "session.seatChoice",
  "session.help",
  "session.heartbeats",
  "session.teamSize",
  "session.wordFilter",
  "session.freeze",
  "session.unfreeze",
  "session.leaderboard",
]);

const ok = <C extends PhraseCode>(code: C, ...params: ParamsArg<C>): Accepted => ({
  ok: true,
  ...worded(code, ...params),
});

type Action<T extends InstructorMessageType> = (
  ports: InstructorPorts,
  payload: MessagePayload<T>,
) => ReplyOf<T>;

/** A player the teacher names, if the session knows them (and, unless `kickedToo`, has not removed them). */
function playerNamed(ports: InstructorPorts, id: string, kickedToo = false): Player | undefined {
  const player = ports.roster.get(id);
  return player && (kickedToo || !player.kicked) ? player : undefined;
}

const unknownPlayer = (id: string) => refusal("PlayerUnknown", "noSuchPlayer", { player: id.slice(0, 64) });

/** What each instructor message does; the payload is already parsed against shared/protocol/messages.ts. */
const ACTIONS: { [T in InstructorMessageType]: Action<T> } = {
  "session.start": (ports) => {
    if (ports.session.status !== "lobby") return refusal("SessionAlreadyStarted", "alreadyStarted");
    ports.simulation.start();
    return ok("started");
  },
  "session.pause": (ports) => {
    const status = ports.session.status;
    if (status !== "running") {
      return refusal("SessionNotRunning", status === "paused" ? "alreadyPaused" : "notStarted");
    }
    ports.simulation.pause();
    return ok("paused");
  },
  "session.resume": (ports) => {
    const status = ports.session.status;
    if (status !== "paused") {
      return refusal("SessionNotRunning", status === "running" ? "alreadyRunning" : "notStarted");
    }
    ports.simulation.resume();
    return ok("resumed");
  },
  "session.speed": (ports, { speed }) => {
    if (speed > 1 && ports.heartbeats.manual()) return refusal("Invalid", "speedHeldByHeartbeats");
    const actual = ports.simulation.setSpeed(speed);
    ports.settings.speed = actual;
    ports.log.event("session-speed", { speed: actual });
    // decimals matter here (0.5x): the speed travels as text
    return ok("speedSet", { speed: String(actual) });
  },
  "session.lock": (ports, { locked }) => {
    ports.session.locked = locked;
    ports.log.event(locked ? "session-locked" : "session-unlocked");
    return ok(locked ? "locked" : "unlocked");
  },
  "session.lateJoin": (ports, { allowed }) => {
    ports.settings.lateJoin = allowed;
    ports.settingsChanged();
    ports.log.event("session-late-join", { allowed });
    return { ok: true };
  },
  "session.seatChoice": (ports, { mode }) => {
    ports.settings.seatChoice = mode;
    ports.settingsChanged();
    ports.log.event("session-seat-choice", { mode });
    return { ok: true };
  },
  "session.help": (ports, { level }) => {
    ports.settings.helpLevel = level;
    ports.settingsChanged();
    ports.log.event("session-help-level", { level });
    return { ok: true };
  },
  "session.heartbeats": (ports, { manual }) => {
    if (!ports.heartbeats.set(manual)) return refusal("InternalError", "serverFailed");
    // a student's heartbeat must keep real time: 1x at most while it is their job
    if (manual && ports.settings.speed > 1) ports.settings.speed = ports.simulation.setSpeed(1);
    ports.settingsChanged();
    ports.log.event("session-heartbeats", { manual });
    return ok(manual ? "heartbeatsManual" : "heartbeatsAutomatic");
  },
  "session.teamSize": (ports, { size }) => {
    ports.settings.teamSize = size;
    ports.settingsChanged();
    ports.log.event("session-team-size", { size });
    return { ok: true };
  },
  "session.wordFilter": (ports, { enabled, allow }) => {
    ports.settings.wordFilter = enabled;
    if (allow !== undefined) ports.allowWords(allow);
    ports.settingsChanged();
    ports.log.event("session-word-filter", { enabled });
    return { ok: true };
  },
  "session.freeze": (ports, { message }) => {
    ports.session.frozen = true;
    ports.session.freezeMessage = message;
    ports.log.event("session-frozen", { message });
    return ok("frozenForClass");
  },
  "session.unfreeze": (ports) => {
    if (!ports.session.frozen) return ok("notFrozen");
    ports.session.frozen = false;
    ports.session.freezeMessage = "";
    ports.log.event("session-unfrozen");
    return ok("unfrozen");
  },
  "session.leaderboard": (ports, { visible }) => {
    ports.session.leaderboardVisible = visible;
    ports.log.event("session-leaderboard", { visible });
    return ok(visible ? "leaderboardShown" : "leaderboardHidden");
  },
  hint: (ports, { text, seat, playerId }) => sendHint(ports, text, seat, playerId),
  "session.end": (ports) => {
    ports.end("instructor");
    return ok("sessionEnded");
  },
  "seat.assign": (ports, { playerId, seat }) => {
    const player = playerNamed(ports, playerId);
    if (!player) return unknownPlayer(playerId);
    if (seat === null) {
      ports.seating.move(player, undefined, "instructor");
      return ok("playerInLobby", { nickname: player.nickname });
    }
    return ports.seating.take(player, seat, "instructor");
  },
  "player.kick": (ports, { playerId }) => {
    const player = playerNamed(ports, playerId, true);
    if (!player) return unknownPlayer(playerId);
    if (player.kicked) return ok("alreadyRemoved", { nickname: player.nickname });
    ports.moderation.kick(player);
    return ok("playerRemoved", { nickname: player.nickname });
  },
  "player.ban": (ports, { playerId, address = false }) => {
    const player = playerNamed(ports, playerId, true);
    if (!player) return unknownPlayer(playerId);
    ports.moderation.kick(player, { address });
    if (!address) return ok("playerBanned", { nickname: player.nickname });
    // the teacher learns whom else the address ban may keep out (a classroom's NAT)
    const others = ports.moderation.sharingAddress(player);
    return ok("playerBannedAddress", { nickname: player.nickname, others });
  },
  "player.unban": (ports, { playerId }) => {
    const player = playerNamed(ports, playerId, true);
    if (!player) return unknownPlayer(playerId);
    ports.moderation.unban(player);
    return ok("playerUnbanned", { nickname: player.nickname });
  },
  "players.kick": (ports, { playerIds, ban = false, address = false }) => {
    const players = [...new Set(playerIds)].flatMap((id) => playerNamed(ports, id, true) ?? []);
    if (players.length === 0) return unknownPlayer(playerIds[0] ?? "");
    let n = 0;
    for (const player of players) {
      if (ban) ports.moderation.kick(player, { address });
      else if (!player.kicked) ports.moderation.kick(player);
      else continue;
      n++;
    }
    return ok(ban ? "playersBanned" : "playersRemoved", { n });
  },
};

/**
 * The instructor's controls, from the room (instructor connection) or the HTTP API (instructor token).
 * The payload is already parsed against shared/protocol/messages.ts.
 */
export function runInstructorAction<T extends InstructorMessageType>(
  ports: InstructorPorts,
  type: T,
  payload: MessagePayload<T>,
): ReplyOf<T> {
  const action: Action<T> = ACTIONS[type];
  const reply = action(ports, payload);
  if (reply.ok && SETTINGS_ACTIONS.has(type)) ports.persistSettings();
  return reply;
}

/** A hint to a seat's holders, one player, or every player; recorded whoever is connected. */
function sendHint(ports: InstructorPorts, text: string, seat?: string, playerId?: string): ReplyOf<"hint"> {
  if (seat !== undefined && playerId !== undefined) return refusal("Malformed", "hintSeatOrPlayer");
  let recipients = [...ports.roster.all()].filter((p) => !p.kicked);
  let to: HintMessage["to"] = "everyone";
  if (seat !== undefined) {
    if (!ports.seatExists(seat)) return refusal("SeatUnknown", "noSuchSeat", { seat: seat.slice(0, 80) });
    recipients = recipients.filter((p) => p.seat === seat);
    to = "seat";
  } else if (playerId !== undefined) {
    const player = playerNamed(ports, playerId);
    if (!player) return unknownPlayer(playerId);
    recipients = [player];
    to = "player";
  }
  const message: HintMessage = { text, to, ...(seat !== undefined ? { seat } : {}), at: ports.clock.now() };
  let delivered = 0;
  for (const player of recipients) {
    if (!player.connected || !player.sessionId) continue;
    ports.push.push(player.sessionId, "hint", message);
    delivered++;
  }
  ports.log.event("hint", { text, to, ...(seat !== undefined ? { seat } : {}), delivered }, playerId);
  return { ok: true, delivered, ...worded("hintSent", { n: delivered }) };
}
