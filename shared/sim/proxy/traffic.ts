import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { ProxyBackend, ServiceTraffic, TrafficBucket } from "../model/traffic.ts";
import { nextFloat, nextInt } from "../prng.ts";

/**
 * Client traffic to Services: each request enters the cluster at a Ready node (the load balancer's view),
 * that node's kube-proxy picks a backend from its rules (iptables: uniformly at random; IPVS: round
 * robin), and the request succeeds only if that pod is really there, running and reachable. Results are
 * kept per second for the last hour: the Services' SLO, which the game scores.
 */
export const BUCKET_MS = 1_000;
export const BUCKETS_KEPT = 3_600;
const TICK_MS = 100;

export function newTraffic(rps: number): ServiceTraffic {
  return { rps, carry: 0, buckets: [], totalRequests: 0, totalFailures: 0 };
}

export function setTraffic(engine: Engine, namespace: string, service: string, rps: number): CommandResult {
  const key = `${namespace}/${service}`;
  const traffic = engine.state.traffic[key];
  if (traffic) traffic.rps = rps;
  else engine.state.traffic[key] = newTraffic(rps);
  engine.changed("Traffic", key, traffic ? "MODIFIED" : "ADDED");
  return { ok: true, message: `traffic to service/${service}: ${rps} requests/s` };
}

/** Does the pod behind this backend really answer: it exists with that IP and its containers run? */
function serves(engine: Engine, namespace: string, backend: ProxyBackend): boolean {
  const pod = engine.state.pods[`${namespace}/${backend.pod}`];
  if (!pod || pod.status.podIP !== backend.ip || !pod.spec.nodeName) return false;
  const machine = engine.state.machines[pod.spec.nodeName];
  if (!machine?.up || !machine.networkUp) return false;
  for (const container of pod.spec.containers) {
    const instance = machine.containers[`${pod.metadata.uid}/${container.name}`];
    if (!instance || instance.startedAt === undefined || instance.finishedAt !== undefined) return false;
    if (instance.stopRequestedAt !== undefined) return false;
  }
  return true;
}

function bucketFor(traffic: ServiceTraffic, now: number): TrafficBucket {
  const at = Math.floor(now / BUCKET_MS) * BUCKET_MS;
  let bucket = traffic.buckets.at(-1);
  if (!bucket || bucket.at !== at) {
    bucket = { at, requests: 0, failures: 0, latencySum: 0, maxLatency: 0 };
    traffic.buckets.push(bucket);
    if (traffic.buckets.length > BUCKETS_KEPT)
      traffic.buckets.splice(0, traffic.buckets.length - BUCKETS_KEPT);
  }
  return bucket;
}

export function runTraffic(engine: Engine): void {
  const state = engine.state;
  if (!Object.values(state.traffic).some((t) => t.rps > 0)) return;
  const entries = Object.values(state.nodes)
    .filter((n) => n.status.conditions.some((c) => c.type === "Ready" && c.status === "True"))
    .map((n) => n.metadata.name)
    .sort();
  for (const [key, traffic] of Object.entries(state.traffic)) {
    if (traffic.rps <= 0) continue;
    const exact = traffic.carry + (traffic.rps * TICK_MS) / 1000;
    const count = Math.floor(exact);
    traffic.carry = exact - count;
    if (count === 0) continue;
    const bucket = bucketFor(traffic, engine.now);
    const namespace = key.slice(0, key.indexOf("/"));
    for (let i = 0; i < count; i++) {
      bucket.requests++;
      traffic.totalRequests++;
      const latency = route(engine, key, namespace, entries);
      if (latency === undefined) {
        bucket.failures++;
        traffic.totalFailures++;
      } else {
        bucket.latencySum += latency;
        bucket.maxLatency = Math.max(bucket.maxLatency, latency);
      }
    }
  }
}

/** Is this backend still a ready endpoint of the Service (else the proxy's rule is stale)? */
function currentlyListed(engine: Engine, key: string, backend: ProxyBackend): boolean {
  for (const subset of engine.state.endpoints[key]?.subsets ?? []) {
    if (subset.addresses.some((a) => a.ip === backend.ip)) return true;
  }
  return false;
}

/** One request: its latency in ms, or undefined when it fails. */
function route(engine: Engine, key: string, namespace: string, entries: string[]): number | undefined {
  const state = engine.state;
  if (entries.length === 0 || !state.services[key]) return undefined;
  const entry = entries[nextInt(state.rng, entries.length)] as string;
  const machine = state.machines[entry];
  if (!machine?.up || !machine.networkUp) return undefined;
  const proxy = state.proxies[entry];
  const backends = proxy?.rules[key]?.backends ?? [];
  if (!proxy || backends.length === 0) return undefined;
  let index: number;
  if (proxy.mode === "ipvs") {
    const turn = proxy.next[key] ?? 0;
    index = turn % backends.length;
    proxy.next[key] = turn + 1;
  } else index = nextInt(state.rng, backends.length);
  const backend = backends[index] as ProxyBackend;
  if (!serves(engine, namespace, backend)) {
    if (!currentlyListed(engine, key, backend)) proxy.staleFailures = (proxy.staleFailures ?? 0) + 1;
    return undefined;
  }
  const hop = backend.node && backend.node !== entry ? 0.4 : 0;
  return Math.round((1 + hop + nextFloat(state.rng) * 2) * 100) / 100;
}

/** Success rate and mean latency over the last `seconds` (for the SLO and the board). */
export function serviceLevel(traffic: ServiceTraffic, now: number, seconds = 60) {
  const since = now - seconds * 1000;
  let requests = 0;
  let failures = 0;
  let latency = 0;
  for (const b of traffic.buckets) {
    if (b.at < since) continue;
    requests += b.requests;
    failures += b.failures;
    latency += b.latencySum;
  }
  const served = requests - failures;
  return {
    requests,
    failures,
    successRate: requests === 0 ? 1 : served / requests,
    meanLatencyMs: served === 0 ? 0 : latency / served,
  };
}
