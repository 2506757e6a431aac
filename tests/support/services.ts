import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Redis and PostgreSQL for the scale-out tests, from the distribution's packages (`apt-get install
 * redis-server postgresql`; .ci/run does it): each test file starts its own instances on loopback ports
 * in a temp directory and stops them afterwards. When the servers are not installed the tests that need
 * them are skipped, except under CI (CI=true), where that is a failure.
 */
export interface Service {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const PG_ROOT = "/usr/lib/postgresql";

function postgresBin(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((v) => existsSync(join(PG_ROOT, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(PG_ROOT, versions[0], "bin") : undefined;
}

function onPath(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Whether this machine can run the scale-out tests (Redis and PostgreSQL installed). */
export const servicesInstalled = onPath("redis-server") && postgresBin() !== undefined;

if (!servicesInstalled && process.env.CI) {
  throw new Error(
    "the scale-out tests need redis-server and PostgreSQL: apt-get install redis-server postgresql",
  );
}

/** A free loopback port (the OS picks it; a listener released just before is rarely taken meanwhile). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), 30_000);
    const seen = (chunk: Buffer) => {
      output += chunk;
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", seen);
    child.stderr?.on("data", seen);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${output}`));
    });
  });
}

export async function startRedis(): Promise<Service> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kubeclass-redis-"));
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await waitForOutput(child, /Ready to accept connections/, "redis-server");
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A throwaway PostgreSQL cluster (initdb, trust authentication on loopback, fsync on as in production).
 * PostgreSQL refuses to run as root: as root, it runs as the `postgres` user the package creates.
 */
export async function startPostgres(): Promise<Service> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (apt-get install postgresql)");
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kubeclass-pg-"));
  const asRoot = process.getuid?.() === 0;
  let run = (command: string, args: string[]) => spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
    // as the postgres user by the process's own uid and gid (no runuser, which lives in sbin, off some PATHs)
    run = (command, args) => spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], uid, gid });
  }
  const data = join(dir, "data");
  const init = run(join(bin, "initdb"), [
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    "kubeclass",
    "-E",
    "UTF8",
    "--no-sync",
  ]);
  const initialised = await new Promise<number | null>((resolve) => init.on("exit", resolve));
  if (initialised !== 0) throw new Error(`initdb failed (${initialised})`);
  const child = run(join(bin, "postgres"), [
    "-D",
    data,
    "-p",
    String(port),
    "-k",
    dir,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "max_connections=200",
    "-c",
    "shared_buffers=32MB",
  ]);
  await waitForOutput(child, /database system is ready to accept connections/, "postgres");
  return {
    url: `postgres://kubeclass@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      await stopChild(child, "SIGINT");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database in a running cluster: each test gets its own record. */
export async function createDatabase(server: Service, name: string): Promise<string> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return server.url.replace(/\/postgres$/, `/${name}`);
}
