import type { SessionQuota } from "../apiserver/quota.ts";
import type { ClusterAutoscalerState } from "../autoscaler/state.ts";
import type { UpgradeState } from "../world/upgrade.ts";
import type { AuditEntry } from "./audit.ts";
import type { HorizontalPodAutoscaler } from "./autoscaling.ts";
import type { CronJob, Job } from "./batch.ts";
import type { Lease, Namespace } from "./cluster.ts";
import type { ConfigMap, Secret, ServiceAccount } from "./config.ts";
import type { ControllerManagerState, ControlPlaneState, PendingNode } from "./controlplane.ts";
import type { DaemonSet } from "./daemonset.ts";
import type { ClusterEvent } from "./event.ts";
import type { Judgement } from "./judgement.ts";
import type { KubeletState } from "./kubelet.ts";
import type { MachineState } from "./machine.ts";
import type { Node } from "./node.ts";
import type { Pod } from "./pod.ts";
import type { PodDisruptionBudget } from "./policy.ts";
import type { ImageManifest, Registry } from "./registry.ts";
import type { SchedulerState } from "./scheduler.ts";
import type { PriorityClass } from "./scheduling.ts";
import type { SeatState } from "./seat.ts";
import type { Endpoints, Service } from "./service.ts";
import type { StatefulSet } from "./statefulset.ts";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "./storage.ts";
import type { ProxyState, ServiceTraffic } from "./traffic.ts";
import type { UnstructuredObject } from "./unstructured.ts";
import type { Deployment, ReplicaSet } from "./workload.ts";

/** A scheduled wake-up: the engine visits `target` at simulated time `at`. */
export interface Timer {
  at: number;
  seq: number;
  /** "node:<name>", "scheduler", "timeline", "registry:<name>" ... */
  target: string;
}

export interface TimelineStep {
  /** Offset from the scenario start, ms. */
  at: number;
  /** The command to run, as the scenario seat. */
  command: { type: string; [field: string]: unknown };
}

/**
 * The whole simulated cluster as plain data: JSON-serialisable, so it can be hashed, snapshotted
 * (replay keyframes) and restored. Everything the engine needs to continue is here; indexes the engine
 * builds for speed are derived from it.
 */
export interface ClusterState {
  /**
   * 2: Registry.revokedSecrets and NodeMachine.preloadedImages (the engine keeps every fact shown).
   * 3: PriorityClasses, PodDisruptionBudgets, Jobs, CronJobs, DaemonSets, StatefulSets, HPAs, the
   * autoscaler's and the node lifecycle's memory.
   * 4: an Event per series (count, firstTime, firstSeq), updated by repeats.
   */
  schemaVersion: 4;
  scenario: string;
  /** Simulated epoch ms of tick 0. */
  startTime: number;
  /** Current simulated epoch ms. */
  now: number;
  tick: number;
  seed: number;
  /** PRNG state (sfc32), carried so the sequence continues across snapshots. */
  rng: [number, number, number, number];
  /** etcd revision: every write to an API object takes the next one as its resourceVersion. */
  revision: number;
  uidSeq: number;
  /** Nodes ever created: numbers each node's addresses and pod CIDR. */
  nodeSeq: number;

  namespaces: Record<string, Namespace>;
  nodes: Record<string, Node>;
  pods: Record<string, Pod>;
  leases: Record<string, Lease>;
  deployments: Record<string, Deployment>;
  replicasets: Record<string, ReplicaSet>;
  services: Record<string, Service>;
  endpoints: Record<string, Endpoints>;
  /** User-created PriorityClasses by name; the two system ones are built in (scheduling/priority.ts). */
  priorityClasses: Record<string, PriorityClass>;
  poddisruptionbudgets: Record<string, PodDisruptionBudget>;
  jobs: Record<string, Job>;
  cronjobs: Record<string, CronJob>;
  daemonsets: Record<string, DaemonSet>;
  statefulsets: Record<string, StatefulSet>;
  horizontalpodautoscalers: Record<string, HorizontalPodAutoscaler>;
  /** ConfigMaps, Secrets, ServiceAccounts and PersistentVolumeClaims by "namespace/name". */
  configmaps: Record<string, ConfigMap>;
  secrets: Record<string, Secret>;
  serviceaccounts: Record<string, ServiceAccount>;
  persistentvolumeclaims: Record<string, PersistentVolumeClaim>;
  /** PersistentVolumes and StorageClasses by name. */
  persistentvolumes: Record<string, PersistentVolume>;
  storageclasses: Record<string, StorageClass>;
  /** Objects of the kinds accepted but not simulated (Ingress, NetworkPolicy …), by unstructuredKey. */
  unstructured?: Record<string, UnstructuredObject>;
  events: ClusterEvent[];
  eventSeq: number;
  /** The engine's verdicts on the components' work, for scoring (the most recent JUDGEMENT_LIMIT). */
  judgements: Judgement[];
  judgementSeq: number;
  /** The API server's audit log (the most recent AUDIT_LIMIT entries). */
  audit: AuditEntry[];
  auditSeq: number;

  controlPlane: ControlPlaneState;
  controllers: ControllerManagerState;
  /** kube-proxy of each node. */
  proxies: Record<string, ProxyState>;
  /** Client traffic per Service key. */
  traffic: Record<string, ServiceTraffic>;
  /** Nodes asked of a provider, joining when their machine has booted. */
  pendingNodes: PendingNode[];
  /** The cluster autoscaler and its node groups, when the scenario has any. */
  clusterAutoscaler?: ClusterAutoscalerState;
  /** Spot nodes the provider is reclaiming, by node name: when their machine goes. */
  spotReclaims?: Record<string, number>;
  /** A node version rollout in progress (world/upgrade.ts). */
  upgrade?: UpgradeState;

  registries: Record<string, Registry>;
  /**
   * The scenario's own image manifests by normalised reference "registry.local:5000/shop/api:1.0"; the
   * built-in catalogue is looked up beside them (registry/images.ts), not copied in.
   */
  images: Record<string, ImageManifest>;
  /** Sizes in bytes of the scenario's own layers, by digest. */
  layers: Record<string, number>;

  machines: Record<string, MachineState>;
  kubelets: Record<string, KubeletState>;
  scheduler: SchedulerState;
  /** The teacher's challenge: human kubelets renew their node's Lease by hand (off: the kubelet does). */
  manualHeartbeats?: boolean;
  /** The class's playback speed when not 1x (simulated seconds per real second): see SetSpeed. */
  speed?: number;
  /** What the session may hold (apiserver/quota.ts), set by the server through the record. */
  quota?: SessionQuota;

  seats: Record<string, SeatState>;
  timeline: TimelineStep[];
  timelineNext: number;
  timers: Timer[];
  timerSeq: number;
  /** Manifest fields and kinds accepted but not simulated, reported once per scenario. */
  notSimulated: string[];
}
