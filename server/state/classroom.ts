import { schema, t } from "@colyseus/schema";
import type { SessionStatus } from "../../shared/protocol/http.ts";

/** Tag of the fields only the instructor's view receives. */
export const INSTRUCTOR_VIEW = 1;

export const ScenarioTextState = schema(
  {
    title: t.string().default(""),
    description: t.string().default(""),
    goals: t.array("string"),
  },
  "ScenarioTextState",
);

export const WinConditionLineState = schema(
  {
    text: t.string().default(""),
    code: t.string().default(""),
    params: t.string().default("{}"),
  },
  "WinConditionLineState",
);

export const SessionState = schema(
  {
    code: t.string().default(""),
    scenario: t.string().default(""),
    title: t.string().default(""),
    description: t.string().default(""),
    goals: t.array("string"),
    translations: t.map(ScenarioTextState),
    winConditions: t.array(WinConditionLineState),
    status: t.string<SessionStatus>().default("lobby"),
    speed: t.number().default(1),
    tick: t.number().default(0),
    // no `now`: it is startTime + tick * TICK_MS, which the client reads (shared/protocol/receive.ts)
    startTime: t.number().default(0),
    durationSeconds: t.number().default(0),
    // no `tickedAt`: wallStart + tickedOffset (an epoch time takes 9 bytes a tick; receive.ts)
    wallStart: t.number().default(0),
    tickedOffset: t.number().default(0),
    locked: t.boolean().default(false),
    lateJoin: t.boolean().default(true),
    seatChoice: t.string<"free" | "assigned">().default("free"),
    teamSize: t.number().default(0),
    helpLevel: t.string<"full" | "reasons" | "none">().default("full"),
    manualHeartbeats: t.boolean().default(false),
    maxPlayers: t.number().default(0),
    frozen: t.boolean().default(false),
    freezeMessage: t.string().default(""),
    leaderboardVisible: t.boolean().default(false),
  },
  "SessionState",
);

export const PlayerState = schema(
  {
    id: t.string().default(""),
    nickname: t.string().default(""),
    seat: t.string().default(""),
    connected: t.boolean().default(false),
    score: t.number().default(0),
  },
  "PlayerState",
);

export const SeatState = schema(
  {
    id: t.string().default(""),
    role: t.string().default(""),
    node: t.string().default(""),
    driver: t.string<"bot" | "human">().default("bot"),
    assisted: t.boolean().default(false),
    holders: t.array("string"),
  },
  "SeatState",
);

export const JudgementState = schema(
  {
    id: t.string().default(""),
    time: t.number().default(0),
    seat: t.string().default(""),
    driver: t.string<"bot" | "human">().default("human"),
    kind: t.string().default(""),
    subject: t.string().default(""),
    value: t.number().default(0),
    points: t.number().default(0),
    detail: t.string().default(""),
  },
  "JudgementState",
);

export const PlayerAdminState = schema(
  {
    id: t.string().default(""),
    nickname: t.string().default(""),
    seat: t.string().default(""),
    connected: t.boolean().default(false),
    kicked: t.boolean().default(false),
    banned: t.boolean().default(false),
    addressBanned: t.boolean().default(false),
    device: t.string().default(""),
    ip: t.string().default(""),
    joinedAt: t.number().default(0),
    accepted: t.number().default(0),
    refused: t.number().default(0),
    malformed: t.number().default(0),
    throttled: t.number().default(0),
  },
  "PlayerAdminState",
);

export const InstructorState = schema(
  {
    players: t.map(PlayerAdminState),
    wordFilter: t.boolean().default(true),
    allowedWords: t.array("string"),
    commands: t.number().default(0),
    malformed: t.number().default(0),
    throttled: t.number().default(0),
    tickMeanMs: t.number().default(0),
    tickP99Ms: t.number().default(0),
    tickMaxMs: t.number().default(0),
    ticksPerSecond: t.number().default(0),
    workMsPerSecond: t.number().default(0),
    overBudget: t.number().default(0),
  },
  "InstructorState",
);

export type SessionState = InstanceType<typeof SessionState>;
export type PlayerState = InstanceType<typeof PlayerState>;
export type SeatState = InstanceType<typeof SeatState>;
export type JudgementState = InstanceType<typeof JudgementState>;
export type PlayerAdminState = InstanceType<typeof PlayerAdminState>;
export type InstructorState = InstanceType<typeof InstructorState>;
