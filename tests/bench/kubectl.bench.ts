import { performance } from "node:perf_hooks";
import { kubectl } from "../../shared/kubectl/kubectl.ts";
import type { Scenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { benchCluster } from "./cluster.ts";

/**
 * kubectl's output generation on a big cluster: 1,000 nodes and 30,000 Running pods (the engine
 * benchmark's cluster), timing `kubectl get pods -A` and `-o wide` (listing, sorting, STATUS logic,
 * the tabwriter) as the median of a few runs, with the size of what they print.
 * Run: npx tsx tests/bench/kubectl.bench.ts
 */
const NODES = 1_000;
const PODS = 30_000;
const RUNS = 5;
const IMAGES = ["nginx:1.27", "redis:7.4", "busybox:1.37", "httpd:2.4"];

function scenario(): Scenario {
  return benchCluster("bench", NODES);
}

function podManifest(i: number) {
  const image = IMAGES[i % IMAGES.length] as string;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `pod-${i}`,
      namespace: i % 3 === 0 ? "kube-system" : "default",
      labels: { app: `app-${i % 50}` },
    },
    spec: {
      containers: [
        {
          name: "main",
          image,
          ...(image.startsWith("busybox") ? { command: ["sleep", "86400"] } : {}),
          resources: { requests: { cpu: "100m", memory: "128Mi" } },
        },
      ],
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function benchKubectl(): Promise<Record<string, number | string>> {
  const engine = createEngine(scenario());
  for (let i = 0; i < PODS; i++) engine.apply("user", { type: "Apply", manifest: podManifest(i) });
  const running = () => Object.values(engine.state.pods).filter((p) => p.status.phase === "Running").length;
  for (let t = 0; t < 600 && (t % 50 !== 0 || running() < PODS); t++) engine.tick();
  const figures: Record<string, number | string> = { nodes: NODES, pods: PODS, running: running() };
  for (const line of ["get pods -A", "get pods -A -o wide", "get pods -A -l app=app-7"]) {
    const times: number[] = [];
    let stdout = "";
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      stdout = kubectl(engine, line).stdout;
      times.push(performance.now() - start);
    }
    figures[`${line}: median ms`] = Number(median(times).toFixed(1));
    figures[`${line}: output KiB`] = Math.round(stdout.length / 1024);
    figures[`${line}: lines`] = stdout.split("\n").length - 1;
  }
  figures["peak RSS (MiB)"] = Math.round(process.memoryUsage().rss / 2 ** 20);
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchKubectl().then((figures) => console.table(figures));
}
