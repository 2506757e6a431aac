import type { ProviderName } from "./node.ts";

export type RegistryKind = "local" | "dockerhub" | "ecr" | "gar" | "acr";

export interface RateLimit {
  /** Pulls allowed per window (Docker Hub counts manifest requests). */
  pulls: number;
  windowSeconds: number;
}

/** A container registry the cluster can pull from. Static facts plus the little it remembers. */
export interface Registry {
  name: string;
  kind: RegistryKind;
  /** Registry host as written in image references, e.g. "docker.io". */
  host: string;
  /** Other host names that reach the same registry (e.g. "registry-1.docker.io"). */
  aliases: string[];
  /** Private registries answer "pull access denied" without a matching imagePullSecret. */
  requiresCredentials: boolean;
  /** Names of the secrets that hold valid credentials for it. */
  pullSecrets: string[];
  /**
   * Names of the secrets whose credentials were revoked (RevokeCredential) and not restored since: what
   * the game shows as revoked and RestoreCredential can bring back. Absent when none.
   */
  revokedSecrets?: string[];
  rateLimit?: RateLimit;
  /** Bytes per second from this registry to a node on each provider. */
  bandwidth: Record<ProviderName, number>;
  /** Round trip to resolve a manifest, per provider, in ms. */
  latencyMs: Record<ProviderName, number>;
  /** Down until this simulated time (ms); absent when up. */
  outageUntil?: number;
  /** Times (ms) of the pulls counted against the rate limit, oldest first. */
  pullTimes: number[];
}

/** What an image's default process does, so plain images behave as they do for real. */
export interface ImageProcess {
  entrypoint?: string[];
  cmd?: string[];
  /** The process exits with code 1 at start unless one of these env vars is set (postgres). */
  requiredEnv?: { anyOf: string[]; message: string };
}

/** One tag of one repository: a manifest listing content-addressed layers. */
export interface ImageManifest {
  /** Normalised repository, e.g. "docker.io/library/nginx". */
  repository: string;
  tag: string;
  /** Digest of the manifest. */
  digest: string;
  /** Layer digests, base first. Layers are shared between images by digest. */
  layers: string[];
  /** Sum of the layer sizes, bytes. */
  size: number;
  process: ImageProcess;
}

export interface InstanceType {
  name: string;
  cpu: number;
  memory: number;
  pricePerHour: number;
  /** Network bandwidth of the instance, bytes per second. */
  bandwidth: number;
}

export interface Provider {
  name: ProviderName;
  displayName: string;
  /** Seconds from asking for a node to it joining the cluster. */
  bootSeconds: number;
  defaultRegion: string;
  instanceTypes: InstanceType[];
}
