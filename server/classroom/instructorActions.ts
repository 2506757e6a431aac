import type { InstructorMessageType, MessagePayload } from "../../shared/protocol/messages.ts";
import type { HintMessage, Refusal } from "../../shared/protocol/replies.ts";
import type { Classroom } from "./Classroom.ts";
import type { AnyReply } from "./MessageRouter.ts";

/** Instructor actions that change a setting a restart must keep. */
const SETTINGS_ACTIONS = new Set<string>([
  "session.speed",
  "session.lock",
  "session.lateJoin",
  "session.seatChoice",
  "session.teamSize",
  "session.wordFilter",
  "session.freeze",
  "session.unfreeze",
  "session.leaderboard",
]);

const refuse = (reason: Refusal["reason"], message: string): Refusal => ({ ok: false, reason, message });

/**
 * The instructor's controls, from the room (instructor connection) or the HTTP API (instructor token).
 * The payload is already parsed against shared/protocol/messages.ts.
 */
export function runInstructorAction<T extends InstructorMessageType>(
  classroom: Classroom,
  type: T,
  payload: MessagePayload<T>,
): AnyReply {
  const reply = act(classroom, type, payload);
  if (reply.ok && SETTINGS_ACTIONS.has(type)) classroom.persistSettings();
  return reply;
}

function act<T extends InstructorMessageType>(
  classroom: Classroom,
  type: T,
  payload: MessagePayload<T>,
): AnyReply {
  const session = classroom.state.session;
  const p = payload as Record<string, unknown>;
  switch (type) {
    case "session.start": {
      if (session.status !== "lobby") {
        return refuse("SessionAlreadyStarted", `The session has already started (${session.status}).`);
      }
      classroom.clock.start();
      session.status = "running";
      classroom.recorder.sessionStarted(classroom.id, Date.now());
      classroom.recordEvent("session-started");
      return { ok: true, message: "The simulation is running." };
    }
    case "session.pause": {
      if (session.status !== "running")
        return refuse("SessionNotRunning", `The session is ${session.status}.`);
      classroom.clock.stop();
      session.status = "paused";
      classroom.persistTick();
      classroom.recordEvent("session-paused");
      return { ok: true, message: "Paused." };
    }
    case "session.resume": {
      if (session.status !== "paused")
        return refuse("SessionNotRunning", `The session is ${session.status}.`);
      classroom.clock.start();
      session.status = "running";
      classroom.recordEvent("session-resumed");
      return { ok: true, message: "Running." };
    }
    case "session.speed": {
      classroom.clock.speed = p.speed as number;
      classroom.settings.speed = classroom.clock.speed;
      session.speed = classroom.clock.speed;
      classroom.recordEvent("session-speed", { speed: classroom.clock.speed });
      return { ok: true, message: `Speed ${classroom.clock.speed}x.` };
    }
    case "session.lock": {
      session.locked = p.locked as boolean;
      classroom.recordEvent(session.locked ? "session-locked" : "session-unlocked");
      return { ok: true, message: session.locked ? "Locked: nobody new can join." : "Unlocked." };
    }
    case "session.lateJoin": {
      classroom.settings.lateJoin = p.allowed as boolean;
      classroom.applySettings();
      classroom.recordEvent("session-late-join", { allowed: classroom.settings.lateJoin });
      return { ok: true };
    }
    case "session.seatChoice": {
      classroom.settings.seatChoice = p.mode as "free" | "assigned";
      classroom.applySettings();
      classroom.recordEvent("session-seat-choice", { mode: classroom.settings.seatChoice });
      return { ok: true };
    }
    case "session.teamSize": {
      classroom.settings.teamSize = p.size as number;
      classroom.applySettings();
      classroom.recordEvent("session-team-size", { size: classroom.settings.teamSize });
      return { ok: true };
    }
    case "session.wordFilter": {
      classroom.settings.wordFilter = p.enabled as boolean;
      const admission = classroom.admission;
      if (p.allow !== undefined) admission.allowedWords = [...(p.allow as string[])];
      const allowed = classroom.state.instructor.allowedWords;
      allowed.splice(0, allowed.length, ...admission.allowedWords);
      classroom.applySettings();
      classroom.recordEvent("session-word-filter", { enabled: classroom.settings.wordFilter });
      return { ok: true };
    }
    case "session.freeze": {
      session.frozen = true;
      session.freezeMessage = p.message as string;
      classroom.recordEvent("session-frozen", { message: session.freezeMessage });
      return { ok: true, message: "Frozen: students' moves wait until you unfreeze." };
    }
    case "session.unfreeze": {
      if (!session.frozen) return { ok: true, message: "The class was not frozen." };
      session.frozen = false;
      session.freezeMessage = "";
      classroom.recordEvent("session-unfrozen");
      return { ok: true, message: "Unfrozen." };
    }
    case "session.leaderboard": {
      session.leaderboardVisible = p.visible as boolean;
      classroom.recordEvent("session-leaderboard", { visible: session.leaderboardVisible });
      return { ok: true, message: session.leaderboardVisible ? "Leaderboard shown." : "Leaderboard hidden." };
    }
    case "hint":
      return sendHint(
        classroom,
        p.text as string,
        p.seat as string | undefined,
        p.playerId as string | undefined,
      );
    case "session.end": {
      classroom.end("instructor");
      return { ok: true, message: "The session has ended." };
    }
    case "seat.assign": {
      const player = classroom.roster.get(p.playerId as string);
      if (!player || player.kicked)
        return refuse("PlayerUnknown", `No player "${String(p.playerId).slice(0, 64)}".`);
      if (p.seat === null) {
        classroom.seating.move(player, undefined, "instructor");
        return { ok: true, message: `${player.nickname} is back in the lobby.` };
      }
      return classroom.seating.take(player, p.seat as string, "instructor");
    }
    case "player.kick":
    case "player.ban": {
      const player = classroom.roster.get(p.playerId as string);
      if (!player) return refuse("PlayerUnknown", `No player "${String(p.playerId).slice(0, 64)}".`);
      const ban = type === "player.ban";
      if (player.kicked && !ban) return { ok: true, message: `${player.nickname} was already removed.` };
      classroom.kick(player, ban);
      return { ok: true, message: `${player.nickname} ${ban ? "is banned" : "was removed"}.` };
    }
    case "player.unban": {
      const player = classroom.roster.get(p.playerId as string);
      if (!player) return refuse("PlayerUnknown", `No player "${String(p.playerId).slice(0, 64)}".`);
      classroom.unban(player);
      return { ok: true, message: `${player.nickname}'s device may join again (as a new player).` };
    }
  }
  return refuse("UnknownMessage", `There is no instructor action "${type}".`);
}

