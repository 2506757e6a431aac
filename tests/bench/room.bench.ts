import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "../../server/startServer.ts";
import { Api, type ClassRoom, joinInstructor, joinStudent, waitFor } from "../support/classroom.ts";

/**
 * The classroom room under a class: 50 nodes and 500 pods (10 Deployments of 50), 40 SDK clients and the
 * instructor, the server in its own process (npm start's entry point) so its CPU is measured alone.
 * After the pods are Running, the instructor deletes pods at CHURN_PER_SECOND (their ReplicaSets
 * replace them: deletion, a new Pending pod, bind, start, Ready) through the recorded command path, at
 * 1x speed. Measured over MEASURE_SECONDS:
 * - bytes per second received by each client (message sizes: Node's WebSocket has no byte counters);
 * - the server process's CPU (utime + stime from /proc) as a percentage of one core;
 * - change-to-client latency: from the server finishing a tick (session.tickedAt, same machine clock)
 *   to a client having decoded the patch that carries it.
 */
const NODES = 50;
const DEPLOYMENTS = 10;
const REPLICAS = 50;
const CLIENTS = 40;
const CHURN_PER_SECOND = Number(process.env.BENCH_CHURN ?? 25);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLK_TCK = 100;

export function scenarioYaml(): string {
  const docs = [
    `apiVersion: kubeclass.dev/v1\nkind: Scenario\nmetadata: { name: bench-50x500 }\nspec: { title: "Bench: 50 nodes, 500 pods", seed: 1 }`,
  ];
  for (let i = 1; i <= NODES; i++) {
    docs.push(`apiVersion: v1
kind: Node
metadata: { name: node-${i} }
status:
  capacity: { cpu: "16", memory: 64Gi, pods: "110" }
  allocatable: { cpu: "16", memory: 64Gi, pods: "110" }`);
  }
  for (let d = 1; d <= DEPLOYMENTS; d++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: { name: app-${d} }
spec:
  replicas: ${REPLICAS}
  selector: { matchLabels: { app: app-${d} } }
  template:
    metadata: { labels: { app: app-${d} } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources: { requests: { cpu: 100m, memory: 128Mi } }`);
  }
  return `${docs.join("\n---\n")}\n`;
}

export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export async function startServerProcess(
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      BOT_PACE: "instant",
      MESSAGE_RATE: "1000",
      MESSAGE_BURST: "1000",
      JOIN_RATE_LIMIT: "100000",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  const port = await waitFor(
    () => /listening on http:\/\/[^:]+:(\d+)/.exec(output)?.[1],
    "server start",
    30_000,
  );
  return { child, url: `http://127.0.0.1:${port}` };
}

/** Counts the bytes a client receives and the latency of each patch that brings a new tick. */
export function instrument(
  room: ClassRoom,
  latencies: number[],
  tickedAtOf: (room: ClassRoom) => number = (r) => r.state.session.tickedAt,
): { bytes: () => number; reset: () => void } {
  let bytes = 0;
  let lastTickedAt = 0;
  const events = room.connection.events as { onmessage?: (event: MessageEvent) => void };
  const original = events.onmessage;
  events.onmessage = (event: MessageEvent) => {
    bytes += (event.data as ArrayBuffer).byteLength;
    original?.(event);
    const tickedAt = tickedAtOf(room);
    if (tickedAt !== lastTickedAt) {
      if (lastTickedAt !== 0) latencies.push(Date.now() - tickedAt);
      lastTickedAt = tickedAt;
    }
  };
  return {
    bytes: () => bytes,
    reset: () => {
      bytes = 0;
    },
  };
}

export async function benchRoom(): Promise<Record<string, number | string>> {
  const dataDir = mkdtempSync(join(tmpdir(), "kubeclass-bench-"));
  const { child, url } = await startServerProcess(dataDir);
  const rooms: ClassRoom[] = [];
  try {
    const api = new Api(url);
    const created = await api.post<{ code: string; instructorToken: string }>("/api/sessions", {
      files: [{ file: "bench.yaml", text: scenarioYaml() }],
      options: { speed: 10 },
    });
    if (created.status !== 201) throw new Error(`session: ${JSON.stringify(created.body)}`);
    const { code, instructorToken } = created.body;
    const teacher = await joinInstructor(url, code, instructorToken);
    rooms.push(teacher.room);
    const joinStarted = performance.now();
    const students = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) => joinStudent(url, code, `Student ${i + 1}`)),
    );
    const joinSeconds = (performance.now() - joinStarted) / 1000;
    rooms.push(...students.map((s) => s.room));

    await teacher.ask("session.start");
    const running = () => [...teacher.room.state.pods.values()].filter((p) => p.status === "Running").length;
    await waitFor(() => running() >= DEPLOYMENTS * REPLICAS, "500 pods Running", 120_000);
    await teacher.ask("session.speed", { speed: 1 });

    const latencies: number[] = [];
    const meters = students.map((s) => instrument(s.room, latencies));
    let commands = 0;
    let refused = 0;
    let stop = false;
    const churn = (async () => {
      const interval = 1000 / CHURN_PER_SECOND;
      let next = performance.now();
      while (!stop) {
        const pods = [...teacher.room.state.pods.values()].filter((p) => p.status === "Running");
        const pod = pods[Math.floor(Math.random() * pods.length)];
        if (pod) {
          const reply = await teacher.ask("command", {
            command: { type: "Delete", kind: "Pod", name: pod.name },
          });
          commands++;
          if (!reply.ok) refused++;
        }
        next += interval;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
      }
    })();
    let events = 0;
    const seenEvents = new Set<string>();
    const eventCounter = setInterval(() => {
      for (const key of students[0]?.room.state.events.keys() ?? []) {
        if (!seenEvents.has(key)) {
          seenEvents.add(key);
          events++;
        }
      }
    }, 50);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const m of meters) m.reset();
    latencies.length = 0;
    events = 0;
    const cpu0 = cpuSeconds(child.pid as number);
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, MEASURE_SECONDS * 1000));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(child.pid as number) - cpu0;
    stop = true;
    clearInterval(eventCounter);
    await churn;
    const perClient = meters.map((m) => m.bytes() / seconds);
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      nodes: NODES,
      pods: DEPLOYMENTS * REPLICAS,
      clients: CLIENTS,
      "join 40 clients (s)": Number(joinSeconds.toFixed(2)),
      "measured (s)": Number(seconds.toFixed(1)),
      "pod deletions /s (recorded commands)": Number((commands / (seconds + 1)).toFixed(1)),
      "refused deletions": refused,
      "cluster events /s": Number((events / seconds).toFixed(1)),
      "bytes/s per client (mean)": Math.round(perClient.reduce((a, b) => a + b, 0) / perClient.length),
      "bytes/s per client (max)": Math.round(Math.max(...perClient)),
      "server CPU % of one core": Number(((cpu / seconds) * 100).toFixed(1)),
      "change-to-client p50 (ms)": percentile(sorted, 50),
      "change-to-client p99 (ms)": percentile(sorted, 99),
      "latency samples": sorted.length,
    };
  } finally {
    for (const room of rooms) room.reconnection.enabled = false;
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    for (const room of rooms) room.removeAllListeners();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.table(await benchRoom());
  process.exit(0);
}
