import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { matchMaker, Server, type ServerOptions } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { Encoder } from "@colyseus/schema";
import { WebSocketTransport } from "@colyseus/ws-transport";
import type { Logger } from "pino";
import { MAX_FRAME_BYTES } from "../shared/protocol/messages.ts";
import { WordFilter } from "./classroom/WordFilter.ts";
import { ServerBudget } from "./classroom/WorkBudget.ts";
import { type ServerConfig, workRates } from "./config.ts";
import { createApiRouter } from "./http/api.ts";
import { type ClientApp, mountClient } from "./http/clientApp.ts";
import { healthHandler } from "./http/health.ts";
import { lanAddress, publicBaseUrl } from "./http/publicUrl.ts";
import { createLogger } from "./log.ts";
import { ReplayPool } from "./replay/ReplayPool.ts";
import { ClassroomRoom, type ClassroomRoomOptions } from "./rooms/ClassroomRoom.ts";
import { ScenarioCatalog } from "./scenarios/ScenarioCatalog.ts";
import { ScenarioPool } from "./scenarios/ScenarioPool.ts";
import { CLASSROOM_ROOM, SessionDirectory } from "./sessions/SessionDirectory.ts";
import { SessionKeeper } from "./sessions/SessionKeeper.ts";
import type { MatchReader, MatchShelf, MatchStore, SessionRecordWriter } from "./storage/MatchStore.ts";
import { PgMatchStore } from "./storage/postgres/PgMatchStore.ts";
import { SqliteMatchStore } from "./storage/SqliteMatchStore.ts";

/** The project root (server/ is one level down). */
export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Room for a 100-node / 1,000-pod state in one encode (measured ~0.4 MB): the schema encoder's default
 * buffer (16 KB) would grow at every join with a warning.
 */
export const ENCODER_BUFFER_BYTES = 1024 * 1024;

export interface RunningServer {
  /** The port listened on (useful with port 0). */
  port: number;
  /** A loopback URL of this server, for tests and tools on this machine. */
  url: string;
  /** The base URL handed to students when PUBLIC_URL is unset and no request says better. */
  publicUrl: string;
  directory: SessionDirectory;
  /** The match record: SQLite (default) or PostgreSQL (DATABASE_URL). */
  records: MatchStore;
  archive: MatchReader;
  library: MatchShelf;
  log: Logger;
  /** Where browsers reach this process's rooms, scaled out (Colyseus' publicAddress). */
  publicAddress?: string;
  /** Sessions brought back from the previous run (see SessionDirectory.resume), by code. */
  resumed: string[];
  /**
   * Suspends every live session (their record stays open: the next start resumes them, paused), closes
   * the port and the database.
   */
  close(): Promise<void>;
}

/** Vite's HMR socket shares the HTTP server in dev mode: its upgrades are not for Colyseus. */
function isViteUpgrade(req: IncomingMessage): boolean {
  const protocol = req.headers["sec-websocket-protocol"];
  return protocol === "vite-hmr" || protocol === "vite-ping";
}

/** The record this configuration asks for: PostgreSQL with DATABASE_URL, else SQLite in DATA_DIR. */
async function openRecords(config: ServerConfig, log: Logger): Promise<MatchStore> {
  if (!config.databaseUrl) return SqliteMatchStore.open(config.dataDir, { sync: config.dbSync });
  const owner = `${hostname()}/${process.pid}/${randomBytes(4).toString("hex")}`;
  return PgMatchStore.open(config.databaseUrl, {
    owner,
    leaseSeconds: config.leaseSeconds,
    log: log.child({ component: "record" }),
  });
}

type Scaling = Pick<ServerOptions, "presence" | "driver" | "publicAddress" | "selectProcessIdToCreateRoom">;

/**
 * Colyseus' scaling, with REDIS_URL: the Redis presence (rooms of other processes answer through it)
 * and driver (every process sees every room's listing), this process's public address (where a seat
 * reservation sends the browser), and rooms made where they are asked for (a session's room is started
 * by the process that recorded it, with a spec only that process has).
 */
function scaling(config: ServerConfig): Scaling {
  if (!config.redisUrl) return {};
  return {
    presence: new RedisPresence(config.redisUrl),
    driver: new RedisDriver(config.redisUrl),
    publicAddress: config.publicAddress ?? `${lanAddress() ?? "localhost"}:${config.port}`,
    selectProcessIdToCreateRoom: async () => matchMaker.processId,
  };
}

