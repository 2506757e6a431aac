import { z } from "zod";
import { MAX_PLAYERS_LIMIT } from "../shared/protocol/http.ts";
import type { SessionQuota } from "../shared/sim/apiserver/quota.ts";
import { systemClock, type WallClock } from "./clock.ts";

/**
 * Server settings from environment variables, validated at start-up: a bad value stops the server
 * with a message naming the variable, not a stack trace. Every setting has a default that suits one
 * classroom on one machine.
 */
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(["1", "0", "true", "false", "yes", "no", "on", "off"]))
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const url = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), "must be an http(s) URL")
  .transform((v) => v.replace(/\/+$/, ""));

const redisUrl = z
  .string()
  .trim()
  .refine((v) => /^rediss?:\/\//.test(v) && URL.canParse(v), "must be a redis:// or rediss:// URL");

const postgresUrl = z
  .string()
  .trim()
  .refine(
    (v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v),
    "must be a postgres:// or postgresql:// URL",
  );

/** Where browsers reach this process's WebSockets: host[:port][/path], no scheme (Colyseus' publicAddress). */
const publicAddress = z
  .string()
  .trim()
  .refine((v) => /^[^\s/:]+(:\d+)?(\/[^\s]*)?$/.test(v), "must be host[:port][/path], without a scheme")
  .transform((v) => v.replace(/\/+$/, ""));

/** Environment variable -> schema and default. */
const ENV = z.object({
  PORT: int(0, 65_535).default(2567),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  PUBLIC_URL: url.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  /** Join attempts (and session lookups) allowed per client IP per window. */
  JOIN_RATE_LIMIT: int(1, 100_000).default(60),
  JOIN_RATE_WINDOW_SECONDS: int(1, 86_400).default(60),
  /** Scenario checks and uploads allowed per client IP per minute (each parses YAML on a worker). */
  SCENARIO_RATE_LIMIT: int(1, 100_000).default(30),
  /** Cap on students per session. */
  MAX_PLAYERS: int(1, MAX_PLAYERS_LIMIT).default(MAX_PLAYERS_LIMIT),
  /** How long a dropped student's seat waits for the same connection to come back. */
  RECONNECT_SECONDS: int(0, 3600).default(30),
  /** How long a student who left keeps their place toward a full session (their token works after too). */
  PLACE_HOLD_SECONDS: int(0, 86_400).default(30),
  /** Messages per second a client may send on average, and in a burst. */
  MESSAGE_RATE: int(1, 10_000).default(20),
  MESSAGE_BURST: int(1, 10_000).default(40),
  /**
   * Milliseconds of the event loop per second a student's requests may cost on average (kubectl, moves,
   * explain: measured around each), a session's together, and the whole server's (see WorkBudget).
   */
  SEAT_WORK_MS: int(1, 1000).default(25),
  SESSION_WORK_MS: int(1, 1000).default(60),
  SERVER_WORK_MS: int(1, 1000).default(500),
  /** Milliseconds of the event loop per second a session's simulation (its ticks) may take. */
  SESSION_SIM_MS: int(1, 1000).default(200),
  /**
   * What one class may hold, enforced by its API server as a ResourceQuota (shared/sim/apiserver/quota.ts):
   * Pods, Nodes, API objects of any kind, and the replicas one workload may ask for. A teacher may set
   * lower limits for a session, never higher.
   */
  QUOTA_PODS: int(1, 1_000_000).default(1000),
  QUOTA_NODES: int(1, 100_000).default(100),
  QUOTA_OBJECTS: int(1, 10_000_000).default(5000),
  QUOTA_REPLICAS: int(1, 1_000_000).default(500),
  /** A session nobody has been connected to for this long ends (0: never). */
  SESSION_IDLE_MINUTES: int(0, 100_000).default(120),
  /** Take the client IP from X-Forwarded-For (behind a reverse proxy). */
  TRUST_PROXY: bool.default(false),
  /** When set, creating a session needs `Authorization: Bearer <ADMIN_TOKEN>`. */
  ADMIN_TOKEN: z.string().trim().min(8, "must be at least 8 characters").optional(),
  /** SQLite durability: "full" survives power loss, "normal" survives a process crash only. */
  DB_SYNC: z.enum(["full", "normal"]).default("full"),
  PATCH_RATE_MS: int(10, 1000).default(50),
  /** Extra words the nickname filter blocks, comma-separated. */
  NICKNAME_BLOCKLIST: z.string().default(""),
  /** Where the built-in scenarios are (default: the project's scenarios/). */
  SCENARIOS_DIR: z.string().trim().min(1).optional(),
  /** Pace of the bots that cover unplayed seats, when the engine supports paces. */
  BOT_PACE: z.enum(["human", "instant"]).default("human"),
  /** Several processes behind one address: Colyseus' Redis presence and driver (needs DATABASE_URL). */
  REDIS_URL: redisUrl.optional(),
  /** The match record in PostgreSQL instead of SQLite (shared by every process). */
  DATABASE_URL: postgresUrl.optional(),
  /** Where browsers reach this process's rooms, scaled out (default: this machine's address and PORT). */
  PUBLIC_ADDRESS: publicAddress.optional(),
  /** Seconds a process's hold on its classes lasts without renewal: how soon another takes them over. */
  LEASE_SECONDS: int(2, 3600).default(10),
});

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Base of the links handed out (join URL, QR code, instructor link). Derived when unset. */
  publicUrl?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  joinRateLimit: number;
  joinRateWindowSeconds: number;
  scenarioRateLimit: number;
  maxPlayers: number;
  reconnectSeconds: number;
  placeHoldSeconds: number;
  messageRate: number;
  messageBurst: number;
  /** Work budgets, ms of event loop per second: per seat, per session, for the server. */
  seatWorkMs: number;
  sessionWorkMs: number;
  serverWorkMs: number;
  /** The share of the event loop (ms per second) one session's ticks may take. */
  sessionSimMs: number;
  /** The most one class may hold (a teacher may ask for less). */
  quota: Required<SessionQuota>;
  sessionIdleMinutes: number;
  trustProxy: boolean;
  adminToken?: string;
  dbSync: "full" | "normal";
  patchRateMs: number;
  nicknameBlocklist: string[];
  scenariosDir?: string;
  botPace: "human" | "instant";
  /** Colyseus' Redis presence and driver: set when several processes serve behind one address. */
  redisUrl?: string;
  /** The match record in PostgreSQL (otherwise SQLite in dataDir). */
  databaseUrl?: string;
  /** host[:port][/path] where browsers reach this process's WebSockets (scaled out). */
  publicAddress?: string;
  /** How long a process's lease on a session lasts unless renewed, in seconds. */
  leaseSeconds: number;
  /** Room loop period, ms: how often the simulation clock is advanced. Not an env var (tests shorten it). */
  timestepMs: number;
  /** Serve the client through Vite's dev middleware (npm run dev). */
  dev: boolean;
  /** The wall clock of every timestamp, expiry and rate the server keeps. Not an env var (tests fake it). */
  clock: WallClock;
  /** A monotonic clock in ms for what work costs (performance.now). Not an env var (tests fake it). */
  stopwatch: () => number;
  /**
   * CPU ms the event loop's thread has used (process.threadCpuUsage): what a patch costs the loop, which
   * the wall time of a patch overstates when other processes hold the cores. Not an env var.
   */
  cpuStopwatch: () => number;
  /**
   * Most ms one room step may spend on engine ticks before the rest wait for the next step (the session
   * falls behind real time instead of holding the loop). Not an env var.
   */
  stepBudgetMs: number;
}

