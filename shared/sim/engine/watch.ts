import type { HorizontalPodAutoscaler } from "../model/autoscaling.ts";
import type { CronJob, Job } from "../model/batch.ts";
import type { Lease, Namespace } from "../model/cluster.ts";
import type { ConfigMap, Secret, ServiceAccount } from "../model/config.ts";
import type { DaemonSet } from "../model/daemonset.ts";
import type { Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import type { PodDisruptionBudget } from "../model/policy.ts";
import type { PriorityClass } from "../model/scheduling.ts";
import type { Endpoints, Service } from "../model/service.ts";
import type { StatefulSet } from "../model/statefulset.ts";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "../model/storage.ts";
import type { Deployment, ReplicaSet } from "../model/workload.ts";
import type { ObjectKind, WorldKind } from "./changes.ts";

/**
 * The watch the components subscribe to, as kube-scheduler, the kubelet, the controllers and kube-proxy
 * watch the API server through informers: every change of a kind is delivered to its handlers, in the
 * order they subscribed, with the object (its last state when deleted). Handlers do what informers'
 * event handlers do (update a cache, queue work, ask to be woken); the work itself runs in the tick.
 *
 * Delivery is synchronous and deterministic: a write made while a change is being delivered (a
 * machine provisioned for a new Node writes its Lease) is queued and delivered, in order, once every
 * handler has heard the change before it, so each handler sees changes in the order they were made.
 */
export type EventType = "ADDED" | "MODIFIED" | "DELETED";

export interface ApiObjects {
  Namespace: Namespace;
  Node: Node;
  Lease: Lease;
  Pod: Pod;
  ReplicaSet: ReplicaSet;
  Deployment: Deployment;
  Service: Service;
  Endpoints: Endpoints;
  PriorityClass: PriorityClass;
  PodDisruptionBudget: PodDisruptionBudget;
  Job: Job;
  CronJob: CronJob;
  DaemonSet: DaemonSet;
  StatefulSet: StatefulSet;
  HorizontalPodAutoscaler: HorizontalPodAutoscaler;
  ConfigMap: ConfigMap;
  Secret: Secret;
  ServiceAccount: ServiceAccount;
  PersistentVolumeClaim: PersistentVolumeClaim;
  PersistentVolume: PersistentVolume;
  StorageClass: StorageClass;
}

export type WatchKind = ObjectKind | WorldKind;

export interface WatchEvent<K extends WatchKind> {
  type: EventType;
  key: string;
  /** API kinds: the object, or its last state when DELETED. World kinds: none (read the state). */
  object: K extends ObjectKind ? ApiObjects[K] : undefined;
}

export type WatchHandler<K extends WatchKind> = (event: WatchEvent<K>) => void;

type AnyHandler = (event: WatchEvent<WatchKind>) => void;

interface Pending {
  kind: WatchKind;
  event: WatchEvent<WatchKind>;
}

export class Watch {
  private readonly handlers = new Map<WatchKind, AnyHandler[]>();
  private readonly pending: Pending[] = [];
  private delivering = false;

  subscribe<K extends WatchKind>(kind: K, handler: WatchHandler<K>): void {
    let list = this.handlers.get(kind);
    if (!list) {
      list = [];
      this.handlers.set(kind, list);
    }
    // Stored by kind, so a handler only ever receives events of the kind it subscribed to.
    list.push(handler as unknown as AnyHandler);
  }

  watched(kind: WatchKind): boolean {
    return this.handlers.has(kind);
  }

  notify<K extends WatchKind>(kind: K, event: WatchEvent<K>): void {
    if (!this.handlers.has(kind)) return;
    const pending: Pending = { kind, event: event as unknown as WatchEvent<WatchKind> };
    if (this.delivering) {
      this.pending.push(pending);
      return;
    }
    this.delivering = true;
    try {
      this.deliver(pending);
      for (let i = 0; i < this.pending.length; i++) this.deliver(this.pending[i] as Pending);
    } finally {
      this.pending.length = 0;
      this.delivering = false;
    }
  }

  private deliver({ kind, event }: Pending): void {
    const list = this.handlers.get(kind) as AnyHandler[];
    for (let i = 0; i < list.length; i++) (list[i] as AnyHandler)(event);
  }
}
