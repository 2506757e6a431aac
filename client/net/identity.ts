/**
 * What the browser remembers (localStorage): a device id (what a ban blocks), the player token of each
 * session joined (a reload comes back as the same player, seat and score, without asking again) and
 * the instructor token of each session created here.
 */
const DEVICE_KEY = "kubeclass.device";
const PLAYER_PREFIX = "kubeclass.player.";
const INSTRUCTOR_PREFIX = "kubeclass.instructor.";
const NICKNAME_KEY = "kubeclass.nickname";

export interface StoredPlayer {
  id: string;
  nickname: string;
  token: string;
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // storage unavailable: the page still works, a reload asks again
  }
}

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function deviceId(): string {
  let id = read(DEVICE_KEY);
  if (!id || id.length < 8) {
    id = randomId();
    write(DEVICE_KEY, id);
  }
  return id;
}

export function storedPlayer(code: string): StoredPlayer | undefined {
  const raw = read(PLAYER_PREFIX + code);
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as StoredPlayer;
    return typeof value.token === "string" && typeof value.id === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

export function storePlayer(code: string, player: StoredPlayer | null): void {
  write(PLAYER_PREFIX + code, player ? JSON.stringify(player) : null);
  if (player) write(NICKNAME_KEY, player.nickname);
}

export function lastNickname(): string {
  return read(NICKNAME_KEY) ?? "";
}

export function instructorToken(code: string): string | undefined {
  return read(INSTRUCTOR_PREFIX + code) ?? undefined;
}

export function storeInstructorToken(code: string, token: string): void {
  write(INSTRUCTOR_PREFIX + code, token);
}

/** Codes of the sessions this browser created (tokens kept), newest last. */
export function instructorSessions(): { code: string; token: string }[] {
  const out: { code: string; token: string }[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith(INSTRUCTOR_PREFIX)) {
        const token = read(key);
        if (token) out.push({ code: key.slice(INSTRUCTOR_PREFIX.length), token });
      }
    }
  } catch {
    // no storage
  }
  return out;
}

const MATCH_PREFIX = "kubeclass.match.";

/** The match id (the session's room id) of a session created here: the replay and debrief use it. */
export function matchIdOf(code: string): string | undefined {
  return read(MATCH_PREFIX + code) ?? undefined;
}

export function storeMatchId(code: string, id: string): void {
  write(MATCH_PREFIX + code, id);
}

const ADMIN_KEY = "kubeclass.adminToken";

/** The server's ADMIN_TOKEN, when it asks for one to create sessions (kept for this browser). */
export function adminToken(): string | undefined {
  return read(ADMIN_KEY) ?? undefined;
}

export function storeAdminToken(token: string): void {
  write(ADMIN_KEY, token || null);
}

/** The instructor token of a match created in this browser (a live match's record needs it). */
export function tokenForMatch(id: string): string | undefined {
  return instructorSessions().find((s) => matchIdOf(s.code) === id)?.token;
}
