import { performance } from "node:perf_hooks";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { benchCluster } from "./cluster.ts";

/**
 * The engine with the workload controllers at scale: 1,000 nodes (8 CPU / 32 GiB), two DaemonSets (a
 * pod on every node each: 2,000 pods) and 50 Deployments of 560 replicas (28,000 pods), each with a
 * HorizontalPodAutoscaler on CPU; the first five also have a Service with client traffic (every node's
 * kube-proxy keeps rules for each Service's 560 endpoints: fifty such Services would take 1.6 GiB of heap).
 * Measured while the cluster converges, then in steady state (the HPAs reconciling every 15 s, the
 * DaemonSet controller hearing every node's heartbeat).
 */
const NODES = 1_000;
const DEPLOYMENTS = 50;
const REPLICAS = 560;
const SERVED = 5;

function daemonSet(name: string) {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, namespace: "kube-system" },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          tolerations: [{ operator: "Exists" }],
          containers: [
            {
              name,
              image: "busybox:1.37",
              command: ["sleep", "86400"],
              resources: { requests: { cpu: "50m", memory: "64Mi" } },
            },
          ],
        },
      },
    },
  };
}

function deployment(i: number) {
  const app = `app-${i}`;
  // Only the served Deployments get a Service: every node's kube-proxy keeps a rule per endpoint
  // (state.proxies), about 32 MiB of heap per 560-endpoint Service on 1,000 nodes.
  const service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: app },
    spec: { selector: { app }, ports: [{ port: 80 }] },
  };
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: app },
      spec: {
        replicas: REPLICAS,
        selector: { matchLabels: { app } },
        template: {
          metadata: { labels: { app } },
          spec: {
            containers: [
              {
                name: "main",
                image: "nginx:1.27",
                resources: { requests: { cpu: "100m", memory: "128Mi" } },
              },
            ],
          },
        },
      },
    },
    ...(i < SERVED ? [service] : []),
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: app },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: app },
        minReplicas: REPLICAS,
        maxReplicas: REPLICAS * 2,
        metrics: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } },
          },
        ],
      },
    },
  ];
}

export async function benchWorkloads(): Promise<Record<string, number | string>> {
  const t0 = performance.now();
  const engine = createEngine(benchCluster("workloads", NODES, { controlPlaneReplicas: 1 }));
  for (const name of ["log-shipper", "node-exporter"])
    engine.apply("user", { type: "Apply", manifest: daemonSet(name) });
  for (let i = 0; i < DEPLOYMENTS; i++) {
    for (const manifest of deployment(i)) engine.apply("user", { type: "Apply", manifest });
    if (i < SERVED) engine.apply("scenario", { type: "SetTraffic", service: `app-${i}`, rps: 200 });
  }
  const tApply = performance.now();
  const total = NODES * 2 + DEPLOYMENTS * REPLICAS;
  const running = () => {
    let n = 0;
    for (const pod of Object.values(engine.state.pods)) if (pod.status.phase === "Running") n++;
    return n;
  };
  let ticks = 0;
  let slowest = 0;
  const convergeStart = performance.now();
  while (ticks < 6000) {
    const s = performance.now();
    engine.tick();
    slowest = Math.max(slowest, performance.now() - s);
    ticks++;
    if (ticks % 50 === 0 && running() >= total) break;
  }
  const convergeMs = performance.now() - convergeStart;
  const steadyTicks = 600;
  let steadySlowest = 0;
  const steadyStart = performance.now();
  for (let i = 0; i < steadyTicks; i++) {
    const s = performance.now();
    engine.tick();
    steadySlowest = Math.max(steadySlowest, performance.now() - s);
  }
  const steadyMs = performance.now() - steadyStart;
  return {
    nodes: NODES,
    "pods (DaemonSets + Deployments)": total,
    running: running(),
    HPAs: Object.keys(engine.state.horizontalpodautoscalers).length,
    "Services with traffic": SERVED,
    "create and apply (ms)": Math.round(tApply - t0),
    "simulated seconds to all Running": (ticks * 100) / 1000,
    "converge: mean ms per tick": Number((convergeMs / ticks).toFixed(2)),
    "converge: slowest tick (ms)": Number(slowest.toFixed(1)),
    "steady: mean ms per tick": Number((steadyMs / steadyTicks).toFixed(3)),
    "steady: slowest tick (ms)": Number(steadySlowest.toFixed(1)),
    "peak RSS (MiB)": Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}
