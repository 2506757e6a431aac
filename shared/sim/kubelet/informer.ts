import type { Engine } from "../engine/Engine.ts";
import { nodeOf } from "../model/seat.ts";
import { forgetPodOnNode } from "./lifecycle.ts";

/**
 * Each kubelet's watch of the pods bound to its node (the API server source of its pod config): a pod
 * newly bound there, or asked to terminate (sooner), wakes the node's sync at once; a pod gone from the
 * API is forgotten and what the runtime held for it freed. A kubelet or kube-proxy seat handed to a bot
 * (or back) wakes the node too, so a bot picks up where the player left off.
 */
interface BoundPod {
  node: string;
  deletionTimestamp: number | undefined;
}

export function watchForKubelets(engine: Engine): void {
  /** What the kubelets last heard of each bound pod: rebuilt from the state. */
  const bound = new Map<string, BoundPod>();
  for (const [key, pod] of Object.entries(engine.state.pods)) {
    const node = pod.spec.nodeName;
    if (node) bound.set(key, { node, deletionTimestamp: pod.metadata.deletionTimestamp });
  }

  engine.watch("Pod", ({ type, key, object: pod }) => {
    const node = pod.spec.nodeName;
    if (type === "DELETED") {
      bound.delete(key);
      if (node) forgetPodOnNode(engine, node, pod.metadata.uid);
      return;
    }
    if (!node) return;
    const seen = bound.get(key);
    const deletionTimestamp = pod.metadata.deletionTimestamp;
    if (seen && seen.deletionTimestamp === deletionTimestamp) return;
    bound.set(key, { node, deletionTimestamp });
    engine.wake(`node:${node}`);
  });

  engine.watch("Seat", ({ type, key }) => {
    const node = type === "MODIFIED" ? nodeOf(key) : undefined;
    if (node) engine.wake(`node:${node}`);
  });
}
