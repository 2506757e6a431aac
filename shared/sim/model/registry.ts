import type { ProviderName } from "./node.ts";

/**
 * The private kinds a scenario declares, and the public registries of the catalogue: registry.k8s.io,
 * GitHub's, Red Hat's Quay, Microsoft's MCR and ECR Public (gcr.io and *-docker.pkg.dev are "gar").
 */
export type RegistryKind =
  | "local"
  | "dockerhub"
  | "ecr"
  | "gar"
  | "acr"
  | "k8s"
  | "ghcr"
  | "quay"
  | "mcr"
  | "ecr-public";

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

/** What a program of an image does when it runs (catalogue.json's "programs"). */
export type ProgramKind =
  | "server"
  | "exits"
  | "entrypoint"
  | "interpreter"
  | "pause"
  | "stress"
  | "vish-stress"
  | "agnhost"
  | "http-echo";

export interface ProgramSpec {
  runs: ProgramKind;
  /** TCP ports it listens on once started. */
  listens?: number[];
  /** Resident memory it settles at, bytes. */
  memory?: number;
  /** A start-up banner the logs print (kubectl's imagelogs knows them by name). */
  banner?: string;
  /** What it answers an HTTP GET with. */
  http?: { status: number; body: string[] };
  /** One of these environment variables (NAME or NAME=value) must be set, or it prints and exits. */
  requires?: { anyOf: string[]; exitCode: number; message: string[] };
  /** Lines printed at start ("exits": then exits with exitCode). */
  output?: string[];
  exitCode?: number;
  /** An entrypoint's program for arguments that are flags or not commands (redis-server, node). */
  default?: string[];
  /** Given a behaviour, but the simulation does not really run it: say so. */
  notModelled?: boolean;
  about?: string;
}

/** What an image's process is and what its filesystem holds, so plain images behave as for real. */
export interface ImageProcess {
  entrypoint?: string[];
  cmd?: string[];
  workingDir?: string;
  /** The image config's Env, in order. */
  env?: Record<string, string>;
  /** Which standard tools are on PATH (catalogue.json's "userlands"); absent: not known. */
  userland?: string;
  /** Extra names on PATH (curl, psql ...). */
  tools?: string[];
  /** The image's own programs, by name on PATH, absolute path, or "program argument". */
  programs?: Record<string, ProgramSpec>;
  /** PRETTY_NAME of /etc/os-release. */
  os?: string;
  /** The software version behind the tag (banners, env). */
  version?: string;
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
  /** The resolver in a node's /etc/resolv.conf: how its container runtime looks registries up. */
  nameserver: string;
  instanceTypes: InstanceType[];
}
