import { loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { startServer } from "./startServer.ts";

/**
 * `npm start` / `npm run dev` (with --dev): one process serving the game, the client and the API on one
 * port, the record in ${DATA_DIR}/kubeclass.db. Settings come from environment variables (see
 * config.ts); SIGTERM or SIGINT ends the sessions cleanly and closes the database.
 */
async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  const loaded = loadConfig(process.env, dev);
  if (!loaded.ok) {
    process.stderr.write(
      `kubeclass: invalid configuration\n${loaded.errors.map((e) => `  ${e}\n`).join("")}`,
    );
    process.exit(1);
  }
  const config = loaded.config;
  const log = createLogger(config.logLevel);
  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer(config, log);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const reason =
      err.code === "EADDRINUSE"
        ? `port ${config.port} is already in use (set PORT to another one)`
        : err.code === "EACCES"
          ? `no permission to listen on port ${config.port}`
          : err.message;
    process.stderr.write(`kubeclass: cannot start: ${reason}\n`);
    process.exit(1);
  }
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  process.stdout.write(
    [
      `kubeclass listening on http://${host}:${running.port}${dev ? " (dev mode)" : ""}`,
      `  instructor page:  ${running.publicUrl}/instructor`,
      `  students join at: ${running.publicUrl}`,
      `  match records in: ${running.records.location}`,
      ...(running.publicAddress ? [`  scaled out; this process's rooms at: ${running.publicAddress}`] : []),
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      log.error("shutdown took too long; exiting");
      process.exit(1);
    }, 10_000);
    timer.unref();
    try {
      await running.close();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

await main();
