import { performance } from "node:perf_hooks";
import type { Scenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { benchCluster } from "./cluster.ts";

/**
 * The engine's cost per tick on a big cluster: 1,000 nodes (8 CPU / 32 Gi) and 30,000 pods (a mix of
 * servers and sleeping batch pods over four images), measured while the cluster converges and then in
 * steady state, with peak memory. Run: npx tsx tests/bench/engine.bench.ts
 */
const NODES = 1_000;
const PODS = 30_000;
const IMAGES = ["nginx:1.27", "redis:7.4", "busybox:1.37", "httpd:2.4"];

function scenario(nodes = NODES): Scenario {
  return benchCluster("bench", nodes, { controlPlaneReplicas: 1 });
}

function podManifest(i: number) {
  const image = IMAGES[i % IMAGES.length] as string;
  const batch = image.startsWith("busybox");
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: `pod-${i}`, labels: { app: `app-${i % 50}` } },
    spec: {
      containers: [
        {
          name: "main",
          image,
          ...(batch ? { command: ["sleep", "86400"] } : {}),
          resources: { requests: { cpu: "100m", memory: "128Mi" } },
        },
      ],
    },
  };
}

export async function benchEngine(): Promise<Record<string, number | string>> {
  const t0 = performance.now();
  const engine = createEngine(scenario());
  const tCreate = performance.now();
  for (let i = 0; i < PODS; i++) engine.apply("user", { type: "Apply", manifest: podManifest(i) });
  const tApply = performance.now();
  let peakRss = process.memoryUsage().rss;
  const running = () => {
    let n = 0;
    for (const pod of Object.values(engine.state.pods)) if (pod.status.phase === "Running") n++;
    return n;
  };
  let convergeTicks = 0;
  const convergeStart = performance.now();
  let slowest = 0;
  while (convergeTicks < 3000) {
    const s = performance.now();
    engine.tick();
    slowest = Math.max(slowest, performance.now() - s);
    convergeTicks++;
    if (convergeTicks % 50 === 0) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (running() === PODS) break;
    }
  }
  const convergeMs = performance.now() - convergeStart;
  const steadyTicks = 600;
  const steadyStart = performance.now();
  for (let i = 0; i < steadyTicks; i++) engine.tick();
  const steadyMs = performance.now() - steadyStart;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const hashStart = performance.now();
  engine.hash();
  const hashMs = performance.now() - hashStart;
  const snapStart = performance.now();
  engine.snapshotState();
  const snapshotMs = performance.now() - snapStart;
  return {
    nodes: NODES,
    pods: PODS,
    running: running(),
    "create cluster (ms)": Math.round(tCreate - t0),
    "apply 30,000 pods (ms)": Math.round(tApply - tCreate),
    "simulated seconds to all Running": (convergeTicks * 100) / 1000,
    "converge: mean ms per tick": Number((convergeMs / convergeTicks).toFixed(2)),
    "converge: slowest tick (ms)": Number(slowest.toFixed(1)),
    "steady: mean ms per tick": Number((steadyMs / steadyTicks).toFixed(3)),
    "state hash (ms)": Math.round(hashMs),
    "snapshot (ms)": Math.round(snapshotMs),
    "peak RSS (MiB)": Math.round(peakRss / 2 ** 20),
    "heap used (MiB)": Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  };
}

/**
 * The scheduler bot inside the engine: 10,000 pending pods on 5,000 nodes, placed in one tick through
 * the whole path (queue, scheduling cycle, binding through the API server, Scheduled events).
 */
export async function benchSchedulerBot(): Promise<Record<string, number | string>> {
  const engine = createEngine(scenario(5_000));
  for (let i = 0; i < 10_000; i++) engine.apply("user", { type: "Apply", manifest: podManifest(i) });
  const start = performance.now();
  engine.tick();
  const ms = performance.now() - start;
  const bound = Object.values(engine.state.pods).filter((p) => p.spec.nodeName).length;
  return {
    nodes: 5_000,
    "pending pods": 10_000,
    "bound in one tick": bound,
    "tick (ms)": Math.round(ms),
    "pods/s": Math.round((bound / ms) * 1000),
    "peak RSS (MiB)": Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchSchedulerBot()
    .then((figures) => console.table(figures))
    .then(() => benchEngine())
    .then((figures) => console.table(figures));
}
