import type { TrafficView } from "../protocol/state.ts";
import type { ServiceTraffic } from "../sim/model/traffic.ts";
import { BUCKET_MS } from "../sim/proxy/traffic.ts";

/** The window of TrafficView's figures, simulated seconds. */
export const TRAFFIC_WINDOW_SECONDS = 60;

/**
 * A Service's client traffic over the last TRAFFIC_WINDOW_SECONDS complete seconds (the second under
 * way is left out): the figures change once per simulated second, whoever computes them and whenever.
 */
export function trafficView(key: string, traffic: ServiceTraffic, now: number): TrafficView {
  const end = Math.floor(now / BUCKET_MS) * BUCKET_MS;
  const start = end - TRAFFIC_WINDOW_SECONDS * BUCKET_MS;
  let requests = 0;
  let failures = 0;
  let latency = 0;
  const buckets = traffic.buckets;
  for (let i = buckets.length - 1; i >= 0; i--) {
    const b = buckets[i];
    if (!b || b.at < start) break;
    if (b.at >= end) continue;
    requests += b.requests;
    failures += b.failures;
    latency += b.latencySum;
  }
  const served = requests - failures;
  return {
    key,
    rps: traffic.rps,
    requests,
    failures,
    successRate: requests === 0 ? 1 : served / requests,
    meanLatencyMs: served === 0 ? 0 : Math.round((latency / served) * 100) / 100,
  };
}
