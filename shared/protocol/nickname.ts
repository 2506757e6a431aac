import { type Worded, worded } from "./phrases.ts";

/**
 * Nickname rules, shared so the join form can explain a problem before the round trip. The server
 * checks again (and adds what the form cannot know: uniqueness in the session, the word filter).
 */
export const NICKNAME_MIN_LENGTH = 2;
export const NICKNAME_MAX_LENGTH = 20;

/** Letters of any script, digits, and single spaces, dots, dashes, underscores or apostrophes between them. */
const ALLOWED = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}]|[ ._'-](?=[\p{L}\p{N}]))*$/u;

/**
 * Names only the teacher and the game itself may look like, in the three languages of the interface: a
 * student called "Teacher" or "管理員" could hand out false instructions.
 */
const RESERVED = [
  "teacher",
  "instructor",
  "admin",
  "administrator",
  "moderator",
  "professor",
  "kubeclass",
  "system",
  "老師",
  "教師",
  "講師",
  "管理員",
  "管理者",
  "管理人",
  "助教",
  "系統",
  "先生",
  "せんせい",
  "センセイ",
  "運営",
  "システム",
];

/** Scripts whose letters look alike: a word mixing them ("аlice" with a Cyrillic а) is a disguise. */
const LOOK_ALIKE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];

/** Characters that render as nothing: zero-width spaces and joiners, Hangul fillers, BOM. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;

function mixesScripts(nickname: string): boolean {
  for (const word of nickname.split(/[ ._'-]/)) {
    const scripts = LOOK_ALIKE_SCRIPTS.filter((script) => script.test(word));
    if (scripts.length > 1) return true;
  }
  return false;
}

/** The reserved name a nickname poses as, if any: it is one, or starts with one ("Admin_Bob", "teacher2"). */
export function reservedName(nickname: string): string | undefined {
  const folded = nickname
    .normalize("NFKC")
    .toLocaleLowerCase("en")
    .replace(/[\s._'-]/g, "");
  return RESERVED.find((name) => folded === name || folded.startsWith(name));
}

export type NicknameCheck =
  | { ok: true; nickname: string }
  | ({ ok: false; reason: "NicknameInvalid" } & Worded);

const invalid = (said: Worded): NicknameCheck => ({ ok: false, reason: "NicknameInvalid", ...said });

/** Trims, collapses inner spaces and NFC-normalises, then checks length and characters. */
export function checkNickname(input: unknown): NicknameCheck {
  if (typeof input !== "string") return invalid(worded("nicknameMissing"));
  const nickname = input.normalize("NFC").trim().replace(/\s+/g, " ");
  const length = [...nickname].length;
  if (length < NICKNAME_MIN_LENGTH) return invalid(worded("nicknameShort", { min: NICKNAME_MIN_LENGTH }));
  if (length > NICKNAME_MAX_LENGTH) return invalid(worded("nicknameLong", { max: NICKNAME_MAX_LENGTH }));
  if (INVISIBLE.test(nickname)) return invalid(worded("nicknameInvisible"));
  if (!ALLOWED.test(nickname)) return invalid(worded("nicknameCharacters"));
  if (mixesScripts(nickname)) return invalid(worded("nicknameMixedScripts"));
  if (reservedName(nickname)) return invalid(worded("nicknameReserved", { nickname }));
  return { ok: true, nickname };
}
