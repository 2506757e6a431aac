import type { Pod } from "../../model/pod.ts";
import { Mi } from "../../quantity.ts";
import type { CycleState } from "../cyclestate.ts";
import { MAX_NODE_SCORE, type ScorePlugin } from "../framework.ts";
import { type NodeInfo, normalizedImageName } from "../nodeinfo.ts";
import type { Snapshot } from "../snapshot.ts";

/**
 * ImageLocality (pkg/scheduler/framework/plugins/imagelocality): prefers nodes that already hold the
 * pod's images, weighting each image by how widely it has spread, so one node holding a rare image
 * does not attract every pod that uses it (the "node heating" problem).
 */
export const NAME = "ImageLocality";
/** Sizes below this score 0; the range matches the 90th percentile of Docker Hub image sizes. */
export const MIN_THRESHOLD = 23 * Mi;
export const MAX_CONTAINER_THRESHOLD = 1000 * Mi;

export interface ImageLocalityState {
  /** One entry per container whose image some node holds: its ref and spread (nodes holding it / all nodes). */
  refs: string[];
  spreads: number[];
  numContainers: number;
}

/** Per cycle: the pod's image refs and their spread over ALL nodes of the snapshot, not just feasible ones. */
export function preScoreImages(pod: Pod, snapshot: Snapshot): ImageLocalityState {
  const total = snapshot.nodeInfos.length;
  const refs: string[] = [];
  const spreads: number[] = [];
  for (const container of pod.spec.containers) {
    const ref = normalizedImageName(container.image);
    const numNodes = snapshot.imageNumNodes(ref);
    if (numNodes === 0 || total === 0) continue;
    refs.push(ref);
    spreads.push(numNodes / total);
  }
  return { refs, spreads, numContainers: pod.spec.containers.length };
}

/** scaledImageScore: the image size scaled by its spread, truncated as Go's int64() does. */
export function scaledImageScore(sizeBytes: number, numNodes: number, totalNumNodes: number): number {
  return Math.trunc(sizeBytes * (numNodes / totalNumNodes));
}

/** calculatePriority: the sum clamped to [23 MiB, 1000 MiB * containers], scaled to 0..100. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * Math.max(numContainers, 1);
  const sum = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export function imageLocalityScore(images: ImageLocalityState, info: NodeInfo): number {
  let sum = 0;
  const refs = images.refs;
  for (let i = 0; i < refs.length; i++) {
    const size = info.images.get(refs[i] as string);
    if (size !== undefined) sum += Math.trunc(size * (images.spreads[i] as number));
  }
  return calculatePriority(sum, images.numContainers);
}

export const imageLocality: ScorePlugin = {
  name: NAME,
  score(state: CycleState, info: NodeInfo): number {
    return imageLocalityScore(state.images, info);
  },
};
