import { en } from "../i18n/en.ts";
import { formatTemplate } from "../i18n/format.ts";
import type { Language } from "../i18n/languages.ts";

/**
 * Everything the server says to a person travels as a phrase: a code, translated by the client from its
 * catalogs (`phrase.<code>` in shared/i18n/phrases/), and the code's parameters. A refusal is
 * `{ reason, code, params, message }` (`reason` for the UI to branch on, `message` the English text for
 * curl users, logs and tests); notices, API errors and close reasons likewise.
 *
 * Kubernetes' own words are never translated: an engine refusal (`pods "x" not found`, `User
 * "system:node:worker-1" cannot ...`) travels as the `kubernetes` phrase with the text as its parameter.
 *
 * PHRASES lists every code and the kind of each parameter: a number (written the language's way), a
 * text (shown as is: names, seats, the teacher's words, Kubernetes' and zod's texts), or a phrase
 * (translated first, then put in place).
 */
type ParamKind = "text" | "number" | "phrase";

export const PHRASES = {
  /** Kubernetes' own message (an engine refusal or answer), shown as Kubernetes wrote it. */
  kubernetes: { text: "text" },

  // the room's wire
  connectionClosed: {},
  throttled: { rate: "number" },
  seatOverBudget: { seconds: "number" },
  classOverBudget: { seconds: "number" },
  serverBusy: { seconds: "number" },
  unknownMessage: { type: "text" },
  notInstructor: { type: "text" },
  malformed: { type: "text", problem: "text" },
  malformedField: { type: "text", field: "text", problem: "text" },
  undecodable: { type: "text" },
  commandNotFinite: {},
  commandTooBig: {},
  commandBinary: {},
  tooLarge: { bytes: "number", max: "number" },
  teacherPlaysNoSeat: {},
  takeSeatFirst: {},
  kubectlNeedsSeat: {},
  backInLobby: {},
  frozen: { message: "text" },
  frozenSilently: {},
  serverFailed: {},
  simulationFailed: {},
  sessionEnded: {},
  joinFirst: {},

  // the teacher's controls
  alreadyStarted: {},
  notStarted: {},
  alreadyPaused: {},
  alreadyRunning: {},
  started: {},
  paused: {},
  resumed: {},
  speedSet: { speed: "text" },
  locked: {},
  unlocked: {},
  frozenForClass: {},
  notFrozen: {},
  unfrozen: {},
  leaderboardShown: {},
  pausedMoves: {},
  serverOnlyCommand: { type: "text" },
  heartbeatsManual: {},
  heartbeatsAutomatic: {},
  speedHeldByHeartbeats: {},
  leaderboardHidden: {},
  hintSent: { n: "number" },
  hintSeatOrPlayer: {},
  noSuchSeat: { seat: "text" },
  noSuchSeatOf: { seat: "text", seats: "text" },
  noSuchPlayer: { player: "text" },
  playerInLobby: { nickname: "text" },
  alreadyRemoved: { nickname: "text" },
  playerRemoved: { nickname: "text" },
  playerBanned: { nickname: "text" },
  playerBannedAddress: { nickname: "text", others: "number" },
  playersRemoved: { n: "number" },
  playersBanned: { n: "number" },
  playerUnbanned: { nickname: "text" },

  // seats
  alreadyHolding: { seat: "text" },
  seatsAssigned: {},
  seatFull: { seat: "text", size: "number" },
  nowPlays: { nickname: "text", seat: "text" },

  // joining
  sessionLocked: {},
  lateJoinClosed: {},
  sessionFull: { max: "number" },
  deviceBanned: {},
  youAreBanned: {},
  addressBanned: {},
  removedRejoin: {},
  nicknameMissing: {},
  nicknameShort: { min: "number" },
  nicknameLong: { max: "number" },
  nicknameCharacters: {},
  nicknameInvisible: {},
  nicknameMixedScripts: {},
  nicknameReserved: { nickname: "text" },
  nicknameBlocked: {},
  nicknameTaken: { nickname: "text" },

  // notices and close reasons
  simulationPaused: {},
  serverRestarting: {},
  endedByTeacher: {},
  timeUp: {},
  endedIdle: {},
  serverStopped: {},
  classWon: { total: "number" },
  classLost: { met: "number", total: "number" },
  sessionOver: { why: "phrase", verdict: "phrase" },
  removedByTeacher: {},
  openedElsewhere: {},

  // the HTTP API
  unknownScenario: { name: "text", known: "text" },
  unknownScenarioFile: { file: "text", known: "text" },
  invalidScenario: { n: "number" },
  scenarioFailed: { problem: "text" },
  scenarioBusy: { seconds: "number" },
  scenarioTooSlow: { seconds: "number" },
  rateLimited: { seconds: "number" },
  unknownCode: {},
  sessionResuming: {},
  needsInstructorToken: {},
  needsAdminToCreate: {},
  needsAdminForScenarios: {},
  needsAdminToImport: {},
  badRequest: {},
  badRequestBecause: { problem: "text" },
  requestTooLarge: {},
  noEndpoint: {},
  internalError: {},
  unknownMatch: { id: "text" },
  matchLive: {},
  matchNoRecord: {},
  invalidMatchFile: { problem: "text" },
  unreplayableMatch: { problem: "text" },
  resimulationFailed: { problem: "text" },
  debriefFailed: { problem: "text" },

  // said by the browser itself about the connection
  network: {},
  httpStatus: { status: "number" },
  requestFailed: { problem: "text" },
} as const satisfies Record<string, Record<string, ParamKind>>;

