import type { MachineState } from "../model/machine.ts";
import type { ContainerRuntimeName, Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import type { ImageManifest, Registry } from "../model/registry.ts";
import type { ClusterState } from "../model/state.ts";
import type { ImageReference } from "../registry/imageref.ts";

/**
 * The registry's side of an image pull: which registry answers for a host, whether this node can reach
 * it, whether the pod's credentials are accepted, the rate limit, and whether the manifest exists. Each
 * failure is reported in the words the node's container runtime uses.
 */
export type PullFailure =
  | "no-such-host"
  | "timeout"
  | "unavailable"
  | "denied"
  | "not-found"
  | "rate-limited";

export type PullResolution =
  | {
      ok: true;
      registry: Registry;
      manifest: ImageManifest;
      latencyMs: number;
      bandwidth: number;
    }
  | { ok: false; failure: PullFailure; registry?: Registry; latencyMs: number; error: string };

const DNS_TIMEOUT_MS = 5_000;

export function registryForHost(state: ClusterState, host: string): Registry | undefined {
  for (const registry of Object.values(state.registries)) {
    if (registry.host === host || registry.aliases.includes(host)) return registry;
  }
  return undefined;
}

export function hasCredentials(registry: Registry, pod: Pod): boolean {
  return pod.spec.imagePullSecrets.some((s) => registry.pullSecrets.includes(s.name));
}

/** Resolves a pull at `now`; counts it against the registry's rate limit when it is let through. */
export function resolvePull(
  state: ClusterState,
  node: Node,
  machine: MachineState,
  pod: Pod,
  ref: ImageReference,
): PullResolution {
  const runtime = node.machine.runtime;
  const fail = (failure: PullFailure, latencyMs: number, registry?: Registry): PullResolution => ({
    ok: false,
    failure,
    registry,
    latencyMs,
    error: pullErrorMessage(runtime, failure, ref),
  });
  if (!machine.networkUp) return fail("timeout", DNS_TIMEOUT_MS);
  const registry = registryForHost(state, ref.domain);
  if (!registry) return fail("no-such-host", 50);
  const latencyMs = registry.latencyMs[node.machine.provider];
  if (registry.outageUntil !== undefined && registry.outageUntil > state.now) {
    return fail("unavailable", latencyMs, registry);
  }
  if (registry.requiresCredentials && !hasCredentials(registry, pod))
    return fail("denied", latencyMs, registry);
  const manifest = state.images[ref.normalized];
  if (!manifest) {
    const repositoryExists = Object.values(state.images).some((m) => m.repository === ref.repository);
    return fail(repositoryExists ? "not-found" : "denied", latencyMs, registry);
  }
  const limit = registry.rateLimit;
  if (limit) {
    const windowStart = state.now - limit.windowSeconds * 1000;
    while (registry.pullTimes.length > 0 && (registry.pullTimes[0] as number) <= windowStart)
      registry.pullTimes.shift();
    if (registry.pullTimes.length >= limit.pulls) return fail("rate-limited", latencyMs, registry);
    registry.pullTimes.push(state.now);
  }
  const bandwidth = Math.min(node.machine.bandwidth, registry.bandwidth[node.machine.provider]);
  return { ok: true, registry, manifest, latencyMs, bandwidth };
}

/** The error string a runtime gives for a failed pull (containerd and CRI-O alike; Docker its own). */
export function pullErrorMessage(
  runtime: ContainerRuntimeName,
  failure: PullFailure,
  ref: ImageReference,
): string {
  const { domain, path, normalized } = ref;
  const tag = ref.tag ?? "latest";
  const host = domain === "docker.io" ? "registry-1.docker.io" : domain;
  const manifestUrl = `https://${host}/v2/${path}/manifests/${tag}`;
  if (runtime === "docker") {
    const repo = domain === "docker.io" ? path.replace(/^library\//, "") : `${domain}/${path}`;
    switch (failure) {
      case "no-such-host":
        return `Error response from daemon: Get "https://${host}/v2/": dial tcp: lookup ${host}: no such host`;
      case "timeout":
        return `Error response from daemon: Get "https://${host}/v2/": dial tcp: lookup ${host}: i/o timeout`;
      case "unavailable":
        return `Error response from daemon: Get "https://${host}/v2/": received unexpected HTTP status: 503 Service Unavailable`;
      case "denied":
        return `Error response from daemon: pull access denied for ${repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
      case "not-found":
        return `Error response from daemon: manifest for ${repo}:${tag} not found: manifest unknown: manifest unknown`;
      case "rate-limited":
        return "Error response from daemon: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit";
    }
  }
  const code = failure === "not-found" ? "NotFound" : "Unknown";
  const prefix = `rpc error: code = ${code} desc = failed to pull and unpack image "${normalized}": `;
  const resolve = `failed to resolve reference "${normalized}": `;
  switch (failure) {
    case "no-such-host":
      return `${prefix}${resolve}failed to do request: Head "${manifestUrl}": dial tcp: lookup ${host} on 10.96.0.10:53: no such host`;
    case "timeout":
      return `${prefix}${resolve}failed to do request: Head "${manifestUrl}": dial tcp: lookup ${host}: i/o timeout`;
    case "unavailable":
      return `${prefix}${resolve}unexpected status from HEAD request to ${manifestUrl}: 503 Service Unavailable`;
    case "denied":
      return `${prefix}${resolve}pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
    case "not-found":
      return `${prefix}${resolve}${normalized}: not found`;
    case "rate-limited":
      return `${prefix}failed to copy: httpReadSeeker: failed open: unexpected status code ${manifestUrl}: 429 Too Many Requests - Server message: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit`;
  }
}

/** The error when a registry goes away in the middle of downloading layers. */
export function interruptedPullMessage(
  runtime: ContainerRuntimeName,
  ref: ImageReference,
  registry: Registry,
): string {
  const host = registry.host === "docker.io" ? "registry-1.docker.io" : registry.host;
  if (runtime === "docker") {
    return `Error response from daemon: Get "https://${host}/v2/${ref.path}/blobs/": received unexpected HTTP status: 503 Service Unavailable`;
  }
  return `rpc error: code = Unknown desc = failed to pull and unpack image "${ref.normalized}": failed to copy: httpReadSeeker: failed open: unexpected status code https://${host}/v2/${ref.path}/blobs/sha256: 503 Service Unavailable`;
}
