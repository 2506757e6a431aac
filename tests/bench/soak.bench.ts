import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "../../server/startServer.ts";
import {
  cpuSeconds,
  leaveClasses,
  type PacedClass,
  pacedClass,
  rssMiB,
  type ScenarioUpload,
  STUDENTS,
  startServerProcess,
  stopServerProcess,
  summarize,
} from "./classes.ts";

/**
 * Soak: CLASSES classes of 41 clients at a class's pace (classes.ts) against one server on loopback for
 * BENCH_SOAK_MINUTES (default 30), sampling the server's RSS and CPU every BENCH_SAMPLE_SECONDS (30):
 * the memory should level off (the slope over the second half is reported), nothing should fail (the
 * classes' errors and the server's error log are counted), and the classes should keep their pace.
 *
 * `npm run bench -- soak`; BENCH_SOAK_MINUTES, BENCH_SAMPLE_SECONDS, BENCH_CLASSES (10).
 */
const CLASSES = Number(process.env.BENCH_CLASSES ?? 10);
const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 30);
const SAMPLE_SECONDS = Number(process.env.BENCH_SAMPLE_SECONDS ?? 30);

/**
 * The classes play `services`, uploaded with a duration longer than the soak: the built-in one ends at
 * 10 minutes, after which a soak would measure idle rooms.
 */
function servicesOutlastingTheSoak(): ScenarioUpload {
  const text = readFileSync(join(PROJECT_ROOT, "scenarios", "services.yaml"), "utf8");
  const longer = text.replace(/durationSeconds: \d+/, `durationSeconds: ${(MINUTES + 10) * 60}`);
  if (longer === text) throw new Error("scenarios/services.yaml: no durationSeconds to lengthen");
  return { files: [{ file: "services.yaml", text: longer }] };
}

/** The server's heap in use, as /healthz reports it (sampled, so between collections). */
async function heapUsedMiB(url: string): Promise<number> {
  const res = await fetch(`${url}/healthz`);
  return ((await res.json()) as { heapUsedMiB: number }).heapUsedMiB;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export async function benchSoak(): Promise<Record<string, number | string>> {
  const dataDir = mkdtempSync(join(tmpdir(), "kubeclass-soak-"));
  const server = await startServerProcess(dataDir, { JOIN_RATE_LIMIT: "100000", HOST: "127.0.0.1" });
  const classes: PacedClass[] = [];
  const pid = server.child.pid as number;
  const scenario = servicesOutlastingTheSoak();
  try {
    for (let i = 0; i < CLASSES; i++) classes.push(await pacedClass(server.url, `c${i + 1}`, scenario));
    for (const c of classes) c.reset();
    const samples: { minute: number; rss: number; heap: number; cpu: number }[] = [];
    const start = performance.now();
    let cpuBefore = cpuSeconds(pid);
    let at = start;
    while (performance.now() - start < MINUTES * 60_000) {
      await sleep(SAMPLE_SECONDS * 1000);
      const now = performance.now();
      const cpu = cpuSeconds(pid);
      samples.push({
        minute: (now - start) / 60_000,
        rss: rssMiB(pid),
        heap: await heapUsedMiB(server.url),
        cpu: ((cpu - cpuBefore) / ((now - at) / 1000)) * 100,
      });
      const last = samples.at(-1);
      console.error(
        `soak ${last?.minute.toFixed(1)} min: RSS ${last?.rss.toFixed(0)} MiB, heap used ${last?.heap} MiB, CPU ${last?.cpu.toFixed(1)} % of a core`,
      );
      cpuBefore = cpu;
      at = now;
      if (server.child.exitCode !== null) throw new Error(`the server exited (${server.child.exitCode})`);
    }
    const secondHalf = samples.filter((s) => s.minute >= MINUTES / 2);
    const rssSlope = slope(secondHalf.map((s) => ({ x: s.minute, y: s.rss })));
    const heapSlope = slope(secondHalf.map((s) => ({ x: s.minute, y: s.heap })));
    const cpuSlope = slope(secondHalf.map((s) => ({ x: s.minute, y: s.cpu })));
    const figures: Record<string, number | string> = {
      classes: CLASSES,
      "clients per class": STUDENTS + 1,
      minutes: MINUTES,
      ...summarize(classes.map((c) => c.figures())),
      "RSS first sample (MiB)": Math.round(samples[0]?.rss ?? 0),
      "RSS last sample (MiB)": Math.round(samples.at(-1)?.rss ?? 0),
      "RSS max (MiB)": Math.round(Math.max(...samples.map((s) => s.rss))),
      "RSS slope, second half (MiB per 10 min)": Number((rssSlope * 10).toFixed(2)),
      "heap used first / last sample (MiB)": `${samples[0]?.heap} / ${samples.at(-1)?.heap}`,
      "heap used slope, second half (MiB per 10 min)": Number((heapSlope * 10).toFixed(2)),
      "CPU mean (% of a core)": Number((samples.reduce((s, x) => s + x.cpu, 0) / samples.length).toFixed(1)),
      "CPU slope, second half (points per 10 min)": Number((cpuSlope * 10).toFixed(2)),
      "server errors logged": server.stderr.length,
      samples: samples.map((s) => `${s.minute.toFixed(1)}:${s.rss.toFixed(0)}/${s.cpu.toFixed(0)}`).join(" "),
    };
    for (const error of classes.flatMap((c) => c.figures().errors).slice(0, 20))
      console.error(`class error: ${error}`);
    return figures;
  } finally {
    await Promise.all(classes.map((c) => c.stop()));
    await leaveClasses(classes);
    await stopServerProcess(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.table(await benchSoak());
  process.exit(0);
}
