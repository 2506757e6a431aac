import { pathToFileURL } from "node:url";
import type { Taint } from "../../shared/sim/model/node.ts";
import type { Pod } from "../../shared/sim/model/pod.ts";
import { seedRng } from "../../shared/sim/prng.ts";
import { Gi, Mi } from "../../shared/sim/quantity.ts";
import { schedulePod } from "../../shared/sim/scheduler/scheduleone.ts";
import { Snapshot } from "../../shared/sim/scheduler/snapshot.ts";
import type { PodOptions } from "../sim/scheduler/fixtures.ts";
import { makeNode, makePod } from "../sim/scheduler/fixtures.ts";

/**
 * kube-scheduler throughput: 10,000 pending pods onto 5,000 nodes, the shape of the upstream
 * scheduler_perf "SchedulingBasic 5000Nodes_10000Pods" case, with a mix of sizes, taints, labels,
 * images, nodeSelectors and tolerations so every plugin does real work. Each placed pod is added to
 * the snapshot before the next cycle, as the scheduler's assume step does.
 */
const NODES = 5000;
const PODS = 10_000;

const SIZES = [
  { cpu: 2000, memory: 4 * Gi },
  { cpu: 4000, memory: 16 * Gi },
  { cpu: 8000, memory: 32 * Gi },
  { cpu: 16_000, memory: 64 * Gi },
];
const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const IMAGES = {
  nginx: { names: ["docker.io/library/nginx:1.27"], sizeBytes: 70 * Mi },
  redis: { names: ["docker.io/library/redis:7"], sizeBytes: 45 * Mi },
  ml: { names: ["ghcr.io/acme/trainer:2.1"], sizeBytes: 1500 * Mi },
};
const GPU_TAINT: Taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
const SPOT_TAINT: Taint = { key: "spot", value: "true", effect: "PreferNoSchedule" };

function buildNodes(): Snapshot {
  const snapshot = new Snapshot();
  for (let i = 0; i < NODES; i++) {
    const taints: Taint[] = [];
    if (i % 20 === 0) taints.push(GPU_TAINT);
    if (i % 10 === 3) taints.push(SPOT_TAINT);
    const images = [];
    if (i % 2 === 0) images.push(IMAGES.nginx);
    if (i % 5 === 1) images.push(IMAGES.redis);
    if (i % 50 === 7) images.push(IMAGES.ml);
    const labels: Record<string, string> = { "topology.kubernetes.io/zone": ZONES[i % 3] as string };
    if (i % 3 === 0) labels.disktype = "ssd";
    snapshot.setNode(
      makeNode(`node-${String(i).padStart(5, "0")}`, {
        ...SIZES[i % SIZES.length],
        pods: 110,
        labels,
        taints,
        images,
        unschedulable: i % 250 === 99,
      }),
    );
  }
  return snapshot;
}

const REQUESTS: { cpu?: string; memory?: string }[] = [
  { cpu: "100m", memory: "128Mi" },
  { cpu: "250m", memory: "256Mi" },
  { cpu: "500m", memory: "512Mi" },
  { cpu: "1", memory: "1Gi" },
  {},
];
const POD_IMAGES = ["nginx:1.27", "redis:7", "ghcr.io/acme/api:3.4", "ghcr.io/acme/trainer:2.1"];

function buildPods(): Pod[] {
  const pods: Pod[] = [];
  for (let i = 0; i < PODS; i++) {
    const options: PodOptions = {
      ...REQUESTS[i % REQUESTS.length],
      image: POD_IMAGES[i % POD_IMAGES.length],
    };
    if (i % 10 === 0) options.nodeSelector = { disktype: "ssd" };
    if (i % 20 === 5)
      options.tolerations = [{ key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" }];
    if (i % 10 === 7) {
      options.nodeAffinity = {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 50,
            preference: {
              matchExpressions: [
                { key: "topology.kubernetes.io/zone", operator: "In", values: ["eu-west-1a"] },
              ],
            },
          },
        ],
      };
    }
    pods.push(makePod(`pod-${i}`, options));
  }
  return pods;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const MiB = 1024 * 1024;

export async function benchScheduler(): Promise<Record<string, number | string>> {
  const snapshot = buildNodes();
  const pods = buildPods();
  const rng = seedRng(20_240_601);
  const latencies = new Float64Array(PODS);
  let peakRss = 0;
  let peakHeap = 0;
  const sampleMemory = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  sampleMemory();

  let start = 0;
  let scheduled = 0;
  let unschedulable = 0;
  const began = performance.now();
  for (let i = 0; i < PODS; i++) {
    const pod = pods[i] as Pod;
    const t0 = performance.now();
    const result = schedulePod(pod, snapshot, rng, start);
    start = result.nextStartNodeIndex;
    if (result.ok) {
      pod.spec.nodeName = result.node;
      snapshot.addPod(pod);
      scheduled++;
    } else {
      unschedulable++;
    }
    latencies[i] = performance.now() - t0;
    if (i % 500 === 0) sampleMemory();
  }
  const totalMs = performance.now() - began;
  sampleMemory();
  latencies.sort();

  await Promise.resolve();
  return {
    nodes: NODES,
    pods: PODS,
    scheduled,
    unschedulable,
    totalMs: Math.round(totalMs),
    podsPerSec: Math.round((PODS / totalMs) * 1000),
    p50Us: Math.round(percentile(latencies, 50) * 1000),
    p99Us: Math.round(percentile(latencies, 99) * 1000),
    maxUs: Math.round(percentile(latencies, 100) * 1000),
    peakRssMiB: Math.round(peakRss / MiB),
    peakHeapMiB: Math.round(peakHeap / MiB),
    node: process.version,
  };
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  const result = await benchScheduler();
  for (const [key, value] of Object.entries(result)) console.log(`${key.padEnd(14)} ${value}`);
}
