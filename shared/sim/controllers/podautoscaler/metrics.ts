import type { Engine } from "../../engine/Engine.ts";
import { setMatches } from "../../labels/selector.ts";
import type { Pod } from "../../model/pod.ts";
import { parseCpu } from "../../quantity.ts";

/**
 * The resource metrics API (metrics-server) of the simulated cluster: how much CPU a pod uses. The game's
 * load model, simple on purpose:
 *
 *   usage = idle + costPerRequest × the requests per second the pod serves
 *
 * - idle: a tenth of the pod's CPU request (10m when it requests none): the process awake, no work;
 * - the requests a pod serves: each Service selecting it spreads its clients' rate (the traffic a
 *   scenario drives, `SetTraffic`) evenly over its ready endpoints, as kube-proxy's rules do on average;
 * - costPerRequest: the pod's annotation `kubeclass.dev/cpu-per-request` (a CPU quantity per request
 *   per second, e.g. "2m"), else 2 millicores.
 *
 * The value is the current one: the metrics pipeline's minute of averaging and delay is left out.
 */
export const CPU_PER_REQUEST_ANNOTATION = "kubeclass.dev/cpu-per-request";
export const DEFAULT_CPU_PER_REQUEST_MILLI = 2;
export const IDLE_SHARE = 0.1;
export const IDLE_WITHOUT_REQUEST_MILLI = 10;

function isReadyEndpoint(pod: Pod): boolean {
  return pod.status.conditions.some((c) => c.type === "Ready" && c.status === "True");
}

/** Requests per second each ready pod of each Service receives, by pod key. */
export function requestRates(engine: Engine): Map<string, number> {
  const rates = new Map<string, number>();
  const state = engine.state;
  for (const [key, traffic] of Object.entries(state.traffic)) {
    if (traffic.rps <= 0) continue;
    const service = state.services[key];
    const endpoints = state.endpoints[key];
    if (!service || !endpoints) continue;
    const namespace = service.metadata.namespace;
    const ready: string[] = [];
    for (const subset of endpoints.subsets) {
      for (const address of subset.addresses)
        if (address.targetRef) ready.push(`${namespace}/${address.targetRef.name}`);
    }
    if (ready.length === 0) continue;
    const share = traffic.rps / ready.length;
    for (const podKey of ready) rates.set(podKey, (rates.get(podKey) ?? 0) + share);
  }
  return rates;
}

/** A pod's CPU use in millicores (rounded), given the request rates of `requestRates`. */
export function podCpuUsage(pod: Pod, rates: ReadonlyMap<string, number>): number {
  const request = pod.requests.cpu;
  const idle = request > 0 ? request * IDLE_SHARE : IDLE_WITHOUT_REQUEST_MILLI;
  const annotation = pod.metadata.annotations[CPU_PER_REQUEST_ANNOTATION];
  const cost = (annotation !== undefined ? parseCpu(annotation) : undefined) ?? DEFAULT_CPU_PER_REQUEST_MILLI;
  const rps = rates.get(`${pod.metadata.namespace}/${pod.metadata.name}`) ?? 0;
  return Math.round(idle + cost * rps);
}

/** Does this pod answer this Service's clients (its labels match the selector)? For the board's load view. */
export function servesService(pod: Pod, selector: Record<string, string> | undefined): boolean {
  return selector !== undefined && isReadyEndpoint(pod) && setMatches(selector, pod.metadata.labels);
}
