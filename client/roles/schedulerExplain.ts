import type { ExplainReply } from "../../shared/protocol/replies.ts";
import type { PodView } from "../../shared/protocol/state.ts";
import type { Explanation } from "../../shared/sim/scheduler/scheduleone.ts";
import type { PreemptionView } from "../../shared/view/preemption.ts";
import type { ClusterView } from "../state/view.ts";

/**
 * kube-scheduler's reading of the pending pods, kept per pod: the engine's `explain` (every Node's
 * filter verdicts and scores) is asked once per pod and asked again whenever the cluster changes in a
 * way the filters or scores can see (a Node's readiness, taints, labels, free resources, or the pods
 * on it). One request at a time, the selected pod first, so a large class does not flood the server.
 */
export interface SchedulerReads {
  explain(pod: PodView): Promise<ExplainReply | undefined>;
}

/** What the filters and scores can see of the cluster: equal keys, same explanation. */
export function clusterKey(view: ClusterView): string {
  const running = new Map<string, number>();
  let nominations = "";
  view.pods.forEach((p) => {
    if (p.node) running.set(p.node, (running.get(p.node) ?? 0) + (p.phase === "Running" ? 1 : 0));
    // a pod going away (a victim terminating) or nominated changes what preemption finds
    if (p.node && p.deleting) nominations += `${p.key}~,`;
    if (p.nominatedNode) nominations += `${p.key}>${p.nominatedNode},`;
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
  return `${key}|${nominations}`;
}

export class ExplainCache {
  private readonly reads: SchedulerReads;
  private readonly changed: () => void;
  private readonly explanations = new Map<
    string,
    { explanation: Explanation | undefined; preemption: PreemptionView | undefined; key: string }
  >();
  private busy = false;
  private wanted: PodView[] = [];
  private key = "";
  private destroyed = false;

  constructor(reads: SchedulerReads, changed: () => void) {
    this.reads = reads;
    this.changed = changed;
  }

  /** The latest explanation of a pod (possibly from before the last change: see `fresh`). */
  explanation(podKey: string): Explanation | undefined {
    return this.explanations.get(podKey)?.explanation;
  }

  /** DefaultPreemption's dry run for a pod that fits nowhere (undefined when one fits). */
  preemption(podKey: string): PreemptionView | undefined {
    return this.explanations.get(podKey)?.preemption;
  }

  fresh(podKey: string): boolean {
    return this.explanations.get(podKey)?.key === this.key;
  }

  /** Keeps the explanations of `pods` (the selected one first) current for this view of the cluster. */
  want(view: ClusterView, pods: PodView[]): void {
    this.key = clusterKey(view);
    this.wanted = pods;
    const keep = new Set(pods.map((p) => p.key));
    for (const key of this.explanations.keys()) if (!keep.has(key)) this.explanations.delete(key);
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

  /** The most useful read to make now: the selected pod's explanation, then the others'. */
  private nextJob(): (() => Promise<void>) | undefined {
    const [first, ...rest] = this.wanted;
    const key = this.key;
    const explainJob = (pod: PodView) => async () => {
      const reply = await this.reads.explain(pod);
      this.explanations.set(pod.key, {
        explanation: reply?.explanation,
        preemption: reply?.preemption,
        key,
      });
    };
    if (first && !this.fresh(first.key)) return explainJob(first);
    const next = rest.find((p) => !this.fresh(p.key));
    return next ? explainJob(next) : undefined;
  }

  destroy(): void {
    this.destroyed = true;
  }
}
