import { catalogueRegistry } from "../catalogue/catalogue.ts";
import { PROVIDERS } from "../catalogue/providers.ts";
import { makeRegistry } from "../catalogue/registries.ts";
import { stateHash } from "../hash.ts";
import type { MachineState } from "../model/machine.ts";
import type { ContainerRuntimeName, Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import type { ImageManifest, Registry } from "../model/registry.ts";
import type { ClusterState } from "../model/state.ts";
import type { ImageReference } from "../registry/imageref.ts";
import { findManifest, repositoryExists } from "../registry/images.ts";

/**
 * The registry's side of an image pull: which registry answers for a host, whether this node can reach
 * it, whether the pod's credentials are accepted, the rate limit, and whether the manifest exists. Each
 * failure is reported in the words the node's container runtime uses. A registry host is looked up by
 * the node's own resolver (its /etc/resolv.conf), never by the cluster DNS the pods use.
 */
export type PullFailure =
  | "no-such-host"
  | "refused"
  | "timeout"
  | "unavailable"
  | "denied"
  | "not-found"
  | "rate-limited";

export type PullResolution = (
  | {
      ok: true;
      registry: Registry;
      manifest: ImageManifest;
      latencyMs: number;
      bandwidth: number;
    }
  | { ok: false; failure: PullFailure; registry?: Registry; latencyMs: number; error: string }
) & {
  /** The name of a public registry the cluster met with this pull (now in state.registries). */
  adopted?: string;
};

const DNS_TIMEOUT_MS = 5_000;

export function registryForHost(state: ClusterState, host: string): Registry | undefined {
  for (const registry of Object.values(state.registries)) {
    if (registry.host === host || registry.aliases.includes(host)) return registry;
  }
  return undefined;
}

/**
 * A public registry of the catalogue joins the cluster's registries the first time a node pulls from
 * it, so the board shows the registries a class really uses. Hosts a scenario's own registry already
 * answers for stay with that registry.
 */
function adoptPublicRegistry(state: ClusterState, host: string): Registry | undefined {
  const entry = catalogueRegistry(host);
  if (!entry) return undefined;
  const claimed = new Set(Object.values(state.registries).flatMap((r) => [r.host, ...r.aliases]));
  const name = state.registries[entry.name] ? `${entry.name}-public` : entry.name;
  if (state.registries[name]) return undefined;
  const registry = makeRegistry({
    name,
    kind: entry.kind,
    host,
    aliases: entry.hosts.filter((h) => h !== host && !claimed.has(h)),
    requiresCredentials: false,
  });
  state.registries[name] = registry;
  return registry;
}

/** The pod names a pull secret the registry accepts, and that Secret exists (else the pull is anonymous). */
export function hasCredentials(state: ClusterState, registry: Registry, pod: Pod): boolean {
  return pod.spec.imagePullSecrets.some(
    (s) =>
      registry.pullSecrets.includes(s.name) &&
      state.secrets[`${pod.metadata.namespace}/${s.name}`] !== undefined,
  );
}

/** A host the runtime connects to without a DNS lookup: localhost or an IP address. */
function isLiteralHost(domain: string): boolean {
  const host = domain.replace(/:\d+$/, "");
  return host === "localhost" || /^\d+\.\d+\.\d+\.\d+$/.test(host);
}

/** What the node's resolver and address are, for the runtime's wording of a failed lookup. */
export interface PullSource {
  runtime: ContainerRuntimeName;
  nameserver: string;
  nodeIP: string;
}

export function pullSource(node: Node): PullSource {
  return {
    runtime: node.machine.runtime,
    nameserver: PROVIDERS[node.machine.provider].nameserver,
    nodeIP: node.status.addresses.find((a) => a.type === "InternalIP")?.address ?? "10.0.0.4",
  };
}

/** Resolves a pull at `now`; counts it against the registry's rate limit when it is let through. */
export function resolvePull(
  state: ClusterState,
  node: Node,
  machine: MachineState,
  pod: Pod,
  ref: ImageReference,
): PullResolution {
  const source = pullSource(node);
  const fail = (failure: PullFailure, latencyMs: number, registry?: Registry): PullResolution => ({
    ok: false,
    failure,
    registry,
    latencyMs,
    error: pullErrorMessage(source, failure, ref),
  });
  if (!machine.networkUp) return fail("timeout", DNS_TIMEOUT_MS);
  const known = registryForHost(state, ref.domain);
  const registry = known ?? adoptPublicRegistry(state, ref.domain);
  if (!registry) return fail(isLiteralHost(ref.domain) ? "refused" : "no-such-host", 50);
  const resolution = resolveAt(state, node, pod, ref, registry, fail);
  return known ? resolution : { ...resolution, adopted: registry.name };
}

function resolveAt(
  state: ClusterState,
  node: Node,
  pod: Pod,
  ref: ImageReference,
  registry: Registry,
  fail: (failure: PullFailure, latencyMs: number, registry?: Registry) => PullResolution,
): PullResolution {
  const latencyMs = registry.latencyMs[node.machine.provider];
  if (registry.outageUntil !== undefined && registry.outageUntil > state.now) {
    return fail("unavailable", latencyMs, registry);
  }
  if (registry.requiresCredentials && !hasCredentials(state, registry, pod))
    return fail("denied", latencyMs, registry);
  const manifest = findManifest(state, ref.normalized);
  if (!manifest) {
    return fail(repositoryExists(state, ref.repository) ? "not-found" : "denied", latencyMs, registry);
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

/**
 * A failed DNS lookup as Go's resolver words it. A lost network: systemd-resolved's stub answers
 * SERVFAIL ("server misbehaving"); a remote resolver never answers (a read timeout).
 */
function lookupError(source: PullSource, host: string, failure: "no-such-host" | "timeout"): string {
  const server = `${source.nameserver}:53`;
  if (failure === "no-such-host") return `lookup ${host} on ${server}: no such host`;
  if (source.nameserver.startsWith("127.")) return `lookup ${host} on ${server}: server misbehaving`;
  const port = 32768 + (Number.parseInt(stateHash(`${source.nodeIP}/${host}`).slice(0, 4), 16) % 28000);
  return `lookup ${host} on ${server}: read udp ${source.nodeIP}:${port}->${server}: i/o timeout`;
}

/** The address a literal host dials: localhost is the node itself, where no registry listens. */
function dialAddress(domain: string): string {
  const [host = domain, port = "443"] = domain.split(":");
  return `${host === "localhost" ? "127.0.0.1" : host}:${port}`;
}

/** The error string a runtime gives for a failed pull (containerd and CRI-O alike; Docker its own). */
export function pullErrorMessage(source: PullSource, failure: PullFailure, ref: ImageReference): string {
  const { domain, path, normalized } = ref;
  const tag = ref.tag ?? "latest";
  const host = domain === "docker.io" ? "registry-1.docker.io" : domain;
  const manifestUrl = `https://${host}/v2/${path}/manifests/${tag}`;
  const lookupHost = host.replace(/:\d+$/, "");
  if (source.runtime === "docker") {
    const repo = domain === "docker.io" ? path.replace(/^library\//, "") : `${domain}/${path}`;
    switch (failure) {
      case "no-such-host":
      case "timeout":
        return `Error response from daemon: Get "https://${host}/v2/": dial tcp: ${lookupError(source, lookupHost, failure)}`;
      case "refused":
        return `Error response from daemon: Get "https://${host}/v2/": dial tcp ${dialAddress(domain)}: connect: connection refused`;
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
    case "timeout":
      return `${prefix}${resolve}failed to do request: Head "${manifestUrl}": dial tcp: ${lookupError(source, lookupHost, failure)}`;
    case "refused":
      return `${prefix}${resolve}failed to do request: Head "${manifestUrl}": dial tcp ${dialAddress(domain)}: connect: connection refused`;
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
