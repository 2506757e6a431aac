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
  kicked: boolean;
  banned: boolean;
  accepted: number;
  refused: number;
  malformed: number;
  throttled: number;
  /** Points from the engine's judgements of their moves (Scoreboard). */
  points: number;
}

/**
 * Who is in the session: players by id, by token and by nickname, and the devices banned from it.
 * Kicked and banned players stay on the roster (their nickname stays taken, their token is refused).
 */
export class Roster {
  private readonly players = new Map<string, Player>();
  private readonly byTokenHash = new Map<string, Player>();
  private readonly nicknames = new Set<string>();
  private readonly byNicknameKey = new Map<string, Player>();
  private readonly bannedDevices = new Set<string>();

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
      kicked: false,
      banned: false,
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

  /** Players who hold a place in the session (not kicked): what "full" counts. */
  get activeCount(): number {
    let n = 0;
    for (const p of this.players.values()) if (!p.kicked) n++;
    return n;
  }

  all(): IterableIterator<Player> {
    return this.players.values();
  }

  isDeviceBanned(deviceHash: string): boolean {
    return this.bannedDevices.has(deviceHash);
  }

  ban(player: Player): void {
    player.kicked = true;
    player.banned = true;
    this.bannedDevices.add(player.deviceHash);
  }

  unban(player: Player): void {
    player.banned = false;
    this.bannedDevices.delete(player.deviceHash);
  }
}
