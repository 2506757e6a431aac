import type { PodView } from "../../shared/protocol/state.ts";
import type { Explanation } from "../../shared/sim/scheduler/scheduleone.ts";
import type { ClusterView } from "../state/view.ts";
import { type PodSchedulingSpec, specFromJson, specFromView } from "./schedulerPod.ts";

/**
 * kube-scheduler's reading of the pending pods, kept per pod: the engine's `explain` (every Node's
 * filter verdicts and scores) is asked once per pod and asked again whenever the cluster changes in a
 * way the filters or scores can see (a Node's readiness, taints, labels, free resources, or the pods
 * on it). One request at a time, the selected pod first, so a large class does not flood the server.
 * The pod's spec and the Nodes' images (for the pod card) are read once per pod and after changes.
 */
type Json = Record<string, unknown>;

export interface SchedulerReads {
  explain(pod: PodView): Promise<Explanation | undefined>;
  /** `kubectl get pod NAME -o json`, parsed. */
  podJson(pod: PodView): Promise<Json | undefined>;
  /** `kubectl get nodes -o json`, its items. */
  nodesJson(): Promise<Json[] | undefined>;
}

/** Nodes' images are re-read at most this often (they change when pulls finish). */
const NODES_EVERY_MS = 3000;

/** What the filters and scores can see of the cluster: equal keys, same explanation. */
export function clusterKey(view: ClusterView): string {
  const running = new Map<string, number>();
  view.pods.forEach((p) => {
    if (p.node) running.set(p.node, (running.get(p.node) ?? 0) + (p.phase === "Running" ? 1 : 0));
  });
  let key = "";
  view.nodes.forEach((n) => {
    key += `${n.name}|${n.ready}|${n.unschedulable}|${n.cpu}|${n.memory}|${n.requestedCpu}|${n.requestedMemory}|${n.pods}|${running.get(n.name) ?? 0}|`;
    n.taints.forEach((x) => {
      key += `${x},`;
    });
    n.labels.forEach((v, k) => {
      key += `${k}=${v},`;
    });
    key += ";";
  });
  return key;
}

export class ExplainCache {
  private readonly reads: SchedulerReads;
  private readonly changed: () => void;
  private readonly explanations = new Map<string, { explanation: Explanation | undefined; key: string }>();
  private readonly specs = new Map<string, PodSchedulingSpec>();
  private nodes: { items: Json[]; key: string; at: number } | undefined;
  private busy = false;
  private wanted: PodView[] = [];
  private key = "";
  private view: ClusterView | undefined;
  /** Whether the first wanted pod's spec and the Nodes' images are wanted too (a pod is selected). */
  private detail = false;
  private destroyed = false;

  constructor(reads: SchedulerReads, changed: () => void) {
    this.reads = reads;
    this.changed = changed;
  }

  /** The latest explanation of a pod (possibly from before the last change: see `fresh`). */
  explanation(podKey: string): Explanation | undefined {
    return this.explanations.get(podKey)?.explanation;
  }

  fresh(podKey: string): boolean {
    return this.explanations.get(podKey)?.key === this.key;
  }

  spec(pod: PodView): PodSchedulingSpec | undefined {
    return specFromView(pod) ?? this.specs.get(pod.key);
  }

  nodeImages(): Json[] | undefined {
    return this.nodes?.items;
  }

  /**
   * Keeps the explanations of `pods` (the selected one first) current for this view of the cluster;
   * with `detail`, also the first pod's spec and the Nodes' images.
   */
  want(view: ClusterView, pods: PodView[], detail: boolean): void {
    this.view = view;
    this.key = clusterKey(view);
    this.wanted = pods;
    const keep = new Set(pods.map((p) => p.key));
    for (const key of this.explanations.keys()) if (!keep.has(key)) this.explanations.delete(key);
    this.detail = detail;
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.busy || this.destroyed) return;
    this.busy = true;
    try {
      for (;;) {
        const job = this.nextJob();
        if (!job) break;
        await job();
        if (this.destroyed) return;
        this.changed();
      }
    } finally {
      this.busy = false;
    }
  }

  /** The most useful read to make now: the selected pod's explanation, its spec, the images, the rest. */
  private nextJob(): (() => Promise<void>) | undefined {
    const [first, ...rest] = this.wanted;
    const key = this.key;
    const explainJob = (pod: PodView) => async () => {
      const explanation = await this.reads.explain(pod);
      this.explanations.set(pod.key, { explanation, key });
    };
    if (first && !this.fresh(first.key)) return explainJob(first);
    if (first && this.detail && !this.spec(first)) {
      return async () => {
        const json = await this.reads.podJson(first);
        // a pod that is gone (or a refused read) gets the synced part only
        this.specs.set(first.key, specFromJson(first, json ?? {}));
      };
    }
    if (first && this.detail && this.needsNodes(first)) {
      return async () => {
        const items = await this.reads.nodesJson();
        this.nodes = { items: items ?? [], key, at: Date.now() };
      };
    }
    const next = rest.find((p) => !this.fresh(p.key));
    return next ? explainJob(next) : undefined;
  }

  private needsNodes(pod: PodView): boolean {
    const view = this.view;
    if (!view) return false;
    // the synced state says where images are (instructor, or a server with NodeView.images)
    let known = true;
    view.nodes.forEach((n: { machine?: unknown; images?: unknown }) => {
      if (!n.machine && !n.images) known = false;
    });
    if (known || pod.containers.length === 0) return false;
    if (!this.nodes) return true;
    return this.nodes.key !== this.key && Date.now() - this.nodes.at > NODES_EVERY_MS;
  }

  destroy(): void {
    this.destroyed = true;
  }
}
