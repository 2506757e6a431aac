import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Client, Protocol, type Room } from "@colyseus/sdk";
import { PROJECT_ROOT } from "../../server/startServer.ts";
import { Api, type ClassRoom, joinInstructor, joinStudent, waitFor } from "../support/classroom.ts";
import { cpuSeconds, instrument, percentile, scenarioYaml, startServerProcess } from "./room.bench.ts";

/**
 * `npm run bench -- room-vs-bare`: the game's room beside a bare Colyseus room carrying the same cluster
 * (50 nodes, 500 pods) and the same change stream (Running pods deleted at CHURN_PER_SECOND per class,
 * their ReplicaSets replacing them), at 1 and 10 classes of 41 clients, each server in its own process.
 * Printed per configuration: bytes per client per second, the server's CPU per class, p99 change to
 * screen, and the game's ratio to the bare room. The load generator (every client) runs in this process
 * on the same machine, so its cores are shared with the servers; its own CPU is printed too: at 10
 * classes (410 clients decoding every patch) it is the busiest process, and a client that decodes late
 * sees a change late.
 */
const CLIENTS = 40;
const ROOM_STATE_PATCH = Protocol.ROOM_STATE_PATCH;
const CHURN_PER_SECOND = Number(process.env.BENCH_CHURN ?? 25);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLASSES = (process.env.BENCH_CLASSES ?? "1,10").split(",").map(Number);

interface Figures {
  /** Pod deletions done per second per class (the bare room's are exactly CHURN_PER_SECOND). */
  churn: number;
  bytes: number;
  cpu: number;
  p99: number;
  p50: number;
  /** CPU of this process (every client, the load generator) in % of one core. */
  generator: number;
}

async function measure(
  pid: number,
  meters: { bytes: () => number; reset: () => void }[],
  latencies: number[],
  classes: number,
  deletions?: { count: number },
): Promise<Figures> {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  for (const m of meters) m.reset();
  const deleted0 = deletions?.count ?? 0;
  latencies.length = 0;
  const cpu0 = cpuSeconds(pid);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, MEASURE_SECONDS * 1000));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  const own = process.cpuUsage(own0);
  const perClient = meters.map((m) => m.bytes() / seconds);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    churn: deletions ? (deletions.count - deleted0) / seconds / classes : CHURN_PER_SECOND,
    bytes: perClient.reduce((a, b) => a + b, 0) / perClient.length,
    cpu: (cpu / seconds / classes) * 100,
    p99: percentile(sorted, 99),
    p50: percentile(sorted, 50),
    generator: ((own.user + own.system) / 1e6 / seconds) * 100,
  };
}

