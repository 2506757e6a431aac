import type { Pod, Toleration } from "../model/pod.ts";
import { type ImageLocalityState, preScoreImages } from "./imagelocality/imagelocality.ts";
import { compileNodeAffinity, type NodeAffinityState } from "./nodeaffinity/nodeaffinity.ts";
import { podHostPorts } from "./nodeinfo.ts";
import { computePodResourceRequest, type PodResourceRequest } from "./noderesources/fit.ts";
import { toleratesUnschedulable } from "./nodeunschedulable/nodeunschedulable.ts";
import type { Snapshot } from "./snapshot.ts";
import { preferNoScheduleTolerations } from "./tainttoleration/tainttoleration.ts";

/**
 * framework.CycleState: what the PreFilter and PreScore extension points compute once per pod and
 * scheduling cycle, so the per-node Filter and Score calls only read. Each part is produced by the
 * plugin that uses it.
 */
export interface CycleState {
  pod: Pod;
  snapshot: Snapshot;
  /** NodeResourcesFit PreFilter / PreScore. */
  resources: PodResourceRequest;
  /** TaintToleration Filter. */
  tolerations: readonly Toleration[];
  /** TaintToleration PreScore. */
  preferNoScheduleTolerations: Toleration[];
  /** NodeUnschedulable. */
  toleratesUnschedulable: boolean;
  /** NodeAffinity PreFilter / PreScore. */
  nodeAffinity: NodeAffinityState;
  /** NodePorts PreFilter. */
  hostPorts: string[];
  /** ImageLocality. */
  images: ImageLocalityState;
}

export function newCycleState(pod: Pod, snapshot: Snapshot): CycleState {
  return {
    pod,
    snapshot,
    resources: computePodResourceRequest(pod),
    tolerations: pod.spec.tolerations,
    preferNoScheduleTolerations: preferNoScheduleTolerations(pod),
    toleratesUnschedulable: toleratesUnschedulable(pod),
    nodeAffinity: compileNodeAffinity(pod),
    hostPorts: podHostPorts(pod),
    images: preScoreImages(pod, snapshot),
  };
}
