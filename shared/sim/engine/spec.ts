import type { DecodedMeta, DecodedObject } from "../api/types.ts";
import type { AutoscalingSpec } from "../autoscaler/spec.ts";
import type { RegistryOptions } from "../catalogue/registries.ts";
import type { ImageManifest } from "../model/registry.ts";
import type { TimelineStep } from "../model/state.ts";

/**
 * The engine's input: everything it needs to build a cluster at its start time. A scenario file
 * (shared/scenario) produces one and adds what only the game needs (title, goals, win conditions,
 * debrief); benchmarks and tests build one in code with `clusterSpecOf`.
 */
export interface ClusterSpec {
  /** Kept in the state as `scenario`: what events and replays name the run after. */
  name: string;
  seed: number;
  /** Simulated epoch ms of tick 0. */
  startTime: number;
  /** Control-plane machines (each with an API server, controller manager, scheduler, etcd member). */
  controlPlaneReplicas: number;
  /** Client requests per second to Services. */
  traffic: TrafficSpec[];
  /** Extra registries (the engine adds Docker Hub itself; one named "dockerhub" replaces it). */
  registries: RegistryOptions[];
  /** Extra images, content-addressed like the catalogue's. */
  images: ImageManifest[];
  /** Layer sizes in bytes by digest, for the extra images. */
  layers: Record<string, number>;
  /** Objects the cluster starts with, applied in order (Namespaces first); no Node means the default workers. */
  objects: DecodedObject[];
  /** Commands run as the "scenario" seat, sorted by `at`. */
  timeline: TimelineStep[];
  /** Manifest fields and kinds accepted but not simulated, reported once. */
  notSimulated: string[];
  /**
   * Documents of kinds the API server serves and the game does not simulate (Ingress, Role …): stored
   * as written after the objects, so kubectl lists them (apiserver/unstructured.ts).
   */
  stored?: StoredDocument[];
  /** Node groups the cluster autoscaler manages; absent: no cluster autoscaler (and no autoscaler seat). */
  autoscaling?: AutoscalingSpec;
}

export interface StoredDocument {
  kind: string;
  apiVersion: string;
  metadata: DecodedMeta;
  manifest: Record<string, unknown>;
}

export interface TrafficSpec {
  service: string;
  namespace: string;
  rps: number;
}

/** Namespaces every cluster starts with; none of them may be deleted (the API server's immortal ones). */
export const SYSTEM_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"] as const;

/**
 * The workers of the default cluster, built when a spec declares no Node: each the local provider's
 * default machine (local-4c8g: 4 CPU, 8 GiB).
 */
export const DEFAULT_WORKERS = ["worker-1", "worker-2", "worker-3"] as const;

/** 2025-01-01T00:00:00Z: the simulated start when a spec gives none. */
export const DEFAULT_START_TIME = Date.UTC(2025, 0, 1);

/** A cluster spec built in code: defaults for every field not given. */
export function clusterSpecOf(fields: Partial<ClusterSpec> & { name: string }): ClusterSpec {
  return {
    seed: 1,
    startTime: DEFAULT_START_TIME,
    controlPlaneReplicas: 1,
    traffic: [],
    registries: [],
    images: [],
    layers: {},
    objects: [],
    timeline: [],
    notSimulated: [],
    ...fields,
  };
}
