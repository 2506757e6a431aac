import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { matchMaker, Server } from "@colyseus/core";
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
import { publicBaseUrl } from "./http/publicUrl.ts";
import { createLogger } from "./log.ts";
import { ReplayPool } from "./replay/ReplayPool.ts";
import { ClassroomRoom, type ClassroomRoomOptions } from "./rooms/ClassroomRoom.ts";
import { ScenarioCatalog } from "./scenarios/ScenarioCatalog.ts";
import { ScenarioPool } from "./scenarios/ScenarioPool.ts";
import { CLASSROOM_ROOM, SessionDirectory } from "./sessions/SessionDirectory.ts";
import { MatchArchive } from "./storage/MatchArchive.ts";
import { MatchDatabase } from "./storage/MatchDatabase.ts";
import { MatchLibrary } from "./storage/MatchLibrary.ts";
import { SessionStore } from "./storage/SessionStore.ts";

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
  database: MatchDatabase;
  archive: MatchArchive;
  library: MatchLibrary;
  log: Logger;
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

/** Starts everything on one port: Colyseus rooms, the HTTP API, the client, the SQLite record. */
export async function startServer(config: ServerConfig, logger?: Logger): Promise<RunningServer> {
  const log = logger ?? createLogger(config.logLevel);
  Encoder.BUFFER_SIZE = Math.max(Encoder.BUFFER_SIZE, ENCODER_BUFFER_BYTES);

  const database = MatchDatabase.open(config.dataDir, { sync: config.dbSync });
  const store = new SessionStore(database);
  const archive = new MatchArchive(database);
  const library = new MatchLibrary(database, archive);
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
    },
    async (sessionKey) => (await matchMaker.createRoom(CLASSROOM_ROOM, { sessionKey })).roomId,
  );

  const httpServer = createServer();
  const transport = new WebSocketTransport({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  transport.attachToServer(httpServer, { filter: (req) => !isViteUpgrade(req) });

  let port = config.port;
  let client: ClientApp | undefined;
  const server = new Server({
    transport,
    greet: false,
    gracefullyShutdown: false,
    logger: log.child({ component: "colyseus" }),
    express: async (app) => {
      app.disable("x-powered-by");
      app.get("/healthz", healthHandler(config, directory));
      app.use("/api", createApiRouter({ directory, port: () => port }));
      client = await mountClient(app, { dev: config.dev, root: PROJECT_ROOT, httpServer, log });
    },
  });
  // the directory rides in the room type's default options, which override anything a client sends
  server.define(CLASSROOM_ROOM, ClassroomRoom, { directory } as ClassroomRoomOptions);

  try {
    await server.listen(config.port, config.host);
  } catch (error) {
    database.close();
    await Promise.all([replays.close(), scenarios.close()]);
    throw error;
  }
  port = (httpServer.address() as AddressInfo).port;
  const resumed = await resumeSessions(directory, store, archive, log);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const room of directory.all()) room.classroom.suspend();
      await server.gracefullyShutdown(false);
      await replays.close();
      await scenarios.close();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
      await client?.close();
      database.close();
    })();
    return closing;
  };

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    publicUrl: publicBaseUrl(config.publicUrl, undefined, { host: config.host, port }),
    directory,
    database,
    archive,
    library,
    log,
    resumed,
    close,
  };
}

/**
 * Every session the previous run left open (stopped, or killed mid-class) comes back, paused; one that
 * cannot (its record no longer replays) is closed as interrupted, its record kept.
 */
async function resumeSessions(
  directory: SessionDirectory,
  store: SessionStore,
  archive: MatchArchive,
  log: Logger,
): Promise<string[]> {
  const resumed: string[] = [];
  for (const id of archive.openSessionIds()) {
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