/** A hint to a seat's holders, one player, or every player; recorded whoever is connected. */
function sendHint(classroom: Classroom, text: string, seat?: string, playerId?: string): AnyReply {
  if (seat !== undefined && playerId !== undefined) {
    return refuse("Malformed", "hint: give a seat or a playerId, not both.");
  }
  let recipients = [...classroom.roster.all()].filter((p) => !p.kicked);
  let to: HintMessage["to"] = "everyone";
  if (seat !== undefined) {
    if (!classroom.state.seats.has(seat)) {
      return refuse("SeatUnknown", `There is no seat "${seat.slice(0, 80)}".`);
    }
    recipients = recipients.filter((p) => p.seat === seat);
    to = "seat";
  } else if (playerId !== undefined) {
    const player = classroom.roster.get(playerId);
    if (!player || player.kicked) return refuse("PlayerUnknown", `No player "${playerId.slice(0, 64)}".`);
    recipients = [player];
    to = "player";
  }
  const message: HintMessage = { text, to, ...(seat !== undefined ? { seat } : {}), at: Date.now() };
  let delivered = 0;
  for (const player of recipients) {
    if (!player.connected || !player.sessionId) continue;
    classroom.host.send(player.sessionId, "hint", message);
    delivered++;
  }
  classroom.recordEvent("hint", { text, to, ...(seat !== undefined ? { seat } : {}), delivered }, playerId);
  return {
    ok: true,
    delivered,
    message: `Hint sent to ${delivered} connected player${delivered === 1 ? "" : "s"}.`,
  };
}
