import type { JoinRefusal, SessionPublicInfo, SessionStatus } from "../../shared/protocol/http.ts";
import { checkNickname, reservedName } from "../../shared/protocol/nickname.ts";
import { type Worded, worded } from "../../shared/protocol/phrases.ts";
import type { WallClock } from "../clock.ts";
import { nicknameKey } from "./nicknameKey.ts";
import type { Identity } from "./ports.ts";
import type { Player, Roster } from "./Roster.ts";
import { hashSecret, newToken, secretMatches } from "./secrets.ts";
import type { WordFilter } from "./WordFilter.ts";

/** How long a join ticket (handed out by the HTTP join) stays valid for opening the WebSocket. */
const TICKET_TTL_MS = 60_000;

export type AdmitResult =
  | { ok: true; player: Player; token: string; rejoined: boolean; ticket: string }
  | JoinRefused;

type JoinRefused = { ok: false; reason: JoinRefusal; status: number } & Worded;

/** The session's joining rules as they are at this moment. */
export interface JoinRules {
  status: SessionStatus;
  locked: boolean;
  lateJoin: boolean;
  maxPlayers: number;
  wordFilter: boolean;
  /** How long a player who left keeps their place (PLACE_HOLD_SECONDS), in ms. */
  placeHoldMs: number;
}

export interface AdmissionPorts {
  /** What GET /api/sessions/:code shows of the session besides its rules. */
  session: { code: string; scenario: string; title: string };
  rules(): JoinRules;
  roster: Roster;
  wordFilter: WordFilter;
  instructorTokenHash: string;
  /** A new player was admitted: record them and show them in the lobby. */
  joined(player: Player, deviceHash: string): void;
  /** A returning player got a new token (they came back by nickname on the same device). */
  tokenRenewed(player: Player): void;
  clock: WallClock;
}

const refused = (reason: JoinRefusal, status: number, said: Worded): JoinRefused => ({
  ok: false,
  reason,
  status,
  ...said,
});

/**
 * Who may enter a session, decided over HTTP before any WebSocket opens: returning players by their
 * token, new ones by the session's rules (ended, locked, late join, full) and the nickname rules. An
 * admitted player gets a one-time ticket; the room accepts a WebSocket only with a ticket.
 */
export class Admission {
  private readonly ports: AdmissionPorts;
  private readonly tickets = new Map<string, { identity: Identity; expires: number }>();
  /** Words the teacher allows despite the filter. */
  allowedWords: string[] = [];

  constructor(ports: AdmissionPorts) {
    this.ports = ports;
  }

  publicInfo(): SessionPublicInfo {
    const rules = this.ports.rules();
    const refusal = this.newPlayerRefusal();
    return {
      ...this.ports.session,
      status: rules.status,
      locked: rules.locked,
      lateJoin: rules.lateJoin,
      players: this.activeCount(),
      maxPlayers: rules.maxPlayers,
      joinable: refusal === undefined,
      ...(refusal
        ? {
            reason: refusal.reason,
            message: refusal.message,
            phrase: { code: refusal.code, params: refusal.params },
          }
        : {}),
    };
  }

  /** Why nobody new may join right now, or undefined if they may. */
  private newPlayerRefusal(): JoinRefused | undefined {
    const rules = this.ports.rules();
    if (rules.status === "ended") return refused("SessionEnded", 410, worded("sessionEnded"));
    if (rules.locked) return refused("SessionLocked", 423, worded("sessionLocked"));
    if (rules.status !== "lobby" && !rules.lateJoin) {
      return refused("LateJoinClosed", 403, worded("lateJoinClosed"));
    }
    if (this.activeCount() >= rules.maxPlayers) {
      return refused("SessionFull", 409, worded("sessionFull", { max: rules.maxPlayers }));
    }
    return undefined;
  }

  /**
   * The same nickname typed again on the same device (a closed tab, a lost token): the same student,
   * back in their seat with their points, whatever the session's rules for newcomers.
   */
  private sameStudent(nickname: string | undefined, deviceHash: string): AdmitResult | undefined {
    const checked = checkNickname(nickname);
    if (!checked.ok) return undefined;
    const same = this.ports.roster.withNickname(nicknameKey(checked.nickname));
    if (!same || same.deviceHash !== deviceHash || same.kicked || same.banned) return undefined;
    const full = this.placeLapsed(same);
    if (full) return full;
    const token = this.ports.roster.renewToken(same);
    this.ports.tokenRenewed(same);
    const ticket = this.issueTicket({ role: "student", playerId: same.id });
    return { ok: true, player: same, token, rejoined: true, ticket };
  }

