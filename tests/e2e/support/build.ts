import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "vite";
import { PROJECT_ROOT } from "../../../server/startServer.ts";

/**
 * The browser tests run against the real build (what `npm start` serves): built once per change of the
 * sources, and only one worker builds at a time (a lock directory) while the others wait for it.
 */
const DIST = join(PROJECT_ROOT, "dist", "client");
const STAMP = join(DIST, ".built");
const LOCK = join(PROJECT_ROOT, "dist", ".client-build.lock");

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

function fresh(): boolean {
  if (!existsSync(STAMP) || !existsSync(join(DIST, "index.html"))) return false;
  const sources = Math.max(
    newest(join(PROJECT_ROOT, "client")),
    newest(join(PROJECT_ROOT, "shared")),
    statSync(join(PROJECT_ROOT, "vite.config.ts")).mtimeMs,
  );
  return statSync(STAMP).mtimeMs >= sources;
}

export async function ensureClientBuilt(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (fresh()) return;
    try {
      mkdirSync(join(PROJECT_ROOT, "dist"), { recursive: true });
      mkdirSync(LOCK);
    } catch {
      // another worker builds: wait for it (a lock older than two minutes is from a dead process)
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 120_000)
        rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error("timed out waiting for another worker's client build");
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      if (!fresh()) {
        await build({ configFile: join(PROJECT_ROOT, "vite.config.ts"), logLevel: "warn" });
        writeFileSync(STAMP, new Date().toISOString());
      }
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
    return;
  }
}
