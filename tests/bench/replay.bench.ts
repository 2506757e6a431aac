import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { MatchLog, MatchRecorder } from "../../shared/replay/recorder.ts";
import { Replay } from "../../shared/replay/replay.ts";
import { scenarioOf } from "../../shared/scenario/load.ts";
import type { DecodedObject } from "../../shared/sim/api/decode.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { kubeletPlan } from "../../shared/sim/kubelet/actions.ts";

/**
 * A 60-minute class of 40: 20 workers each played by a student kubelet (heartbeats, pulls, starts),
 * four students taking turns as the scheduler, the rest at kubectl scaling and updating three
 * Deployments, the instructor failing and recovering nodes. Measures the record's size, the time to
 * load a replay (re-simulate and verify every hash, build keyframes) and the time to seek.
 * Run: npx tsx tests/bench/replay.bench.ts
 */
const NODES = 20;
const MINUTES = 60;

function scenario() {
  const objects: DecodedObject[] = [];
  for (let i = 1; i <= NODES; i++) {
    objects.push({
      kind: "Node",
      metadata: { name: `worker-${i}`, labels: {}, annotations: {} },
      spec: { unschedulable: false, taints: [] },
      capacity: { cpu: 4000, memory: 8 * 1024 ** 3, pods: 110 },
      machine: {},
    });
  }
  return scenarioOf({
    name: "class-of-40",
    objects,
    traffic: [{ service: "web", namespace: "default", rps: 50 }],
  });
}

const deployment = (name: string, replicas: number, image: string) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: "app", image, resources: { requests: { cpu: "100m" } } }] },
    },
  },
});

function playClass(): { log: MatchLog; engine: Engine; wallMs: number } {
  const engine = createEngine(scenario(), { seed: 40 });
  const log = new MatchLog();
  const recorder = new MatchRecorder(engine, log);
  const start = performance.now();
  recorder.apply("instructor", { type: "Apply", manifest: deployment("web", 30, "nginx:1.26") });
  recorder.apply("instructor", {
    type: "Apply",
    manifest: {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: { selector: { app: "web" }, ports: [{ port: 80 }] },
    },
  });
  recorder.apply("instructor", { type: "Apply", manifest: deployment("api", 20, "node:22-alpine") });
  recorder.apply("instructor", { type: "Apply", manifest: deployment("cache", 10, "redis:7.4") });
  for (let i = 1; i <= NODES; i++)
    recorder.apply("instructor", { type: "SetDriver", seat: `kubelet:worker-${i}`, driver: "human" });
  recorder.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" });
  const players = Array.from({ length: 40 }, (_, i) => `student-${i + 1}`);
  const images = ["nginx:1.26", "nginx:1.27"];
  for (let tick = 0; tick < MINUTES * 600; tick++) {
    const now = engine.state.tick;
    // Kubelet students: a heartbeat every 10 s, and the next pull or start every 2 s.
    for (let i = 1; i <= NODES; i++) {
      const node = `worker-${i}`;
      const player = players[i - 1];
      if ((now + i * 7) % 100 === 0) recorder.apply(`kubelet:${node}`, { type: "RenewLease", node }, player);
      if ((now + i * 3) % 20 === 0) {
        const action = kubeletPlan(engine, node)[0];
        if (action) recorder.apply(`kubelet:${node}`, { ...action }, player);
      }
    }
    // Scheduler students: bind the oldest pending pod every 1.5 s, to the node with the fewest pods.
    if (now % 15 === 0) {
      const pending = Object.values(engine.state.pods).find(
        (p) => !p.spec.nodeName && p.status.phase === "Pending",
      );
      if (pending) {
        const counts = Object.keys(engine.state.nodes).map((n) => [n, engine.podsOnNode(n).length] as const);
        const [node] = counts.sort((a, b) => a[1] - b[1])[0] ?? ["worker-1"];
        recorder.apply(
          "scheduler",
          { type: "Bind", pod: pending.metadata.name, node },
          players[20 + ((now / 15) % 4)],
        );
      }
    }
    // kubectl students: a scale or an image update every 20 s.
    if (now % 200 === 100) {
      const player = players[24 + ((now / 200) % 16)];
      if ((now / 200) % 3 === 0)
        recorder.apply(
          "user",
          {
            type: "SetImage",
            kind: "deployment",
            name: "web",
            container: "app",
            image: images[(now / 600) % 2] as string,
          },
          player,
        );
      else
        recorder.apply(
          "user",
          { type: "Scale", kind: "deployment", name: "cache", replicas: 8 + ((now / 200) % 5) },
          player,
        );
    }
    // The instructor: a node failure every 15 minutes, recovered 5 minutes later.
    if (now % 9000 === 3000)
      recorder.apply("instructor", { type: "FailNode", node: `worker-${1 + ((now / 9000) % NODES)}` });
    if (now % 9000 === 6000)
      recorder.apply("instructor", {
        type: "RecoverNode",
        node: `worker-${1 + (((now - 3000) / 9000) % NODES)}`,
      });
    recorder.tick();
  }
  return { log, engine, wallMs: performance.now() - start };
}

export async function benchReplay(): Promise<Record<string, number | string>> {
  const { log, engine, wallMs } = playClass();
  const record = log.toRecord(engine, {
    id: "bench",
    scenario: { name: "class-of-40", title: "class of 40" },
    scenarioFiles: [
      { file: "generated.yaml", text: "# scenario built in code by tests/bench/replay.bench.ts\n" },
    ],
    createdAt: "2026-11-21T09:00:00Z",
    players: Array.from({ length: 40 }, (_, i) => ({ id: `student-${i + 1}`, nickname: `Student ${i + 1}` })),
    occupancy: [],
  });
  const json = JSON.stringify(record);
  const loadStart = performance.now();
  // The scenario was built in code, so the replay gets the same engine start directly.
  const replay = Replay.fromEngine(record, createEngine(scenario(), { seed: 40 }));
  const mismatches = replay.prepare();
  const loadMs = performance.now() - loadStart;
  const seeks: number[] = [];
  let x = 12345;
  for (let i = 0; i < 60; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    const target = x % record.endTick;
    const t = performance.now();
    replay.seek(target);
    seeks.push(performance.now() - t);
  }
  seeks.sort((a, b) => a - b);
  const pct = (p: number) =>
    Number((seeks[Math.min(seeks.length - 1, Math.floor(p * seeks.length))] ?? 0).toFixed(1));
  return {
    "match length (simulated min)": MINUTES,
    players: 40,
    pods: Object.keys(engine.state.pods).length,
    "commands recorded": record.commands.length,
    "live match, wall (ms)": Math.round(wallMs),
    "record size (KiB, JSON)": Math.round(json.length / 1024),
    "record size (KiB, gzip)": Math.round(gzipSync(json).length / 1024),
    "hash checkpoints": record.checkpoints.length,
    "hash mismatches": mismatches.length,
    "load replay: re-simulate + verify + keyframes (ms)": Math.round(loadMs),
    "seek p50 (ms)": pct(0.5),
    "seek p95 (ms)": pct(0.95),
    "seek max (ms)": Number((seeks.at(-1) ?? 0).toFixed(1)),
    "peak RSS (MiB)": Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) benchReplay().then((f) => console.table(f));
