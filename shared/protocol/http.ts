import { z } from "zod";
import type { Mismatch } from "../replay/replay.ts";
import type { GoalResult } from "../scenario/goals.ts";
import { MAX_SPEED, MAX_TEAM_SIZE } from "./messages.ts";
import type { Phrase, Worded } from "./phrases.ts";

/**
 * The HTTP API under /api: request bodies as zod schemas, responses as types. Errors are always
 * `{ error: { reason, code, params, message, ... } }` with a status code that matches the reason.
 */

/** Largest uploaded scenario (all files together). */
export const MAX_SCENARIO_BYTES = 512 * 1024;
export const MAX_SCENARIO_FILES = 20;
export const MAX_PLAYERS_LIMIT = 60;

export const SessionOptions = z.strictObject({
  /** Overrides the scenario's seed. */
  seed: z.number().int().min(0).max(0xffff_ffff).optional(),
  /** Students admitted (1 to 60; the server may cap it lower). */
  maxPlayers: z.number().int().min(1).max(MAX_PLAYERS_LIMIT).optional(),
  lateJoin: z.boolean().optional(),
  seatChoice: z.enum(["free", "assigned"]).optional(),
  /** How much the scheduler's panel shows before a move (see HelpLevel); "full" by default. */
  helpLevel: z.enum(["full", "reasons", "none"]).optional(),
  /** Most students per seat, 0 for no limit. */
  teamSize: z.number().int().min(0).max(MAX_TEAM_SIZE).optional(),
  wordFilter: z.boolean().optional(),
  /** Initial playback speed. */
  speed: z.number().min(0.5).max(MAX_SPEED).optional(),
  /** Lower limits for this class than the server's (QUOTA_*); higher ones are capped at the server's. */
  quota: z
    .strictObject({
      pods: z.number().int().min(1).optional(),
      nodes: z.number().int().min(1).optional(),
      objects: z.number().int().min(1).optional(),
      replicas: z.number().int().min(1).optional(),
    })
    .optional(),
});
export type SessionOptions = z.infer<typeof SessionOptions>;

export const ScenarioFile = z.strictObject({
  file: z.string().min(1).max(200),
  text: z.string().max(MAX_SCENARIO_BYTES),
});

/** POST /api/sessions: a built-in scenario by name, or uploaded scenario files (YAML text). */
export const CreateSessionBody = z.union([
  z.strictObject({ scenario: z.string().min(1).max(100), options: SessionOptions.optional() }),
  z.strictObject({
    files: z.array(ScenarioFile).min(1).max(MAX_SCENARIO_FILES),
    options: SessionOptions.optional(),
  }),
]);
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;

/** POST /api/scenarios/validate: scenario files as the dashboard's editor holds them. */
export const ValidateScenarioBody = z.strictObject({
  files: z.array(ScenarioFile).min(1).max(MAX_SCENARIO_FILES),
});
export type ValidateScenarioBody = z.infer<typeof ValidateScenarioBody>;

/** POST /api/sessions/:code/join */
export const JoinBody = z.strictObject({
  nickname: z.string().max(200).optional(),
  /** The token a previous join returned: comes back as the same player (seat, score). */
  playerToken: z.string().min(1).max(200).optional(),
  /** A random id the browser keeps (localStorage): what a ban blocks. */
  deviceId: z.string().min(8).max(128),
});
export type JoinBody = z.infer<typeof JoinBody>;

export type SessionStatus = "lobby" | "running" | "paused" | "ended";

/** Why a join (or a lookup) fails: each has its own status code and message. */
export type JoinRefusal =
  | "BadRequest"
  | "UnknownCode"
  | "SessionEnded"
  | "SessionLocked"
  | "SessionFull"
  | "LateJoinClosed"
  | "Kicked"
  | "Banned"
  | "NicknameInvalid"
  | "NicknameBlocked"
  | "NicknameTaken"
  | "RateLimited"
  /** 503: the server has just restarted and is bringing this session back; try again in a moment. */
  | "SessionResuming";

/**
 * Every API error: `reason` for the code to branch on, the phrase (`code`, `params`) for a person (the
 * page translates it), `message` the same in English for curl users.
 */
export interface ApiError {
  error: Worded & {
    reason: string;
    /** Validation problems, one per field. */
    issues?: { path: string; message: string }[];
    /** Scenario problems, one per field (see shared/scenario/errors.ts). */
    errors?: ScenarioErrorJson[];
    /** RateLimited: seconds until a new attempt is allowed. */
    retryAfterSeconds?: number;
  };
}