  /**
   * A returning player away past the place hold: their place went to the class, so they are back only if
   * there is room (then the place is theirs again until the WebSocket opens, or the hold runs out again).
   */
  private placeLapsed(player: Player): JoinRefused | undefined {
    const { roster, clock } = this.ports;
    const rules = this.ports.rules();
    if (roster.holdsPlace(player, clock.now(), rules.placeHoldMs)) return undefined;
    if (this.activeCount() >= rules.maxPlayers) {
      return refused("SessionFull", 409, worded("sessionFull", { max: rules.maxPlayers }));
    }
    player.leftAt = clock.now();
    return undefined;
  }

  /** Players holding a place now. */
  private activeCount(): number {
    return this.ports.roster.activeCount(this.ports.clock.now(), this.ports.rules().placeHoldMs);
  }

  admitStudent(input: {
    nickname?: string;
    playerToken?: string;
    deviceId: string;
    ip: string;
  }): AdmitResult {
    const { roster, clock } = this.ports;
    if (this.ports.rules().status === "ended") return refused("SessionEnded", 410, worded("sessionEnded"));
    const deviceHash = hashSecret(`device:${input.deviceId}`);
    if (roster.isDeviceBanned(deviceHash)) return refused("Banned", 403, worded("deviceBanned"));
    const returning = input.playerToken ? roster.byToken(input.playerToken) : undefined;
    if (returning && input.playerToken) {
      if (returning.banned) return refused("Banned", 403, worded("youAreBanned"));
      if (returning.kicked) return refused("Kicked", 403, worded("removedRejoin"));
      const full = this.placeLapsed(returning);
      if (full) return full;
      const ticket = this.issueTicket({ role: "student", playerId: returning.id });
      return { ok: true, player: returning, token: input.playerToken, rejoined: true, ticket };
    }
    const again = this.sameStudent(input.nickname, deviceHash);
    if (again) return again;
    // an address ban (the teacher's explicit choice) keeps new identities from that address out; players
    // already in from it keep their place
    if (roster.isAddressBanned(input.ip)) return refused("Banned", 403, worded("addressBanned"));
    const closed = this.newPlayerRefusal();
    if (closed) return closed;
    const nickname = checkNickname(input.nickname);
    if (!nickname.ok) return refused(nickname.reason, 422, nickname);
    const key = nicknameKey(nickname.nickname);
    // a reserved name written in look-alike letters of one other script ("Теасһег" in Cyrillic)
    if (reservedName(key)) {
      return refused("NicknameInvalid", 422, worded("nicknameReserved", { nickname: nickname.nickname }));
    }
    if (this.ports.rules().wordFilter && this.ports.wordFilter.blocks(nickname.nickname, this.allowedWords)) {
      return refused("NicknameBlocked", 422, worded("nicknameBlocked"));
    }
    if (roster.nicknameTaken(key)) {
      return refused("NicknameTaken", 409, worded("nicknameTaken", { nickname: nickname.nickname }));
    }
    const { player, token } = roster.add({
      nickname: nickname.nickname,
      nicknameKey: key,
      deviceHash,
      ip: input.ip,
      now: clock.now(),
    });
    this.ports.joined(player, deviceHash);
    const ticket = this.issueTicket({ role: "student", playerId: player.id });
    return { ok: true, player, token, rejoined: false, ticket };
  }

  admitInstructor(token: string): string | undefined {
    if (!secretMatches(token, this.ports.instructorTokenHash)) return undefined;
    return this.issueTicket({ role: "instructor" });
  }

  /** A ticket opens one WebSocket, once. */
  redeemTicket(ticket: unknown): Identity | undefined {
    if (typeof ticket !== "string") return undefined;
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!entry || entry.expires < this.ports.clock.now()) return undefined;
    if (entry.identity.role === "student") {
      const player = this.ports.roster.get(entry.identity.playerId);
      if (!player || player.kicked) return undefined;
    }
    return entry.identity;
  }

  private issueTicket(identity: Identity): string {
    const now = this.ports.clock.now();
    for (const [ticket, entry] of this.tickets) if (entry.expires < now) this.tickets.delete(ticket);
    const ticket = newToken();
    this.tickets.set(ticket, { identity, expires: now + TICKET_TTL_MS });
    return ticket;
  }
}
