import type { Namespace } from "../model/cluster.ts";
import type { Labels } from "../model/meta.ts";
import type { Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import type { PodDisruptionBudget } from "../model/policy.ts";
import type { Service } from "../model/service.ts";
import type { StatefulSet } from "../model/statefulset.ts";
import type { ReplicaSet } from "../model/workload.ts";
import { addPod, type NodeInfo, newNodeInfo, nodeImages, removePod } from "./nodeinfo.ts";

/**
 * The listers kube-scheduler's plugins read besides nodes and pods (the informers' caches): namespaces
 * (their labels, for namespaceSelector), and the Services and ReplicaSets selecting a pod
 * (PodTopologySpread's default constraints). The engine hands over its own tables, read-only.
 */
export interface SchedulerListers {
  namespaces: Readonly<Record<string, Namespace>>;
  services: Readonly<Record<string, Service>>;
  replicasets: Readonly<Record<string, ReplicaSet>>;
  statefulsets?: Readonly<Record<string, StatefulSet>>;
  /** DefaultPreemption counts the budgets a victim's eviction would break. */
  poddisruptionbudgets?: Readonly<Record<string, PodDisruptionBudget>>;
}

const EMPTY_LISTERS: SchedulerListers = { namespaces: {}, services: {}, replicasets: {} };

/**
 * The scheduler's view of the cluster (pkg/scheduler/backend/cache/snapshot.go): one NodeInfo per
 * node in a stable order, plus how many nodes hold each image (ImageLocality's spread). Upstream
 * rebuilds it from the cache before each cycle; here the engine keeps it current as objects change,
 * which gives the same view because a cycle never overlaps a write.
 */
export class Snapshot {
  /** Node infos in a stable order (node name order). */
  readonly nodeInfos: NodeInfo[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  private readonly imageNodes = new Map<string, number>();
  /** Nodes with pods that state pod (anti-)affinity (HavePodsWithAffinityList). */
  readonly havePodsWithAffinity = new Set<NodeInfo>();
  /** Nodes with pods that state required anti-affinity (HavePodsWithRequiredAntiAffinityList). */
  readonly havePodsWithRequiredAntiAffinity = new Set<NodeInfo>();
  /**
   * The scheduling queue's nominator: pending pods nominated to a node by a preemption
   * (status.nominatedNodeName), by node and uid. Filters count those of equal or higher priority.
   */
  readonly nominated = new Map<string, Map<string, Pod>>();

  readonly listers: SchedulerListers;

  constructor(listers: SchedulerListers = EMPTY_LISTERS) {
    this.listers = listers;
  }

  /** The labels of a namespace (GetNamespaceLabelsSnapshot); undefined when it is unknown. */
  namespaceLabels(namespace: string): Labels | undefined {
    return this.listers.namespaces[namespace]?.metadata.labels;
  }

  getNodeInfo(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  /** Number of nodes holding each normalised image ref (ImageLocality's spread). */
  imageNumNodes(ref: string): number {
    return this.imageNodes.get(ref) ?? 0;
  }

  /** Adds a node, or replaces it keeping its pods' requests; image counts follow node.status.images. */
  setNode(node: Node): void {
    const name = node.metadata.name;
    const existing = this.byName.get(name);
    if (existing) {
      this.countImages(existing.images, -1);
      existing.node = node;
      existing.images = nodeImages(node);
      this.countImages(existing.images, 1);
      return;
    }
    const info = newNodeInfo(node);
    this.byName.set(name, info);
    this.nodeInfos.splice(this.insertionIndex(name), 0, info);
    this.countImages(info.images, 1);
  }

  removeNode(name: string): void {
    const info = this.byName.get(name);
    if (!info) return;
    this.byName.delete(name);
    this.nodeInfos.splice(this.nodeInfos.indexOf(info), 1);
    this.countImages(info.images, -1);
    this.havePodsWithAffinity.delete(info);
    this.havePodsWithRequiredAntiAffinity.delete(info);
  }

  /** pod.spec.nodeName must be set; a pod on a node the snapshot lacks is ignored. */
  addPod(pod: Pod): void {
    const info = pod.spec.nodeName ? this.byName.get(pod.spec.nodeName) : undefined;
    if (!info) return;
    addPod(info, pod);
    this.trackAffinity(info);
  }

  removePod(pod: Pod): void {
    const info = pod.spec.nodeName ? this.byName.get(pod.spec.nodeName) : undefined;
    if (!info) return;
    removePod(info, pod);
    this.trackAffinity(info);
  }

  /** A pending pod's nomination changed (or it is gone, bound, or no longer nominated: `node` undefined). */
  setNominated(pod: Pod, node: string | undefined): void {
    const uid = pod.metadata.uid;
    for (const [name, pods] of this.nominated) {
      if (name !== node && pods.delete(uid) && pods.size === 0) this.nominated.delete(name);
    }
    if (node === undefined) return;
    let pods = this.nominated.get(node);
    if (!pods) {
      pods = new Map();
      this.nominated.set(node, pods);
    }
    pods.set(uid, pod);
  }

  private trackAffinity(info: NodeInfo): void {
    if (info.podsWithAffinity.size > 0) this.havePodsWithAffinity.add(info);
    else this.havePodsWithAffinity.delete(info);
    if (info.podsWithRequiredAntiAffinity.size > 0) this.havePodsWithRequiredAntiAffinity.add(info);
    else this.havePodsWithRequiredAntiAffinity.delete(info);
  }

  private countImages(images: Map<string, number>, delta: 1 | -1): void {
    for (const ref of images.keys()) {
      const count = (this.imageNodes.get(ref) ?? 0) + delta;
      if (count > 0) this.imageNodes.set(ref, count);
      else this.imageNodes.delete(ref);
    }
  }

  /** Binary search on names: code-unit order, the same for every run and platform. */
  private insertionIndex(name: string): number {
    let lo = 0;
    let hi = this.nodeInfos.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const midName = this.nodeInfos[mid]?.node.metadata.name ?? "";
      if (midName < name) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function isTerminal(pod: Pod): boolean {
  return pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
}

/** Builds the snapshot from the cluster state: every node, and the assigned pods that are not finished. */
export function snapshotFromState(
  state: { nodes: Record<string, Node>; pods: Record<string, Pod> } & Partial<SchedulerListers>,
): Snapshot {
  const snapshot = new Snapshot({
    namespaces: state.namespaces ?? {},
    services: state.services ?? {},
    replicasets: state.replicasets ?? {},
    statefulsets: state.statefulsets ?? {},
    poddisruptionbudgets: state.poddisruptionbudgets ?? {},
  });
  // Sorted first, so each insertion lands at the end instead of shifting the array.
  const nodes = Object.values(state.nodes).sort((a, b) =>
    a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
  );
  for (const node of nodes) snapshot.setNode(node);
  for (const pod of Object.values(state.pods)) {
    if (pod.spec.nodeName && !isTerminal(pod)) snapshot.addPod(pod);
    else if (!pod.spec.nodeName && pod.status.nominatedNodeName)
      snapshot.setNominated(pod, pod.status.nominatedNodeName);
  }
  return snapshot;
}