export type PhraseCode = keyof typeof PHRASES;

export type PhraseParam = string | number | Phrase;

export interface Phrase {
  code: PhraseCode;
  params: Record<string, PhraseParam>;
}

/** A phrase and its English text: what replies, notices and API errors carry. */
export interface Worded extends Phrase {
  message: string;
}

type ParamValue<K extends ParamKind> = K extends "number" ? number : K extends "phrase" ? Phrase : string;

/** The parameters a code takes, with their types. */
export type ParamsOf<C extends PhraseCode> = {
  -readonly [P in keyof (typeof PHRASES)[C]]: ParamValue<(typeof PHRASES)[C][P] & ParamKind>;
};

/** Codes without parameters: the only ones a WebSocket close reason (a bare string) can carry. */
export type PlainCode = {
  [C in PhraseCode]: keyof (typeof PHRASES)[C] extends never ? C : never;
}[PhraseCode];

/** The parameters argument of a code: none for a plain code. */
export type ParamsArg<C extends PhraseCode> = keyof (typeof PHRASES)[C] extends never
  ? []
  : [params: ParamsOf<C>];

/** A phrase, its parameters checked against the code. */
export function phrase<C extends PhraseCode>(code: C, ...params: ParamsArg<C>): Phrase {
  return { code, params: { ...params[0] } };
}

/** A phrase with its English text. */
export function worded<C extends PhraseCode>(code: C, ...params: ParamsArg<C>): Worded {
  return withEnglish(phrase(code, ...params));
}

export function withEnglish(said: Phrase): Worded {
  return { ...said, message: englishOf(said) };
}

export function isPhraseCode(value: unknown): value is PhraseCode {
  return typeof value === "string" && Object.hasOwn(PHRASES, value);
}

export function isPhrase(value: unknown): value is Phrase {
  const p = value as Partial<Phrase> | null;
  return typeof p === "object" && p !== null && isPhraseCode(p.code) && typeof p.params === "object";
}

/**
 * A phrase in some catalog: nested phrases first, then the template. `template` looks a code up (the
 * client passes its current catalog, the server English).
 */
export function phraseText(said: Phrase, template: (code: PhraseCode) => string, language: Language): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(said.params ?? {})) {
    params[name] = typeof value === "object" ? phraseText(value, template, language) : value;
  }
  return formatTemplate(template(said.code), params, language);
}

/** The English text of a phrase: the `message` next to every code. */
export function englishOf(said: Phrase): string {
  return phraseText(said, (code) => en[`phrase.${code}`], "en");
}
