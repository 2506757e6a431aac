import { performance } from "node:perf_hooks";
import type { Scenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { benchCluster } from "./cluster.ts";

/**
 * A 1,000-node cluster loses 100 nodes at once. Twenty Deployments of 500 nginx replicas (10,000 pods)
 * run on it. Measures the simulated time until every Deployment has all its replicas available again
 * (node lifecycle: 40 s grace, NoExecute taints at 0.1 node/s, 300 s tolerations, rescheduling, pulls)
 * and the engine's cost per tick while it reconciles. Run: npx tsx tests/bench/failover.bench.ts
 */
const NODES = 1_000;
const DEPLOYMENTS = 20;
const REPLICAS = 500;
const FAILED = 100;

function scenario(): Scenario {
  return benchCluster("failover", NODES, { controlPlaneReplicas: 3 });
}

function deployment(i: number) {
  const labels = { app: `app-${i}` };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: `app-${i}` },
    spec: {
      replicas: REPLICAS,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: "web", image: "nginx:1.27", resources: { requests: { cpu: "100m", memory: "128Mi" } } },
          ],
        },
      },
    },
  };
}

function allAvailable(engine: Engine): boolean {
  return Object.values(engine.state.deployments).every(
    (d) => d.status.availableReplicas === REPLICAS && d.status.replicas === REPLICAS,
  );
}

export async function benchFailover(): Promise<Record<string, number | string>> {
  const engine = createEngine(scenario());
  for (let i = 0; i < DEPLOYMENTS; i++) engine.apply("user", { type: "Apply", manifest: deployment(i) });
  const setupStart = performance.now();
  while (!allAvailable(engine)) engine.tick();
  const setupMs = performance.now() - setupStart;
  engine.runFor(20_000);
  const victims = Object.keys(engine.state.nodes).sort().slice(0, FAILED);
  const podsLost = Object.values(engine.state.pods).filter((p) =>
    victims.includes(p.spec.nodeName ?? ""),
  ).length;
  for (const node of victims) engine.apply("instructor", { type: "FailNode", node });
  const failedAt = engine.now;
  let ticks = 0;
  let slowest = 0;
  let unknownAt: number | undefined;
  let allTaintedAt: number | undefined;
  const start = performance.now();
  do {
    const t = performance.now();
    engine.tick();
    slowest = Math.max(slowest, performance.now() - t);
    ticks++;
    if (
      unknownAt === undefined &&
      victims.every((n) =>
        engine.state.nodes[n]?.status.conditions.some((c) => c.type === "Ready" && c.status === "Unknown"),
      )
    ) {
      unknownAt = engine.now;
    }
    if (
      allTaintedAt === undefined &&
      victims.every((n) => engine.state.nodes[n]?.spec.taints.some((t) => t.effect === "NoExecute"))
    ) {
      allTaintedAt = engine.now;
    }
  } while (!(allTaintedAt !== undefined && allAvailable(engine)) && ticks < 30_000);
  const wall = performance.now() - start;
  return {
    nodes: NODES,
    pods: DEPLOYMENTS * REPLICAS,
    "nodes failed": FAILED,
    "pods on failed nodes": podsLost,
    "initial rollout, wall (ms)": Math.round(setupMs),
    "all failed nodes Unknown after (s)": unknownAt === undefined ? "never" : (unknownAt - failedAt) / 1000,
    "last NoExecute taint after (s)": allTaintedAt === undefined ? "never" : (allTaintedAt - failedAt) / 1000,
    "all Deployments fully available again after (s)": (engine.now - failedAt) / 1000,
    "reconcile: mean ms per tick": Number((wall / ticks).toFixed(3)),
    "reconcile: slowest tick (ms)": Number(slowest.toFixed(1)),
    "peak RSS (MiB)": Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) benchFailover().then((f) => console.table(f));
