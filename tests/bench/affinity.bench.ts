import { performance } from "node:perf_hooks";
import type { Pod } from "../../shared/sim/model/pod.ts";
import { seedRng } from "../../shared/sim/prng.ts";
import { Gi } from "../../shared/sim/quantity.ts";
import { schedulePod } from "../../shared/sim/scheduler/scheduleone.ts";
import { Snapshot } from "../../shared/sim/scheduler/snapshot.ts";
import { makeNode, makePod } from "../sim/scheduler/fixtures.ts";

/**
 * kube-scheduler with inter-pod affinity and topology spread: 5,000 nodes in 3 zones, 10,000 pods of
 * 100 apps, the shapes of scheduler_perf's SchedulingPodAntiAffinity, SchedulingPreferredPodAffinity
 * and TopologySpreading cases mixed: a quarter with required anti-affinity by hostname to their own
 * app, a quarter with preferred affinity by zone to their app, a quarter with a DoNotSchedule zone
 * spread (maxSkew 1), a quarter with a ScheduleAnyway hostname spread; 1,000 pods already placed.
 */
const NODES = 5_000;
const PODS = 10_000;
const EXISTING = 1_000;
const APPS = 100;
const ZONES = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const ZONE = "topology.kubernetes.io/zone";
const HOST = "kubernetes.io/hostname";

function podFor(i: number): Pod {
  const app = `app-${i % APPS}`;
  const selector = { matchLabels: { app } };
  const base = { cpu: "100m", memory: "128Mi", labels: { app } };
  switch (i % 4) {
    case 0:
      return makePod(`pod-${i}`, {
        ...base,
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: HOST }],
          },
        },
      });
    case 1:
      return makePod(`pod-${i}`, {
        ...base,
        affinity: {
          podAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 50, podAffinityTerm: { labelSelector: selector, topologyKey: ZONE } },
            ],
          },
        },
      });
    case 2:
      return makePod(`pod-${i}`, {
        ...base,
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: "DoNotSchedule", labelSelector: selector },
        ],
      });
    default:
      return makePod(`pod-${i}`, {
        ...base,
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: "ScheduleAnyway", labelSelector: selector },
        ],
      });
  }
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function benchAffinity(): Promise<Record<string, number | string>> {
  const snapshot = new Snapshot();
  for (let i = 0; i < NODES; i++) {
    snapshot.setNode(
      makeNode(`node-${String(i).padStart(5, "0")}`, {
        cpu: 8000,
        memory: 32 * Gi,
        labels: { [ZONE]: ZONES[i % ZONES.length] as string },
      }),
    );
  }
  const rng = seedRng(20_240_602);
  let start = 0;
  const place = (pod: Pod): boolean => {
    const result = schedulePod(pod, snapshot, rng, start);
    start = result.nextStartNodeIndex;
    if (!result.ok) return false;
    pod.spec.nodeName = result.node;
    snapshot.addPod(pod);
    return true;
  };
  for (let i = 0; i < EXISTING; i++) place(podFor(PODS + i));
  const pods = Array.from({ length: PODS }, (_, i) => podFor(i));
  const latencies = new Float64Array(PODS);
  let scheduled = 0;
  const began = performance.now();
  for (let i = 0; i < PODS; i++) {
    const t0 = performance.now();
    if (place(pods[i] as Pod)) scheduled++;
    latencies[i] = performance.now() - t0;
  }
  const totalMs = performance.now() - began;
  latencies.sort();
  return {
    nodes: NODES,
    "existing pods": EXISTING,
    pods: PODS,
    scheduled,
    totalMs: Math.round(totalMs),
    podsPerSec: Math.round((PODS / totalMs) * 1000),
    p50Us: Math.round(percentile(latencies, 50) * 1000),
    p99Us: Math.round(percentile(latencies, 99) * 1000),
    maxUs: Math.round(percentile(latencies, 100) * 1000),
    peakRssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}
