import type { Logger } from "pino";
import type { Mismatch } from "../../shared/replay/replay.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import type { ClassroomState } from "../state/ClassroomState.ts";
import type { PlayerBoard } from "./PlayerBoard.ts";
import type { LiveSettings, SessionLog } from "./ports.ts";
import type { Player, Roster } from "./Roster.ts";
import type { Scoreboard, SeatHold } from "./Scoreboard.ts";

/** A player as recorded, for a resumed session. */
export interface RestoredPlayer {
  id: string;
  nickname: string;
  nicknameKey: string;
  tokenHash: string;
  deviceHash: string;
  ip?: string;
  joinedAt: number;
  kicked: boolean;
  banned: boolean;
  addressBanned: boolean;
  accepted: number;
  refused: number;
}

/** What a session brought back after a restart starts from. */
export interface ResumeData {
  /** The session id (and room id) it had. */
  id: string;
  /** Re-simulated from the record up to `endTick`, that tick's commands applied. */
  engine: Engine;
  endTick: number;
  /** State hash at `endTick` before its commands (a checkpoint). */
  endHash: string;
  mismatches: Mismatch[];
  /** The seq of the last recorded command: the record goes on after it. */
  lastSeq: number;
  /** Whether the simulation had been started (it comes back paused), or was still in the lobby. */
  started: boolean;
  settings?: LiveSettings;
  players: RestoredPlayer[];
  holds: SeatHold[];
  /** Wall time of the restart: every player counts as having left then. */
  restoredAt: number;
}

export interface RestorePorts {
  session: ClassroomState["session"];
  seats: ClassroomState["seats"];
  roster: Roster;
  players: PlayerBoard;
  allowWords(words: readonly string[]): void;
  scoreboard: Pick<Scoreboard, "restore">;
  /** Writes the checkpoint a resumed record needs at `endTick`, unless it already has it. */
  checkpointAt(tick: number, hash: string): void;
  reconcileDriver(seat: string): void;
  sessionLog: SessionLog;
  logger: Logger;
}

/**
 * Brings back what a restart lost around the re-simulated engine: the players (tokens, devices,
 * moderation), their seats and scores, the settings. Everyone is disconnected, so bots take every
 * seat until the players are back; a session that had started comes back paused.
 */
export function restoreClassroom(ports: RestorePorts, resume: ResumeData): void {
  const { session, seats, roster } = ports;
  const saved = resume.settings;
  if (saved) {
    session.locked = saved.locked;
    session.frozen = saved.frozen;
    session.freezeMessage = saved.freezeMessage;
    session.leaderboardVisible = saved.leaderboardVisible;
    ports.allowWords(saved.allowedWords);
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
      // back from a restart: their place is held as if they had just left
      leftAt: resume.restoredAt,
      kicked: entry.kicked,
      banned: entry.banned,
      addressBanned: entry.addressBanned,
      accepted: entry.accepted,
      refused: entry.refused,
      malformed: 0,
      throttled: 0,
      points: 0,
    };
    roster.restore(player);
    ports.players.add(player);
  }
  ports.scoreboard.restore(resume.holds);
  for (const hold of resume.holds) {
    const player = roster.get(hold.player);
    const seat = seats.get(hold.seat);
    if (hold.toTick !== undefined || !player || player.kicked || !seat) continue;
    player.seat = hold.seat;
    seat.holders.push(player.id);
    ports.players.sync(player);
  }
  ports.checkpointAt(resume.endTick, resume.endHash);
  for (const seat of seats.keys()) ports.reconcileDriver(seat);
  ports.sessionLog.event("session-restored", {
    tick: resume.engine.state.tick,
    mismatches: resume.mismatches.length,
  });
  if (resume.mismatches.length > 0) {
    ports.logger.warn({ mismatches: resume.mismatches }, "the re-simulated session differs from its record");
  }
}
