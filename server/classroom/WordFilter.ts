/**
 * A small nickname filter for a classroom: common English profanity, matched after folding case,
 * accents, look-alike digits and separators, so "B.u.tt" and "5h1t" are caught. It is a first line
 * only: the teacher can switch it off, allow words it wrongly blocks, add words (NICKNAME_BLOCKLIST),
 * and kick whoever gets past it.
 */
const DEFAULT_WORDS = [
  "arse",
  "asshole",
  "bastard",
  "bitch",
  "bollock",
  "boob",
  "butt",
  "cock",
  "crap",
  "cunt",
  "dick",
  "dildo",
  "fag",
  "fuck",
  "hitler",
  "jerk",
  "nazi",
  "penis",
  "piss",
  "porn",
  "pussy",
  "rape",
  "retard",
  "sex",
  "shit",
  "slut",
  "twat",
  "vagina",
  "wank",
  "whore",
];

/** Words that contain a blocked word but are fine (the Scunthorpe problem). */
const DEFAULT_ALLOWED = [
  "analysis",
  "assassin",
  "bass",
  "butter",
  "button",
  "cockpit",
  "dickens",
  "essex",
  "grape",
  "hancock",
  "peacock",
  "scrap",
  "scunthorpe",
  "sextant",
  "sussex",
];

const LOOK_ALIKES: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "@": "a",
  $: "s",
  "!": "i",
};

/** Lower case, no accents, look-alike digits as letters, only letters kept. */
export function foldForFilter(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[0-9@$!]/g, (c) => LOOK_ALIKES[c] ?? c)
    .replace(/[^\p{L}]/gu, "");
}

export class WordFilter {
  private readonly blocked: string[];
  private readonly allowed: string[];

  constructor(extraWords: readonly string[] = []) {
    this.blocked = [...DEFAULT_WORDS, ...extraWords].map(foldForFilter).filter(Boolean);
    this.allowed = DEFAULT_ALLOWED.map(foldForFilter);
  }

  /** Whether the nickname is blocked, given the words the teacher allowed in this session. */
  blocks(nickname: string, teacherAllowed: readonly string[] = []): boolean {
    let folded = foldForFilter(nickname);
    for (const word of [...this.allowed, ...teacherAllowed.map(foldForFilter)]) {
      if (word) folded = folded.split(word).join("·");
    }
    return this.blocked.some((word) => folded.includes(word));
  }
}
