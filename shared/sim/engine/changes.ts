/**
 * The change feed: which parts of the simulation changed since the last drain, so a viewer (the game
 * server's projector, a replay view) updates what it shows from the feed alone. Every write a viewer
 * could see records one: the API objects, and the simulated world around them (machines, kubelets'
 * memory, kube-proxy's rules, registries, the control plane, traffic, seats), plus the append-only logs
 * (events, audit entries, judgements) by sequence number. Facts that change only with time (a pull's
 * progress, a registry's pulls in the window, traffic windows, a leader's lease running out) are
 * computed by viewers from `now` and need no record.
 *
 * Recording is cheap (one Map.set per write, no string building), and a log nobody drains stays small:
 * keyed kinds keep one entry per key, the logs a range of sequence numbers.
 */

/** The API kinds the engine stores; the key is "namespace/name", or the name of a cluster-scoped object. */
export type ObjectKind =
  | "Namespace"
  | "Node"
  | "Lease"
  | "Pod"
  | "ReplicaSet"
  | "Deployment"
  | "Service"
  | "Endpoints"
  | "PriorityClass"
  | "PodDisruptionBudget"
  | "Job"
  | "CronJob"
  | "DaemonSet"
  | "StatefulSet"
  | "HorizontalPodAutoscaler"
  | "ConfigMap"
  | "Secret"
  | "ServiceAccount"
  | "PersistentVolumeClaim"
  | "PersistentVolume"
  | "StorageClass";

/**
 * The simulated world and the components' state a viewer shows, by key:
 * - Machine, Kubelet, Proxy: the node name (its machine and runtime, its kubelet's memory and next
 *   steps, its kube-proxy's rules, mode and last sync);
 * - Registry: the registry name; ControlPlane: a master's name, or "etcd";
 * - Traffic: the Service key ("namespace/name"); Seat: the seat id (its driver and pace).
 */
export type WorldKind =
  | "Machine"
  | "Kubelet"
  | "Proxy"
  | "Registry"
  | "ControlPlane"
  | "Traffic"
  | "Seat"
  /** The cluster autoscaler's memory, the spot reclaims and the node upgrade rollout (key: the component). */
  | "Autoscaler";

/**
 * Logs keyed by sequence number (as a string): events, audit entries, judgements. Entries are appended;
 * an Event updated by a repeat of its series leaves its old seq for a new one at the end.
 */
export type LogKind = "Event" | "Audit" | "Judgement";

export type ChangeKind = ObjectKind | WorldKind | LogKind;

/** Keyed kinds in the order a drain lists them: namespaces before what lives in them, nodes before pods. */
export const KEYED_KINDS = [
  "Namespace",
  "Node",
  "Lease",
  "Pod",
  "ReplicaSet",
  "Deployment",
  "Service",
  "Endpoints",
  "PriorityClass",
  "PodDisruptionBudget",
  "Job",
  "CronJob",
  "DaemonSet",
  "StatefulSet",
  "HorizontalPodAutoscaler",
  "ConfigMap",
  "Secret",
  "ServiceAccount",
  "StorageClass",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "Machine",
  "Kubelet",
  "Proxy",
  "Registry",
  "ControlPlane",
  "Traffic",
  "Seat",
  "Autoscaler",
] as const satisfies readonly (ObjectKind | WorldKind)[];

export const LOG_KINDS = ["Event", "Audit", "Judgement"] as const satisfies readonly LogKind[];

export interface ObjectChange {
  kind: ChangeKind;
  key: string;
  /** The object is gone (a pruned log entry is simply absent; a superseded Event is reported deleted). */
  deleted: boolean;
  /**
   * Machine, Kubelet: the pods (uids) whose part alone changed (a sandbox, a container, a pull, the
   * kubelet's memory of that pod); absent when anything of the node's may have (its images, its state).
   */
  pods?: ReadonlySet<string>;
}

/** The world kinds whose changes may be one pod's part of a node's (Engine.podChanged). */
export type PodPartKind = "Machine" | "Kubelet";

export class ChangeLog {
  /** Per keyed kind: key -> deleted, in the order keys first changed since the last drain. */
  private readonly keyed = new Map<ObjectKind | WorldKind, Map<string, boolean>>(
    KEYED_KINDS.map((kind) => [kind, new Map()]),
  );
  /** Per log: the first and last sequence number appended since the last drain (0 when none). */
  private readonly logs = new Map<LogKind, { from: number; to: number }>(
    LOG_KINDS.map((kind) => [kind, { from: 0, to: 0 }]),
  );
  /** Log entries taken out since the last drain (an Event replaced by its series' update). */
  private readonly superseded: ObjectChange[] = [];
  /** Machine, Kubelet: per node, the pods whose part alone changed since the last drain (null: the whole). */
  private readonly podParts = new Map<ObjectKind | WorldKind, Map<string, Set<string> | null>>([
    ["Machine", new Map()],
    ["Kubelet", new Map()],
  ]);

  record(kind: ObjectKind | WorldKind, key: string, deleted = false): void {
    (this.keyed.get(kind) as Map<string, boolean>).set(key, deleted);
    this.podParts.get(kind)?.set(key, null);
  }

  /** One pod's part of a node's machine or kubelet changed (a whole change recorded before stays whole). */
  recordPod(kind: PodPartKind, key: string, uid: string): void {
    const keys = this.keyed.get(kind) as Map<string, boolean>;
    const parts = this.podParts.get(kind) as Map<string, Set<string> | null>;
    if (!keys.has(key)) {
      keys.set(key, false);
      parts.set(key, new Set([uid]));
    } else parts.get(key)?.add(uid);
  }

  /** A log entry was appended: `seq` is the log's next sequence number. */
  appended(kind: LogKind, seq: number): void {
    const range = this.logs.get(kind) as { from: number; to: number };
    if (range.from === 0) range.from = seq;
    range.to = seq;
  }

  /** The log entry `seq` was replaced by a later one (an Event's series updated). */
  supersede(kind: LogKind, seq: number): void {
    this.superseded.push({ kind, key: String(seq), deleted: true });
  }

  /** Everything recorded since the previous drain: keyed kinds in KEYED_KINDS order, then the logs. */
  drain(): ObjectChange[] {
    const list: ObjectChange[] = [];
    for (const [kind, keys] of this.keyed) {
      const parts = this.podParts.get(kind);
      for (const [key, deleted] of keys) {
        const pods = parts?.get(key);
        list.push(pods ? { kind, key, deleted, pods } : { kind, key, deleted });
      }
      keys.clear();
      parts?.clear();
    }
    for (const [kind, range] of this.logs) {
      if (range.from === 0) continue;
      for (let seq = range.from; seq <= range.to; seq++)
        list.push({ kind, key: String(seq), deleted: false });
      range.from = 0;
      range.to = 0;
    }
    list.push(...this.superseded);
    this.superseded.length = 0;
    return list;
  }

  get size(): number {
    let size = 0;
    for (const keys of this.keyed.values()) size += keys.size;
    for (const range of this.logs.values()) if (range.from !== 0) size += range.to - range.from + 1;
    return size + this.superseded.length;
  }
}
