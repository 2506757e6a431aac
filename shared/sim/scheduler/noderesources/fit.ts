import type { Pod } from "../../model/pod.ts";
import type { CycleState } from "../cyclestate.ts";
import {
  type Code,
  type FilterPlugin,
  MAX_NODE_SCORE,
  type ScorePlugin,
  SUCCESS,
  UNSCHEDULABLE,
  UNSCHEDULABLE_AND_UNRESOLVABLE,
} from "../framework.ts";
import { type NodeInfo, podNonZeroRequests } from "../nodeinfo.ts";

/**
 * NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources/fit.go): the filter compares the
 * pod's requests with what the node's allocatable leaves after the requests of its pods (never actual
 * usage); the score is the default LeastAllocated strategy (least_allocated.go), cpu and memory
 * weighted 1 each.
 */
export const NAME = "NodeResourcesFit";
export const REASON_TOO_MANY_PODS = "Too many pods";
export const REASON_INSUFFICIENT_CPU = "Insufficient cpu";
export const REASON_INSUFFICIENT_MEMORY = "Insufficient memory";

/** The pod's requests as PreFilter and PreScore compute them. */
export interface PodResourceRequest {
  /** Requests as declared (filtering, BalancedAllocation). */
  cpu: number;
  memory: number;
  /** With the scheduler's defaults for containers that request nothing (LeastAllocated). */
  nonZeroCpu: number;
  nonZeroMemory: number;
}

export function computePodResourceRequest(pod: Pod): PodResourceRequest {
  const nonZero = podNonZeroRequests(pod);
  return {
    cpu: pod.requests.cpu,
    memory: pod.requests.memory,
    nonZeroCpu: nonZero.cpu,
    nonZeroMemory: nonZero.memory,
  };
}

const TOO_MANY_PODS = 1;
const INSUFFICIENT_CPU = 2;
const INSUFFICIENT_MEMORY = 4;
const UNRESOLVABLE = 8;

/**
 * fitsRequest as a bit set, so the filter allocates nothing: pods, cpu, memory in upstream's order.
 * A request larger than the whole allocatable is marked unresolvable: no preemption can make room.
 */
export function insufficientResources(request: PodResourceRequest, info: NodeInfo): number {
  const allocatable = info.node.status.allocatable;
  const requested = info.requested;
  let result = 0;
  if (requested.pods + 1 > allocatable.pods) result |= TOO_MANY_PODS;
  if (request.cpu === 0 && request.memory === 0) return result;
  if (request.cpu > 0 && request.cpu > allocatable.cpu - requested.cpu) {
    result |= INSUFFICIENT_CPU;
    if (request.cpu > allocatable.cpu) result |= UNRESOLVABLE;
  }
  if (request.memory > 0 && request.memory > allocatable.memory - requested.memory) {
    result |= INSUFFICIENT_MEMORY;
    if (request.memory > allocatable.memory) result |= UNRESOLVABLE;
  }
  return result;
}

export const fitFilter: FilterPlugin = {
  name: NAME,
  filter(state: CycleState, info: NodeInfo): Code {
    const result = insufficientResources(state.resources, info);
    if (result === 0) return SUCCESS;
    return result & UNRESOLVABLE ? UNSCHEDULABLE_AND_UNRESOLVABLE : UNSCHEDULABLE;
  },
  reasons(state: CycleState, info: NodeInfo): string[] {
    const result = insufficientResources(state.resources, info);
    const reasons: string[] = [];
    if (result & TOO_MANY_PODS) reasons.push(REASON_TOO_MANY_PODS);
    if (result & INSUFFICIENT_CPU) reasons.push(REASON_INSUFFICIENT_CPU);
    if (result & INSUFFICIENT_MEMORY) reasons.push(REASON_INSUFFICIENT_MEMORY);
    return reasons;
  },
};

/** leastRequestedScore: the free share of one resource, 0..100, Go integer division. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * LeastAllocated over cpu and memory with the non-zero requests of the node's pods plus the incoming
 * pod; a resource the node does not offer (allocatable 0) is left out of the mean.
 */
export function leastAllocatedScore(request: PodResourceRequest, info: NodeInfo): number {
  const allocatable = info.node.status.allocatable;
  let score = 0;
  let weightSum = 0;
  if (allocatable.cpu !== 0) {
    score += leastRequestedScore(info.nonZeroRequested.cpu + request.nonZeroCpu, allocatable.cpu);
    weightSum++;
  }
  if (allocatable.memory !== 0) {
    score += leastRequestedScore(info.nonZeroRequested.memory + request.nonZeroMemory, allocatable.memory);
    weightSum++;
  }
  return weightSum === 0 ? 0 : Math.trunc(score / weightSum);
}

export const fitScore: ScorePlugin = {
  name: NAME,
  score(state: CycleState, info: NodeInfo): number {
    return leastAllocatedScore(state.resources, info);
  },
};
