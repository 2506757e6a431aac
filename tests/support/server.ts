import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig, type ServerConfig } from "../../server/config.ts";
import { type RunningServer, startServer } from "../../server/startServer.ts";

export interface TestServer extends RunningServer {
  dataDir: string;
  config: ServerConfig;
  /** Closes the server and deletes its data directory. */
  stop(): Promise<void>;
}

/**
 * A real server on a loopback port chosen by the OS, with its SQLite file in a fresh temp directory.
 * Timers are short so tests wait milliseconds, not seconds: a 10 ms room loop and patch rate.
 */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), "kubeclass-test-"));
  const config = defaultConfig({
    port: 0,
    host: "127.0.0.1",
    dataDir,
    logLevel: "silent",
    publicUrl: "http://class.example:2567",
    timestepMs: 10,
    patchRateMs: 10,
    joinRateLimit: 10_000,
    dbSync: "normal",
    ...overrides,
  });
  const running = await startServer(config);
  return {
    ...running,
    dataDir,
    config,
    stop: async () => {
      await running.close();
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
