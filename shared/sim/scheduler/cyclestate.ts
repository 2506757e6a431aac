import type { Pod, Toleration } from "../model/pod.ts";
import { type ImageLocalityState, preScoreImages } from "./imagelocality/imagelocality.ts";
import {
  type InterPodAffinityFilterState,
  preFilterInterPodAffinity,
  updateInterPodAffinityWithPod,
} from "./interpodaffinity/filtering.ts";
import type { InterPodAffinityScoreState } from "./interpodaffinity/scoring.ts";
import { compileNodeAffinity, type NodeAffinityState } from "./nodeaffinity/nodeaffinity.ts";
import { type NodeInfo, podHostPorts } from "./nodeinfo.ts";
import { computePodResourceRequest, type PodResourceRequest } from "./noderesources/fit.ts";
import { toleratesUnschedulable } from "./nodeunschedulable/nodeunschedulable.ts";
import {
  preFilterTopologySpread,
  type SpreadFilterState,
  updateTopologySpreadWithPod,
} from "./podtopologyspread/filtering.ts";
import type { SpreadScoreState } from "./podtopologyspread/scoring.ts";
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
  /** PodTopologySpread PreFilter (null: Skip) and PreScore (null: Skip; undefined: not run yet). */
  topologySpread: SpreadFilterState | null;
  topologySpreadScore?: SpreadScoreState | null;
  /** InterPodAffinity PreFilter (null: Skip) and PreScore. */
  interPodAffinity: InterPodAffinityFilterState | null;
  interPodAffinityScore?: InterPodAffinityScoreState | null;
}

export function newCycleState(pod: Pod, snapshot: Snapshot): CycleState {
  const state: CycleState = {
    pod,
    snapshot,
    resources: computePodResourceRequest(pod),
    tolerations: pod.spec.tolerations,
    preferNoScheduleTolerations: preferNoScheduleTolerations(pod),
    toleratesUnschedulable: toleratesUnschedulable(pod),
    nodeAffinity: compileNodeAffinity(pod),
    hostPorts: podHostPorts(pod),
    images: preScoreImages(pod, snapshot),
    topologySpread: null,
    interPodAffinity: preFilterInterPodAffinity(pod, snapshot),
  };
  // PodTopologySpread's inclusion policies read the node affinity compiled above.
  state.topologySpread = preFilterTopologySpread(state);
  return state;
}

/**
 * The PreFilter extensions (AddPod, RemovePod): keep the cycle's counts right when a pod is added to
 * or removed from a node for a what-if (nominated pods, preemption's dry run). Call after changing
 * the node info.
 */
export function cycleStateAddPod(state: CycleState, pod: Pod, info: NodeInfo): void {
  const labels = state.snapshot.namespaceLabels(pod.metadata.namespace);
  updateInterPodAffinityWithPod(state.interPodAffinity, pod, info.node, labels, 1);
  updateTopologySpreadWithPod(state, pod, info, 1);
}

export function cycleStateRemovePod(state: CycleState, pod: Pod, info: NodeInfo): void {
  const labels = state.snapshot.namespaceLabels(pod.metadata.namespace);
  updateInterPodAffinityWithPod(state.interPodAffinity, pod, info.node, labels, -1);
  updateTopologySpreadWithPod(state, pod, info, -1);
}

/**
 * CycleState.Clone for preemption's dry run: the counts PreFilter extensions change are copied, the
 * rest (read-only during a cycle) shared.
 */
export function cloneCycleState(state: CycleState): CycleState {
  const ipa = state.interPodAffinity;
  const spread = state.topologySpread;
  return {
    ...state,
    interPodAffinity: ipa && {
      ...ipa,
      existingAntiAffinityCounts: new Map(ipa.existingAntiAffinityCounts),
      affinityCounts: new Map(ipa.affinityCounts),
      antiAffinityCounts: new Map(ipa.antiAffinityCounts),
    },
    topologySpread: spread && {
      ...spread,
      tpPairToMatchNum: new Map(spread.tpPairToMatchNum),
      tpKeyToDomainsNum: new Map(spread.tpKeyToDomainsNum),
      tpKeyToCriticalPaths: new Map(
        [...spread.tpKeyToCriticalPaths].map(([key, paths]) => [key, [{ ...paths[0] }, { ...paths[1] }]]),
      ),
    },
  };
}
