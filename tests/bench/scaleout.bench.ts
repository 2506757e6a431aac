import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createDatabase, freePort, type Service, startPostgres, startRedis } from "../support/services.ts";
import {
  type ClassFigures,
  cpuSeconds,
  percentile,
  rssMiB,
  type ServerProcess,
  STUDENTS,
  startServerProcess,
  stopServerProcess,
  summarize,
} from "./classes.ts";

/**
 * Scaled out on this machine: BENCH_CLASSES (50) classes of 41 clients (a teacher, 40 students) at a
 * class's pace (classes.ts: a move a second seen by a classmate, a read every ~8 s per student, 1x),
 * spread over BENCH_PROCESSES (3) kubeclass processes sharing Redis (Colyseus' presence and driver) and
 * PostgreSQL (the record), each class created through the next process's HTTP API. The clients run in
 * BENCH_GENERATORS (2) load-generator processes on the same cores as the servers, Redis and PostgreSQL.
 * Measures move-to-screen (mover's command sent -> watcher's synced state shows it) for BENCH_SECONDS
 * (30) after every class is running. Goal (issue 14): p99 under 100 ms.
 *
 * `npm run bench -- scale-out`; redis-server and PostgreSQL from Debian's packages (the benchmark starts
 * its own, as the tests do).
 */
const CLASSES = Number(process.env.BENCH_CLASSES ?? 50);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 3);
const GENERATORS = Number(process.env.BENCH_GENERATORS ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function generator(first: number, count: number, urls: string[]): Promise<ChildProcess> {
  const child = fork(fileURLToPath(new URL("./scaleoutGenerator.ts", import.meta.url)), [
    String(first),
    String(count),
    urls.join(","),
  ]);
  process.once("exit", () => child.kill("SIGKILL"));
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`a load generator exited with ${code}`)));
  });
}

function ask<T>(child: ChildProcess, type: string, answer?: string): Promise<T | undefined> {
  return new Promise((resolve) => {
    if (!answer) {
      child.send({ type });
      resolve(undefined);
      return;
    }
    const listen = (message: { type: string; figures?: T }) => {
      if (message.type !== answer) return;
      child.off("message", listen);
      resolve(message.figures);
    };
    child.on("message", listen);
    child.send({ type });
  });
}

export async function benchScaleOut(): Promise<Record<string, number | string>> {
  const dirs: string[] = [];
  const [redis, postgres]: [Service, Service] = await Promise.all([startRedis(), startPostgres()]);
  const servers: ServerProcess[] = [];
  const generators: ChildProcess[] = [];
  try {
    const databaseUrl = await createDatabase(postgres, "bench");
    for (let i = 0; i < PROCESSES; i++) {
      const port = await freePort();
      const dataDir = mkdtempSync(join(tmpdir(), "kubeclass-bench-scale-"));
      dirs.push(dataDir);
      servers.push(
        await startServerProcess(dataDir, {
          PORT: String(port),
          REDIS_URL: redis.url,
          DATABASE_URL: databaseUrl,
          PUBLIC_ADDRESS: `127.0.0.1:${port}`,
          // every client comes from loopback here, where a real deployment sees each school's address
          JOIN_RATE_LIMIT: "100000",
        }),
      );
    }
    const urls = servers.map((s) => s.url);
    const per = Math.ceil(CLASSES / GENERATORS);
    const started = performance.now();
    for (let first = 0; first < CLASSES; first += per) {
      generators.push(await generator(first, Math.min(per, CLASSES - first), urls));
    }
    const setupSeconds = (performance.now() - started) / 1000;
    await sleep(3000);
    await Promise.all(generators.map((g) => ask(g, "measure")));
    const pids = servers.map((s) => s.child.pid as number);
    const cpu0 = pids.map(cpuSeconds);
    const gen0 = generators.map((g) => cpuSeconds(g.pid as number));
    const t0 = performance.now();
    await sleep(SECONDS * 1000);
    const seconds = (performance.now() - t0) / 1000;
    const figures = (
      await Promise.all(generators.map((g) => ask<ClassFigures[]>(g, "report", "figures")))
    ).flatMap((f) => f ?? []);
    const serverCpu = pids.map((pid, i) => ((cpuSeconds(pid) - (cpu0[i] as number)) / seconds) * 100);
    const genCpu = generators.map(
      (g, i) => ((cpuSeconds(g.pid as number) - (gen0[i] as number)) / seconds) * 100,
    );
    const health = await Promise.all(
      urls.map(
        async (url) =>
          (await (await fetch(`${url}/healthz`)).json()) as {
            sessions: number;
            record: Record<string, number>;
          },
      ),
    );
    const rooms = health.map((h) => h.sessions);
    const commits = health.map((h) => h.record);
    return {
      classes: CLASSES,
      "clients per class": STUDENTS + 1,
      processes: PROCESSES,
      "classes per process": rooms.join(" / "),
      "load generators": `${GENERATORS} Node processes (SDK clients), same ${cpus().length} cores`,
      "setup (s)": Math.round(setupSeconds),
      ...summarize(figures),
      "command round trip p50 (ms)": Math.round(
        percentile(
          figures.flatMap((f) => f.roundTrips),
          50,
        ),
      ),
      "servers' CPU % of one core": serverCpu.map((c) => c.toFixed(1)).join(" / "),
      "generators' CPU % of one core": genCpu.map((c) => c.toFixed(1)).join(" / "),
      "servers' RSS (MiB)": pids.map((pid) => Math.round(rssMiB(pid))).join(" / "),
      "group commit p50 / p99 / max (ms), per process": commits
        .map((c) => `${c.batchP50Ms} / ${c.batchP99Ms} / ${c.batchMaxMs}`)
        .join(" | "),
      "group commits per second (all processes)": Math.round(
        commits.reduce((n, c) => n + (c.batches ?? 0), 0) / ((performance.now() - started) / 1000),
      ),
      "load average (1 min)": loadavg()[0]?.toFixed(2) ?? "",
    };
  } finally {
    await Promise.all(generators.map((g) => ask(g, "stop")));
    await Promise.all(
      generators.map((g) => Promise.race([new Promise((r) => g.once("exit", r)), sleep(10_000)])),
    );
    for (const g of generators) g.kill("SIGKILL");
    for (const server of servers) await stopServerProcess(server);
    await Promise.all([redis.stop(), postgres.stop()]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.table(await benchScaleOut());
  process.exit(0);
}
