import type { JoinRefusal, SessionPublicInfo } from "../../shared/protocol/http.ts";
import { checkNickname, reservedName } from "../../shared/protocol/nickname.ts";
import { PlayerAdminState, PlayerState } from "../state/classroom.ts";
import type { Classroom, Identity } from "./Classroom.ts";
import { nicknameKey } from "./nicknameKey.ts";
import type { Player } from "./Roster.ts";
import { hashSecret, newToken, secretMatches } from "./secrets.ts";
import type { WordFilter } from "./WordFilter.ts";

/** How long a join ticket (handed out by the HTTP join) stays valid for opening the WebSocket. */
const TICKET_TTL_MS = 60_000;

export type AdmitResult =
  | { ok: true; player: Player; token: string; rejoined: boolean; ticket: string }
  | { ok: false; reason: JoinRefusal; message: string; status: number };

type Refused = { ok: false; reason: JoinRefusal; message: string; status: number };

/**
 * Who may enter a session, decided over HTTP before any WebSocket opens: returning players by their
 * token, new ones by the session's rules (ended, locked, late join, full) and the nickname rules. An
 * admitted player gets a one-time ticket; the room accepts a WebSocket only with a ticket.
 */
export class Admission {
  private readonly classroom: Classroom;
  private readonly wordFilter: WordFilter;
  private readonly tickets = new Map<string, { identity: Identity; expires: number }>();
  /** Words the teacher allows despite the filter. */
  allowedWords: string[] = [];

  constructor(classroom: Classroom, wordFilter: WordFilter) {
    this.classroom = classroom;
    this.wordFilter = wordFilter;
  }

  publicInfo(): SessionPublicInfo {
    const c = this.classroom;
    const s = c.state.session;
    const refusal = this.newPlayerRefusal();
    return {
      code: c.code,
      scenario: s.scenario,
      title: s.title,
      status: s.status,
      locked: s.locked,
      lateJoin: s.lateJoin,
      players: c.roster.activeCount,
      maxPlayers: c.settings.maxPlayers,
      joinable: refusal === undefined,
      ...(refusal ? { reason: refusal.reason, message: refusal.message } : {}),
    };
  }

  /** Why nobody new may join right now, or undefined if they may. */
  private newPlayerRefusal(): Refused | undefined {
    const c = this.classroom;
    const refused = (reason: JoinRefusal, message: string, status: number): Refused => ({
      ok: false,
      reason,
      message,
      status,
    });
    if (c.ended) return refused("SessionEnded", "This session has ended.", 410);
    if (c.state.session.locked) return refused("SessionLocked", "The teacher has locked this session.", 423);
    if (c.status !== "lobby" && !c.settings.lateJoin) {
      return refused("LateJoinClosed", "This session has started and does not take late joiners.", 403);
    }
    if (c.roster.activeCount >= c.settings.maxPlayers) {
      return refused("SessionFull", `This session is full (${c.settings.maxPlayers} players).`, 409);
    }
    return undefined;
  }

  admitStudent(input: {
    nickname?: string;
    playerToken?: string;
    deviceId: string;
    ip: string;
  }): AdmitResult {
    const c = this.classroom;
    if (c.ended)
      return { ok: false, reason: "SessionEnded", message: "This session has ended.", status: 410 };
    const deviceHash = hashSecret(`device:${input.deviceId}`);
    const banned = { ok: false as const, reason: "Banned" as const, status: 403 };
    if (c.roster.isDeviceBanned(deviceHash)) {
      return { ...banned, message: "The teacher has banned this device from the session." };
    }
    const returning = input.playerToken ? c.roster.byToken(input.playerToken) : undefined;
    if (returning && input.playerToken) {
      if (returning.banned) return { ...banned, message: "The teacher has banned you from this session." };
      if (returning.kicked) {
        return {
          ok: false,
          reason: "Kicked",
          message: "The teacher removed you from this session. Join again with a new nickname.",
          status: 403,
        };
      }
      const ticket = this.issueTicket({ role: "student", playerId: returning.id });
      return { ok: true, player: returning, token: input.playerToken, rejoined: true, ticket };
    }
    const closed = this.newPlayerRefusal();
    if (closed) return closed;
    const nickname = checkNickname(input.nickname);
    if (!nickname.ok) return { ok: false, reason: nickname.reason, message: nickname.message, status: 422 };
    const key = nicknameKey(nickname.nickname);
    // a reserved name written in look-alike letters of one other script ("Теасһег" in Cyrillic)
    if (reservedName(key)) {
      return {
        ok: false,
        reason: "NicknameInvalid",
        message: `"${nickname.nickname}" is kept for the teacher and the game: choose another nickname.`,
        status: 422,
      };
    }
    if (c.settings.wordFilter && this.wordFilter.blocks(nickname.nickname, this.allowedWords)) {
      return {
        ok: false,
        reason: "NicknameBlocked",
        message: "This nickname is not allowed here. Please choose another one.",
        status: 422,
      };
    }
    if (c.roster.nicknameTaken(key)) {
      return {
        ok: false,
        reason: "NicknameTaken",
        message: `Someone in this session is already called "${nickname.nickname}". Please choose another nickname.`,
        status: 409,
      };
    }
    const now = Date.now();
    const { player, token } = c.roster.add({
      nickname: nickname.nickname,
      nicknameKey: key,
      deviceHash,
      ip: input.ip,
      now,
    });
    c.recorder.addPlayer(c.id, {
      id: player.id,
      nickname: player.nickname,
      tokenHash: player.tokenHash,
      deviceHash,
      ip: input.ip,
      joinedAt: now,
    });
    c.recordEvent("player-joined", { nickname: player.nickname }, player.id);
    this.addPlayerState(player);
    const ticket = this.issueTicket({ role: "student", playerId: player.id });
    return { ok: true, player, token, rejoined: false, ticket };
  }

  admitInstructor(token: string): string | undefined {
    if (!secretMatches(token, this.classroom.instructorTokenHash)) return undefined;
    return this.issueTicket({ role: "instructor" });
  }

  /** A ticket opens one WebSocket, once. */
  redeemTicket(ticket: unknown): Identity | undefined {
    if (typeof ticket !== "string") return undefined;
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!entry || entry.expires < Date.now()) return undefined;
    if (entry.identity.role === "student") {
      const player = this.classroom.roster.get(entry.identity.playerId);
      if (!player || player.kicked) return undefined;
    }
    return entry.identity;
  }

  private issueTicket(identity: Identity): string {
    const now = Date.now();
    for (const [ticket, entry] of this.tickets) if (entry.expires < now) this.tickets.delete(ticket);
    const ticket = newToken();
    this.tickets.set(ticket, { identity, expires: now + TICKET_TTL_MS });
    return ticket;
  }

  /** A new player appears in the lobby (everyone) and the instructor's panel (device, address). */
  addPlayerState(player: Player): void {
    const state = this.classroom.state;
    const pub = new PlayerState();
    pub.id = player.id;
    pub.nickname = player.nickname;
    // a kicked player (restored after a restart) stays off the public lobby
    if (!player.kicked) state.players.set(player.id, pub);
    const admin = new PlayerAdminState();
    admin.id = player.id;
    admin.nickname = player.nickname;
    admin.device = player.deviceHash.slice(0, 8);
    admin.ip = player.ip;
    admin.joinedAt = player.joinedAt;
    state.instructor.players.set(player.id, admin);
    this.classroom.syncPlayer(player);
  }
}