async function bare(classes: number): Promise<Figures> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/bare/bareServer.ts"], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], "bare server", 30_000);
  const rooms: Room[] = [];
  try {
    const latencies: number[] = [];
    const meters: ReturnType<typeof instrument>[] = [];
    const options = { scenario: scenarioYaml(), churnPerSecond: CHURN_PER_SECOND, patchRateMs: 50 };
    for (let c = 0; c < classes; c++) {
      const first = await new Client(url).joinOrCreate("bare", { class: c, ...options });
      rooms.push(first);
      const others = await Promise.all(
        Array.from({ length: CLIENTS }, () => new Client(url).joinOrCreate("bare", { class: c, ...options })),
      );
      rooms.push(...others);
      for (const room of others) meters.push(meter(room as unknown as ClassRoom, latencies, bareTickedAt));
    }
    return await measure(child.pid as number, meters, latencies, classes);
  } finally {
    for (const room of rooms) {
      room.reconnection.enabled = false;
      room.removeAllListeners();
    }
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

/**
 * Counts a client's bytes; the first WATCHERS clients of each class also decode every patch and time
 * change-to-screen. The others leave their patches undecoded unless BENCH_DECODE=all: 410 browsers
 * decode on 410 machines, but here every client shares one process with the others and two cores with
 * the servers, and a generator that cannot keep up would time its own backlog, not the server.
 */
const WATCHERS = 2;
let metered = 0;
function meter(
  room: ClassRoom,
  latencies: number[],
  tickedAtOf?: (room: ClassRoom) => number,
): ReturnType<typeof instrument> {
  const watcher = metered++ % CLIENTS < WATCHERS || process.env.BENCH_DECODE === "all";
  if (watcher) return instrument(room, latencies, tickedAtOf);
  let bytes = 0;
  const events = room.connection.events as { onmessage?: (event: MessageEvent) => void };
  const original = events.onmessage;
  events.onmessage = (event: MessageEvent) => {
    const data = event.data as ArrayBuffer;
    bytes += data.byteLength;
    if (new Uint8Array(data)[0] !== ROOM_STATE_PATCH) original?.(event);
  };
  return {
    bytes: () => bytes,
    reset: () => {
      bytes = 0;
    },
  };
}

const bareTickedAt = (room: ClassRoom) => (room.state as unknown as { tickedAt: number }).tickedAt;

async function game(classes: number): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), "kubeclass-bench-"));
  const { child, url } = await startServerProcess(dataDir, { DB_SYNC: "normal" });
  const rooms: ClassRoom[] = [];
  const churns: Promise<void>[] = [];
  let stop = false;
  let unanswered = 0;
  const deletions = { count: 0 };
  const refused = new Map<string, number>();
  try {
    const api = new Api(url);
    const latencies: number[] = [];
    const meters: ReturnType<typeof instrument>[] = [];
    for (let c = 0; c < classes; c++) {
      const created = await api.post<{ code: string; instructorToken: string }>("/api/sessions", {
        files: [{ file: "bench.yaml", text: scenarioYaml() }],
        options: { speed: 10 },
      });
      if (created.status !== 201) throw new Error(`session: ${JSON.stringify(created.body)}`);
      const { code, instructorToken } = created.body;
      const teacher = await joinInstructor(url, code, instructorToken);
      rooms.push(teacher.room);
      const students = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) => joinStudent(url, code, `Student ${i + 1}`)),
      );
      rooms.push(...students.map((s) => s.room));
      await teacher.ask("session.start");
      const running = () =>
        [...teacher.room.state.pods.values()].filter((p) => p.status === "Running").length;
      await waitFor(() => running() >= 500, "500 pods Running", 180_000);
      await teacher.ask("session.speed", { speed: 1 });
      for (const s of students) meters.push(meter(s.room, latencies));
      churns.push(
        (async () => {
          const interval = 1000 / CHURN_PER_SECOND;
          let next = performance.now();
          // deletions are sent at the pace, not one reply after another (the bare room deletes at
          // the pace whatever its clients see), each pod once
          const asked = new Set<string>();
          const inFlight: Promise<void>[] = [];
          while (!stop) {
            const pods = [...teacher.room.state.pods.values()].filter(
              (p) => p.status === "Running" && !asked.has(p.name),
            );
            const pod = pods[Math.floor(Math.random() * pods.length)];
            if (pod) {
              asked.add(pod.name);
              inFlight.push(
                teacher.ask("command", { command: { type: "Delete", kind: "Pod", name: pod.name } }).then(
                  (reply) => {
                    if (reply.ok) deletions.count++;
                    else refused.set(reply.reason, (refused.get(reply.reason) ?? 0) + 1);
                  },
                  () => {
                    unanswered++;
                  },
                ),
              );
            }
            next += interval;
            await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
          }
          await Promise.all(inFlight);
        })(),
      );
    }
    const figures = await measure(child.pid as number, meters, latencies, classes, deletions);
    if (unanswered > 0) console.error(`game, ${classes} classes: ${unanswered} deletions unanswered in 5 s`);
    if (refused.size > 0)
      console.error(`game, ${classes} classes: deletions refused`, Object.fromEntries(refused));
    return figures;
  } finally {
    stop = true;
    await Promise.all(churns);
    for (const room of rooms) room.reconnection.enabled = false;
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    for (const room of rooms) room.removeAllListeners();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchRoomVsBare(): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {
    "pod deletions /s per class": CHURN_PER_SECOND,
    "clients per class": CLIENTS + 1,
  };
  for (const classes of CLASSES) {
    const label = `${classes} class${classes === 1 ? "" : "es"}`;
    out[`${label}: load average before`] = loadavg()[0]?.toFixed(2) ?? "";
    const b = await bare(classes);
    const g = await game(classes);
    out[`${label}: load average after`] = loadavg()[0]?.toFixed(2) ?? "";
    out[`${label}: pod deletions/s per class done, game`] = Number(g.churn.toFixed(1));
    out[`${label}: bytes/s per client, bare`] = Math.round(b.bytes);
    out[`${label}: bytes/s per client, game`] = Math.round(g.bytes);
    out[`${label}: bytes ratio game/bare`] = Number((g.bytes / b.bytes).toFixed(2));
    out[`${label}: CPU % per class, bare`] = Number(b.cpu.toFixed(1));
    out[`${label}: CPU % per class, game`] = Number(g.cpu.toFixed(1));
    out[`${label}: CPU ratio game/bare`] = Number((g.cpu / b.cpu).toFixed(2));
    out[`${label}: change-to-screen p50 ms, bare`] = b.p50;
    out[`${label}: change-to-screen p50 ms, game`] = g.p50;
    out[`${label}: change-to-screen p99 ms, bare`] = b.p99;
    out[`${label}: change-to-screen p99 ms, game`] = g.p99;
    out[`${label}: load generator CPU %, bare run`] = Math.round(b.generator);
    out[`${label}: load generator CPU %, game run`] = Math.round(g.generator);
  }
  return out;
}
