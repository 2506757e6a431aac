/**
 * What really happens on a worker machine: its container runtime's content store, its image pulls and
 * its containers. The API objects (Pod.status) are only what the kubelet reports of this; when a node
 * fails, this state is lost while the API objects go stale, as in a real cluster.
 */
export interface PullLayerProgress {
  digest: string;
  size: number;
  /** Already in the content store when the pull started: not downloaded. */
  cached: boolean;
}

export interface ImagePull {
  id: number;
  /** The image as written in the pod spec. */
  image: string;
  /** Normalised reference "docker.io/library/nginx:1.27". */
  ref: string;
  podUID: string;
  podKey: string;
  container: string;
  registry?: string;
  enqueuedAt: number;
  /** Set when the pull reaches the head of the (serial) queue. */
  startedAt?: number;
  /** When layer downloads begin (after the manifest round trip). */
  downloadStartAt?: number;
  /** Bytes per second for this pull. */
  bandwidth?: number;
  layers?: PullLayerProgress[];
  /** When the pull finishes (or fails). */
  doneAt?: number;
  /** Set when the pull fails: the error the runtime reports. */
  error?: string;
}

export interface RuntimeContainer {
  id: string;
  podUID: string;
  podKey: string;
  name: string;
  image: string;
  /** Normalised image reference the container runs. */
  ref: string;
  imageID: string;
  createdAt: number;
  startedAt?: number;
  /** Scheduled exit of the process; absent when it runs until stopped. */
  exitAt?: number;
  exitCode?: number;
  finishedAt?: number;
  /** When the runtime was asked to stop it (SIGTERM), and when it will be killed if still running. */
  stopRequestedAt?: number;
  stopAt?: number;
  /** Terminated reason: Completed, Error, OOMKilled, StartError, Unknown. */
  reason?: string;
  message?: string;
  /**
   * What the process runs, fixed at creation (the image's command with the pod's overrides, and its
   * environment). Its output is derived from this by re-running it (runtime/logs.ts), not stored.
   */
  process?: {
    argv: string[];
    env: [string, string][];
    unresolved: string[];
    /** Files from ConfigMap and Secret volumes, by absolute path, as they were at creation. */
    files?: [string, string][];
  };
  /** Answers the process got from the cluster as they changed: [ms since start, answer] by question. */
  observed?: Record<string, [number, string][]>;
  /** When the kubelet next looks whether the cluster's answers to the process changed. */
  nextPollAt?: number;
  /** How far the process's run was computed (a long run is computed an hour at a time). */
  plannedUntil?: number;
  /** When the process last asks the cluster something, as far as computed: answers matter until then. */
  asksUntil?: number;
  /** Resident memory the process declares (bytes), when it starts growing and when it gets there. */
  memoryBytes?: number;
  memoryFrom?: number;
  memoryFullAt?: number;
  /** When the kernel's OOM killer ends it: its memory passes the container's limit (runtime/limits.ts). */
  oomAt?: number;
  /** CPU the process keeps busy, millicores (stress tools, busy loops): for CPU limits. */
  cpuMillis?: number;
  /** TCP ports its process listens on, when the simulation knows them. */
  listens?: number[];
  /** The image program serving on them (a key of the image's programs), for the answers it gives. */
  serves?: string;
  /** PID 1 has no SIGTERM handler (a shell, sleep): stopping it waits for the grace period. */
  ignoresSigterm?: boolean;
  /** Exit code when SIGTERM ends it: 0 for a server's handler, 143 for a Go program without one. */
  sigtermExitCode?: number;
}

export interface PodSandbox {
  podUID: string;
  podKey: string;
  ip: string;
  createdAt: number;
  readyAt: number;
}

export interface MachineState {
  up: boolean;
  /** False when the node's network is cut: it runs, but cannot reach the API server or registries. */
  networkUp: boolean;
  /** Content store: layer digests present on disk. */
  layers: Record<string, true>;
  /** Image store: normalised ref -> manifest digest. */
  images: Record<string, string>;
  /** Serial image pulls: the head is in progress. */
  pulls: ImagePull[];
  sandboxes: Record<string, PodSandbox>;
  /** Containers by "podUID/containerName": the latest instance of each. */
  containers: Record<string, RuntimeContainer>;
  /** The instance before the latest, by the same key (what `kubectl logs --previous` reads). */
  previous: Record<string, RuntimeContainer>;
  nextPodIP: number;
  nextContainerSeq: number;
  nextPullId: number;
}