/** Starts everything on one port: Colyseus rooms, the HTTP API, the client, the match record. */
export async function startServer(config: ServerConfig, logger?: Logger): Promise<RunningServer> {
  const log = logger ?? createLogger(config.logLevel);
  Encoder.BUFFER_SIZE = Math.max(Encoder.BUFFER_SIZE, ENCODER_BUFFER_BYTES);

  const records = await openRecords(config, log);
  const store: SessionRecordWriter = records.writer;
  const archive = records.reader;
  const library = records.library;
  const replays = new ReplayPool();
  const scenarios = new ScenarioPool();

  const catalog = new ScenarioCatalog(config.scenariosDir ?? join(PROJECT_ROOT, "scenarios"));
  catalog.reload();
  for (const problem of catalog.loadProblems) log.warn(`built-in scenario skipped: ${problem}`);

  const directory = new SessionDirectory(
    {
      config,
      store,
      archive,
      library,
      replays,
      scenarios,
      serverBudget: new ServerBudget(workRates(config).server, config.stopwatch()),
      catalog,
      wordFilter: new WordFilter(config.nicknameBlocklist),
      log,
      ...(records.leasing ? { leasing: records.leasing } : {}),
      scaledOut: config.redisUrl !== undefined,
    },
    async (sessionKey) => (await matchMaker.createRoom(CLASSROOM_ROOM, { sessionKey })).roomId,
  );

  const httpServer = createServer();
  const transport = new WebSocketTransport({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  transport.attachToServer(httpServer, { filter: (req) => !isViteUpgrade(req) });

  let port = config.port;
  let client: ClientApp | undefined;
  const scaled = scaling(config);
  const server = new Server({
    ...scaled,
    transport,
    greet: false,
    gracefullyShutdown: false,
    logger: log.child({ component: "colyseus" }),
    express: async (app) => {
      app.disable("x-powered-by");
      app.get("/healthz", healthHandler(config, directory, records));
      app.use("/api", createApiRouter({ directory, port: () => port }));
      client = await mountClient(app, { dev: config.dev, root: PROJECT_ROOT, httpServer, log });
    },
  });
  // the directory rides in the room type's default options, which override anything a client sends
  server.define(CLASSROOM_ROOM, ClassroomRoom, { directory } as ClassroomRoomOptions);

  try {
    await server.listen(config.port, config.host);
  } catch (error) {
    await records.close();
    await Promise.all([replays.close(), scenarios.close()]);
    throw error;
  }
  port = (httpServer.address() as AddressInfo).port;
  const resumed: string[] = [];
  let keeper: SessionKeeper | undefined;
  if (records.leasing) {
    // processes share the record: this one takes over what nobody holds (a previous run's classes
    // once their leases run out, or a dead process's), and keeps what it holds
    keeper = new SessionKeeper({
      directory,
      leasing: records.leasing,
      store,
      clock: config.clock,
      log,
      resumed: (code) => resumed.push(code),
    });
    await keeper.start();
    if (resumed.length > 0) log.info({ sessions: resumed }, "classes taken over from the record");
  } else {
    resumed.push(...(await resumeSessions(directory, store, archive, log)));
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await keeper?.stop();
      for (const room of directory.all()) room.classroom.suspend();
      if (records.leasing) {
        // what the classes wrote goes in, then their leases go: another process takes them over now
        const leasing = records.leasing;
        await Promise.all(leasing.held().map((id) => leasing.release(id).catch(() => {})));
      }
      await server.gracefullyShutdown(false);
      await replays.close();
      await scenarios.close();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
      await client?.close();
      await records.close();
    })();
    return closing;
  };

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    publicUrl: publicBaseUrl(config.publicUrl, undefined, { host: config.host, port }),
    directory,
    records,
    archive,
    library,
    log,
    resumed,
    close,
    ...(scaled.publicAddress ? { publicAddress: scaled.publicAddress } : {}),
  };
}

/**
 * Every session the previous run left open (stopped, or killed mid-class) comes back, paused; one that
 * cannot (its record no longer replays) is closed as interrupted, its record kept.
 */
async function resumeSessions(
  directory: SessionDirectory,
  store: SessionRecordWriter,
  archive: MatchReader,
  log: Logger,
): Promise<string[]> {
  const resumed: string[] = [];
  for (const id of await archive.openSessionIds()) {
    try {
      const room = await directory.resume(id);
      resumed.push(room.code);
    } catch (error) {
      store.interrupted(id, directory.context.config.clock.now());
      log.warn(
        { err: error, session: id },
        "a session left open could not be resumed; closed as interrupted",
      );
    }
  }
  if (resumed.length > 0) log.info({ sessions: resumed }, "sessions resumed after a restart");
  return resumed;
}