export const DEFAULT_TIMESTEP_MS = 50;
export const DEFAULT_STEP_BUDGET_MS = 10;

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; errors: string[] };

/** Reads the settings from `env` (process.env by default); only known variables are looked at. */
export function loadConfig(env: Record<string, string | undefined>, dev = false): ConfigResult {
  const present: Record<string, string> = {};
  for (const key of Object.keys(ENV.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") present[key] = value;
  }
  const parsed = ENV.safeParse(present);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? "environment");
        const value = present[key];
        return `${key}${value !== undefined ? `=${JSON.stringify(value)}` : ""}: ${issue.message}`;
      }),
    };
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    return {
      ok: false,
      errors: [
        "REDIS_URL: needs DATABASE_URL too (processes behind one address must share the match record in PostgreSQL)",
      ],
    };
  }
  if (e.REDIS_URL && !e.PUBLIC_ADDRESS && e.PORT === 0) {
    return { ok: false, errors: ["PUBLIC_ADDRESS: must be set with REDIS_URL when PORT is 0"] };
  }
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dataDir: e.DATA_DIR,
      publicUrl: e.PUBLIC_URL,
      logLevel: e.LOG_LEVEL,
      joinRateLimit: e.JOIN_RATE_LIMIT,
      joinRateWindowSeconds: e.JOIN_RATE_WINDOW_SECONDS,
      scenarioRateLimit: e.SCENARIO_RATE_LIMIT,
      maxPlayers: e.MAX_PLAYERS,
      reconnectSeconds: e.RECONNECT_SECONDS,
      placeHoldSeconds: e.PLACE_HOLD_SECONDS,
      messageRate: e.MESSAGE_RATE,
      messageBurst: Math.max(e.MESSAGE_BURST, 1),
      seatWorkMs: e.SEAT_WORK_MS,
      sessionWorkMs: e.SESSION_WORK_MS,
      serverWorkMs: e.SERVER_WORK_MS,
      sessionSimMs: e.SESSION_SIM_MS,
      quota: {
        pods: e.QUOTA_PODS,
        nodes: e.QUOTA_NODES,
        objects: e.QUOTA_OBJECTS,
        replicas: e.QUOTA_REPLICAS,
      },
      sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
      trustProxy: e.TRUST_PROXY,
      adminToken: e.ADMIN_TOKEN,
      dbSync: e.DB_SYNC,
      patchRateMs: e.PATCH_RATE_MS,
      nicknameBlocklist: e.NICKNAME_BLOCKLIST.split(",")
        .map((w) => w.trim())
        .filter(Boolean),
      scenariosDir: e.SCENARIOS_DIR,
      botPace: e.BOT_PACE,
      redisUrl: e.REDIS_URL,
      databaseUrl: e.DATABASE_URL,
      publicAddress: e.PUBLIC_ADDRESS,
      leaseSeconds: e.LEASE_SECONDS,
      timestepMs: DEFAULT_TIMESTEP_MS,
      dev,
      clock: systemClock,
      stopwatch: () => performance.now(),
      cpuStopwatch: threadCpuMs,
      stepBudgetMs: DEFAULT_STEP_BUDGET_MS,
    },
  };
}

/** The defaults, for tests and embedding: `defaultConfig({ port: 0, dataDir })`. */
export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const result = loadConfig({});
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return { ...result.config, ...overrides };
}

/** Bytes of answers per ms of work budget: 1 ms/s of budget allows ~40 KB/s of kubectl output. */
const BYTES_PER_MS = 40 * 1024;

/** The budgets' rates: bursts of 4 s (a seat) and 2 s (a session, the server) of their rate. */
export function workRates(config: Pick<ServerConfig, "seatWorkMs" | "sessionWorkMs" | "serverWorkMs">) {
  const rates = (msPerSecond: number, burstSeconds: number) => ({
    msPerSecond,
    msBurst: msPerSecond * burstSeconds,
    bytesPerSecond: msPerSecond * BYTES_PER_MS,
    bytesBurst: msPerSecond * BYTES_PER_MS * burstSeconds,
  });
  return {
    seat: rates(config.seatWorkMs, 4),
    session: rates(config.sessionWorkMs, 2),
    server: rates(config.serverWorkMs, 2),
  };
}

function threadCpuMs(): number {
  const used = process.threadCpuUsage();
  return (used.user + used.system) / 1000;
}
