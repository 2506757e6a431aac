/**
 * Nickname rules, shared so the join form can explain a problem before the round trip. The server
 * checks again (and adds what the form cannot know: uniqueness in the session, the word filter).
 */
export const NICKNAME_MIN_LENGTH = 2;
export const NICKNAME_MAX_LENGTH = 20;

/** Letters of any script, digits, and single spaces, dots, dashes, underscores or apostrophes between them. */
const ALLOWED = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}]|[ ._'-](?=[\p{L}\p{N}]))*$/u;

export type NicknameCheck =
  | { ok: true; nickname: string; key: string }
  | { ok: false; reason: "NicknameInvalid"; message: string };

/** Trims, collapses inner spaces and NFC-normalises, then checks length and characters. */
export function checkNickname(input: unknown): NicknameCheck {
  if (typeof input !== "string") {
    return { ok: false, reason: "NicknameInvalid", message: "Choose a nickname." };
  }
  const nickname = input.normalize("NFC").trim().replace(/\s+/g, " ");
  const length = [...nickname].length;
  if (length < NICKNAME_MIN_LENGTH) {
    return {
      ok: false,
      reason: "NicknameInvalid",
      message: `A nickname needs at least ${NICKNAME_MIN_LENGTH} characters.`,
    };
  }
  if (length > NICKNAME_MAX_LENGTH) {
    return {
      ok: false,
      reason: "NicknameInvalid",
      message: `A nickname has at most ${NICKNAME_MAX_LENGTH} characters.`,
    };
  }
  if (!ALLOWED.test(nickname)) {
    return {
      ok: false,
      reason: "NicknameInvalid",
      message:
        "Use letters and digits, with single spaces, dots, dashes, underscores or apostrophes between them.",
    };
  }
  return { ok: true, nickname, key: nicknameKey(nickname) };
}

/** Two nicknames clash when these are equal: case-insensitive, compatibility-folded ("Ｂｏｂ" = "bob"). */
export function nicknameKey(nickname: string): string {
  return nickname.normalize("NFKC").toLocaleLowerCase("en").replace(/\s+/g, " ");
}
