import type { ResumeData } from "../sessions/SessionDirectory.ts";
import type { Classroom } from "./Classroom.ts";
import type { Player } from "./Roster.ts";

/**
 * Brings back what a restart lost around the re-simulated engine: the players (tokens, devices,
 * moderation), their seats and scores, the settings. Everyone is disconnected, so bots take every
 * seat until the players are back; a session that had started comes back paused.
 */
export function restoreClassroom(c: Classroom, resume: ResumeData): void {
  const session = c.state.session;
  const saved = resume.settings;
  if (saved) {
    session.locked = saved.locked;
    session.frozen = saved.frozen;
    session.freezeMessage = saved.freezeMessage;
    session.leaderboardVisible = saved.leaderboardVisible;
    c.admission.allowedWords = [...saved.allowedWords];
    c.state.instructor.allowedWords.push(...saved.allowedWords);
  }
  session.status = resume.started ? "paused" : "lobby";
  for (const entry of resume.players) {
    const player: Player = {
      id: entry.id,
      nickname: entry.nickname,
      nicknameKey: entry.nicknameKey,
      tokenHash: entry.tokenHash,
      deviceHash: entry.deviceHash,
      ip: entry.ip ?? "",
      joinedAt: entry.joinedAt,
      connected: false,
      kicked: entry.kicked,
      banned: entry.banned,
      accepted: entry.accepted,
      refused: entry.refused,
      malformed: 0,
      throttled: 0,
      points: 0,
    };
    c.roster.restore(player);
    c.admission.addPlayerState(player);
  }
  c.scoreboard.restore(resume.holds);
  for (const hold of resume.holds) {
    const player = c.roster.get(hold.player);
    const seat = c.state.seats.get(hold.seat);
    if (hold.toTick !== undefined || !player || player.kicked || !seat) continue;
    player.seat = hold.seat;
    seat.holders.push(player.id);
    c.syncPlayer(player);
  }
  if (!c.recorder.hasCheckpoint(c.id, resume.endTick)) {
    c.recorder.checkpoint(c.id, resume.endTick, resume.endHash);
  }
  for (const seat of c.state.seats.keys()) c.seating.reconcileDriver(seat);
  c.recordEvent("session-restored", {
    tick: c.engine.state.tick,
    mismatches: resume.mismatches.length,
  });
  if (resume.mismatches.length > 0) {
    c.log.warn({ mismatches: resume.mismatches }, "the re-simulated session differs from its record");
  }
}