export interface ScenarioErrorJson {
  file: string;
  document: number;
  kind?: string;
  name?: string;
  field?: string;
  line?: number;
  message: string;
  /** The whole error as one line, kubectl style. */
  text: string;
}

export interface ScenarioSummary {
  name: string;
  title: string;
  description: string;
  durationSeconds?: number;
  nodes: number;
  /** Title and description in other languages (the scenario's spec.translations), by language tag. */
  translations?: Record<string, { title?: string; description?: string }>;
}

/** GET /api/sessions/:code (anyone who knows the code). */
export interface SessionPublicInfo {
  code: string;
  scenario: string;
  title: string;
  status: SessionStatus;
  locked: boolean;
  lateJoin: boolean;
  players: number;
  maxPlayers: number;
  /** Whether a new player could join now, and if not why (`phrase` to translate, `message` in English). */
  joinable: boolean;
  reason?: JoinRefusal;
  message?: string;
  phrase?: Phrase;
}

/** Response of POST /api/sessions. The instructor token is shown once: keep the instructor URL. */
export interface SessionCreated {
  sessionId: string;
  code: string;
  joinUrl: string;
  instructorUrl: string;
  instructorToken: string;
  qrUrl: string;
  scenario: string;
  title: string;
  notSimulated: string[];
}

/**
 * A Colyseus seat reservation: pass it to `client.consumeSeatReservation(reservation)` of
 * `@colyseus/sdk` to open the room's WebSocket.
 */
export interface SeatReservationJson {
  name: string;
  roomId: string;
  sessionId: string;
  processId: string;
  publicAddress?: string;
  reconnectionToken?: string;
  devMode?: boolean;
}

/** Response of POST /api/sessions/:code/join */
export interface JoinResponse {
  reservation: SeatReservationJson;
  player: { id: string; nickname: string; token: string; rejoined: boolean };
  session: SessionPublicInfo;
}

/** Response of POST /api/sessions/:code/instructor */
export interface InstructorJoinResponse {
  reservation: SeatReservationJson;
  session: SessionPublicInfo;
  /** What students open (as in SessionCreated): PUBLIC_URL, or the address they can reach. */
  joinUrl: string;
  /** An SVG QR code of `joinUrl`. */
  qrUrl: string;
}

/**
 * Response of POST /api/scenarios/validate (always 200 for a well-formed body): every error at its file,
 * document, line and field, or the summary of a scenario that loads.
 */
export interface ScenarioValidation {
  ok: boolean;
  errors: ScenarioErrorJson[];
  summary?: ScenarioSummary & {
    seed: number;
    goals: string[];
    winConditions: number;
    timelineSteps: number;
    /** Fields and kinds accepted but not simulated. */
    notSimulated: string[];
  };
}

/** Largest match file POST /api/matches/import takes. */
export const MAX_MATCH_FILE_BYTES = 64 * 1024 * 1024;

/**
 * A recorded match in GET /api/matches (newest first). Times are server wall-clock epoch ms. A live
 * session's join code is withheld (null): the list is public and the code is the way in.
 */
export interface MatchSummary {
  id: string;
  code: string | null;
  scenario: { name: string; title: string };
  /** live: still being played; ended; imported: uploaded through POST /api/matches/import. */
  status: "live" | "ended" | "imported";
  imported: boolean;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  players: number;
  /** "won" or "lost: ..." once ended (null while live, or for a session that ended before goals were judged). */
  outcome: string | null;
  /** Why it ended: instructor, time-up, idle, interrupted ...; null while live. */
  endReason: string | null;
}

/** GET /api/matches/:id: the summary, the goals (live: judged now), and for imports the verification. */
export interface MatchDetails extends MatchSummary {
  seed: number;
  /** builtin, upload, or import. */
  scenarioSource: string;
  /** The last tick of the match (live: the current tick). */
  endTick: number;
  simulatedSeconds: number;
  goals: GoalResult[];
  /** Imports: whether the re-simulation reproduced every recorded state hash. */
  verified?: boolean;
  mismatches?: Mismatch[];
}

/** Response of POST /api/matches/import (201). A mismatch is reported, never hidden. */
export interface MatchImported {
  id: string;
  verified: boolean;
  mismatches: Mismatch[];
}
