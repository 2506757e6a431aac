import type { ProviderName } from "../model/node.ts";
import type { Registry, RegistryKind } from "../model/registry.ts";
import { MB } from "../quantity.ts";

/**
 * Network figures per registry kind and the provider of the pulling node: bandwidth (bytes/s) and the
 * round trip to resolve a manifest. A registry in the same cloud as the node is close and fast; a local
 * registry is fast on premises and far from the clouds. Figures are typical, not measured guarantees.
 */
export const REGISTRY_NETWORK: Record<
  RegistryKind,
  { bandwidth: Record<ProviderName, number>; latencyMs: Record<ProviderName, number> }
> = {
  dockerhub: {
    bandwidth: { local: 40 * MB, aws: 90 * MB, gcp: 80 * MB, azure: 70 * MB },
    latencyMs: { local: 400, aws: 250, gcp: 250, azure: 300 },
  },
  ecr: {
    bandwidth: { local: 30 * MB, aws: 250 * MB, gcp: 40 * MB, azure: 35 * MB },
    latencyMs: { local: 450, aws: 60, gcp: 350, azure: 380 },
  },
  gar: {
    bandwidth: { local: 30 * MB, aws: 40 * MB, gcp: 250 * MB, azure: 35 * MB },
    latencyMs: { local: 450, aws: 350, gcp: 60, azure: 380 },
  },
  acr: {
    bandwidth: { local: 30 * MB, aws: 35 * MB, gcp: 35 * MB, azure: 250 * MB },
    latencyMs: { local: 450, aws: 380, gcp: 380, azure: 60 },
  },
  local: {
    bandwidth: { local: 110 * MB, aws: 12 * MB, gcp: 12 * MB, azure: 12 * MB },
    latencyMs: { local: 20, aws: 600, gcp: 600, azure: 600 },
  },
  // registry.k8s.io redirects blob downloads to the pulling cloud's own storage (S3 or Artifact Registry).
  k8s: {
    bandwidth: { local: 40 * MB, aws: 200 * MB, gcp: 200 * MB, azure: 60 * MB },
    latencyMs: { local: 350, aws: 80, gcp: 80, azure: 250 },
  },
  // GitHub's registry sits behind a CDN, on Azure.
  ghcr: {
    bandwidth: { local: 40 * MB, aws: 70 * MB, gcp: 70 * MB, azure: 120 * MB },
    latencyMs: { local: 350, aws: 250, gcp: 250, azure: 150 },
  },
  // quay.io runs on AWS behind CloudFront.
  quay: {
    bandwidth: { local: 35 * MB, aws: 150 * MB, gcp: 60 * MB, azure: 60 * MB },
    latencyMs: { local: 400, aws: 120, gcp: 300, azure: 300 },
  },
  // Microsoft's registry is served from Azure's CDN.
  mcr: {
    bandwidth: { local: 45 * MB, aws: 70 * MB, gcp: 70 * MB, azure: 250 * MB },
    latencyMs: { local: 350, aws: 250, gcp: 250, azure: 60 },
  },
  "ecr-public": {
    bandwidth: { local: 40 * MB, aws: 250 * MB, gcp: 60 * MB, azure: 60 * MB },
    latencyMs: { local: 350, aws: 60, gcp: 300, azure: 300 },
  },
};

export const DEFAULT_HOSTS: Record<RegistryKind, string> = {
  dockerhub: "docker.io",
  ecr: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
  gar: "us-docker.pkg.dev",
  acr: "kubeclass.azurecr.io",
  local: "registry.local:5000",
  k8s: "registry.k8s.io",
  ghcr: "ghcr.io",
  quay: "quay.io",
  mcr: "mcr.microsoft.com",
  "ecr-public": "public.ecr.aws",
};

/** Kinds whose registries are public: anonymous pulls are let through. */
const PUBLIC_KINDS: ReadonlySet<RegistryKind> = new Set([
  "dockerhub",
  "k8s",
  "ghcr",
  "quay",
  "mcr",
  "ecr-public",
]);

export interface RegistryOptions {
  name: string;
  kind: RegistryKind;
  host?: string;
  aliases?: string[];
  requiresCredentials?: boolean;
  pullSecrets?: string[];
  rateLimit?: Registry["rateLimit"];
}

export function makeRegistry(options: RegistryOptions): Registry {
  const network = REGISTRY_NETWORK[options.kind];
  const privateByDefault = !PUBLIC_KINDS.has(options.kind);
  const requiresCredentials = options.requiresCredentials ?? privateByDefault;
  return {
    name: options.name,
    kind: options.kind,
    host: options.host ?? DEFAULT_HOSTS[options.kind],
    aliases:
      options.aliases ?? (options.kind === "dockerhub" ? ["registry-1.docker.io", "index.docker.io"] : []),
    requiresCredentials,
    pullSecrets: options.pullSecrets ?? (requiresCredentials ? [`${options.name}-pull-secret`] : []),
    rateLimit: options.rateLimit,
    bandwidth: { ...network.bandwidth },
    latencyMs: { ...network.latencyMs },
    pullTimes: [],
  };
}

/** Docker Hub as the default cluster sees it: public images, pulls authenticated, so no rate limit. */
export function defaultDockerHub(): Registry {
  return makeRegistry({ name: "dockerhub", kind: "dockerhub" });
}
