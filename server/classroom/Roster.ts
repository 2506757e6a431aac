import { hashSecret, newId, newToken } from "./secrets.ts";

/** A student of the session. The token (kept by the browser) is stored as a digest only. */
export interface Player {
  id: string;
  nickname: string;
  /** Case-folded nickname: two players never share one. */
  nicknameKey: string;
  tokenHash: string;
  deviceHash: string;
  ip: string;
  joinedAt: number;
  seat?: string;
  /** The Colyseus session that speaks for this player now (a newer one replaces it). */
  sessionId?: string;
  connected: boolean;
  /**
   * When their last connection went (or, never connected, when they were admitted): a player away
   * longer than the place hold no longer counts toward a full session (Roster.holdsPlace).
   */
  leftAt?: number;
  kicked: boolean;
  banned: boolean;
  /** The ban covers the address they joined from: nobody new is admitted from it (explicit, reversible). */
  addressBanned: boolean;
  accepted: number;
  refused: number;
  malformed: number;
  throttled: number;
  /** Points from the engine's judgements of their moves (Scoreboard). */
  points: number;
}

/**
 * Who is in the session: players by id, by token and by nickname, and the devices and addresses banned
 * from it. Kicked and banned players stay on the roster (their nickname stays taken, their token is
 * refused). A ban always covers the player's token and device; it covers their address only when the
 * teacher says so, because a classroom often reaches the server through one address (NAT).
 */
export class Roster {
  private readonly players = new Map<string, Player>();
  private readonly byTokenHash = new Map<string, Player>();
  private readonly nicknames = new Set<string>();
  private readonly byNicknameKey = new Map<string, Player>();
  private readonly bannedDevices = new Set<string>();
  /** Address -> the banned players whose ban covers it (unbanning the last one lifts it). */
  private readonly bannedAddresses = new Map<string, Set<string>>();

  add(input: { nickname: string; nicknameKey: string; deviceHash: string; ip: string; now: number }): {
    player: Player;
    token: string;
  } {
    const token = newToken();
    let id = newId("p_");
    while (this.players.has(id)) id = newId("p_");
    const player: Player = {
      id,
      nickname: input.nickname,
      nicknameKey: input.nicknameKey,
      tokenHash: hashSecret(token),
      deviceHash: input.deviceHash,
      ip: input.ip,
      joinedAt: input.now,
      connected: false,
      leftAt: input.now,
      kicked: false,
      banned: false,
      addressBanned: false,
      accepted: 0,
      refused: 0,
      malformed: 0,
      throttled: 0,
      points: 0,
    };
    this.insert(player);
    return { player, token };
  }

  /** A player recorded before a restart, with their token digest, device and moderation state. */
  restore(player: Player): void {
    this.insert(player);
    if (player.banned) this.bannedDevices.add(player.deviceHash);
    if (player.banned && player.addressBanned) this.banAddress(player);
  }

  private insert(player: Player): void {
    this.players.set(player.id, player);
    this.byTokenHash.set(player.tokenHash, player);
    this.nicknames.add(player.nicknameKey);
    this.byNicknameKey.set(player.nicknameKey, player);
  }

  /** The player of this (folded) nickname, if any. */
  withNickname(key: string): Player | undefined {
    return this.byNicknameKey.get(key);
  }

  /** A new token for a returning player (the old one, in a lost tab, no longer works). */
  renewToken(player: Player): string {
    const token = newToken();
    this.byTokenHash.delete(player.tokenHash);
    player.tokenHash = hashSecret(token);
    this.byTokenHash.set(player.tokenHash, player);
    return token;
  }

  get(id: string): Player | undefined {
    return this.players.get(id);
  }

  byToken(token: string): Player | undefined {
    return this.byTokenHash.get(hashSecret(token));
  }

  nicknameTaken(key: string): boolean {
    return this.nicknames.has(key);
  }

  /**
   * Whether a player holds a place in the session: not removed, and connected or away for less than
   * `holdMs` (a dropped laptop, a reload). Past that their place is free for someone else; they come
   * back if there is room.
   */
  holdsPlace(player: Player, now: number, holdMs: number): boolean {
    if (player.kicked) return false;
    return player.connected || now - (player.leftAt ?? player.joinedAt) < holdMs;
  }

  /** Players holding a place: what "full" counts. */
  activeCount(now: number, holdMs: number): number {
    let n = 0;
    for (const p of this.players.values()) if (this.holdsPlace(p, now, holdMs)) n++;
    return n;
  }

  all(): IterableIterator<Player> {
    return this.players.values();
  }

  isDeviceBanned(deviceHash: string): boolean {
    return this.bannedDevices.has(deviceHash);
  }

  isAddressBanned(ip: string): boolean {
    return this.bannedAddresses.has(ip);
  }

  /** Other players (not removed) who joined from this player's address: who an address ban would also hit. */
  sharingAddress(player: Player): number {
    let n = 0;
    for (const p of this.players.values()) if (p !== player && !p.kicked && p.ip === player.ip) n++;
    return n;
  }

  /** Bans the player's token and device, and their address when `address` (set again: changes only that). */
  ban(player: Player, address: boolean): void {
    player.kicked = true;
    player.banned = true;
    this.bannedDevices.add(player.deviceHash);
    if (address) this.banAddress(player);
    else this.unbanAddress(player);
  }

  unban(player: Player): void {
    player.banned = false;
    this.bannedDevices.delete(player.deviceHash);
    this.unbanAddress(player);
  }

  private banAddress(player: Player): void {
    player.addressBanned = true;
    if (!player.ip) return;
    const holders = this.bannedAddresses.get(player.ip) ?? new Set<string>();
    holders.add(player.id);
    this.bannedAddresses.set(player.ip, holders);
  }

  private unbanAddress(player: Player): void {
    player.addressBanned = false;
    const holders = this.bannedAddresses.get(player.ip);
    holders?.delete(player.id);
    if (holders?.size === 0) this.bannedAddresses.delete(player.ip);
  }
}
