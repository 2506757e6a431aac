import type { CycleState } from "../cyclestate.ts";
import { MAX_NODE_SCORE, type ScorePlugin } from "../framework.ts";
import type { NodeInfo } from "../nodeinfo.ts";
import type { PodResourceRequest } from "./fit.ts";

/**
 * NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go): prefers nodes whose cpu and
 * memory would be used in equal shares after placing the pod. Uses the declared requests, not the
 * non-zero defaults (useRequested), and skips best-effort pods entirely (upstream since v1.33, so
 * they do not all pile onto one node).
 */
export const NAME = "NodeResourcesBalancedAllocation";

/** balancedResourceScorer: (1 - std) * 100 of the requested/allocatable fractions, each capped at 1. */
export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    const alloc = allocatable[i] ?? 0;
    if (alloc === 0) continue;
    const fraction = Math.min((requested[i] ?? 0) / alloc, 1);
    total += fraction;
    fractions.push(fraction);
  }
  let std = 0;
  if (fractions.length === 2) {
    // With two resources the standard deviation is half their difference.
    std = Math.abs(((fractions[0] as number) - (fractions[1] as number)) / 2);
  } else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const fraction of fractions) sum += (fraction - mean) * (fraction - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** The same for cpu and memory without building arrays, for the scheduling hot path. */
export function balancedAllocationScore(request: PodResourceRequest, info: NodeInfo): number {
  const allocatable = info.node.status.allocatable;
  const cpuFraction =
    allocatable.cpu === 0 ? -1 : Math.min((info.requested.cpu + request.cpu) / allocatable.cpu, 1);
  const memFraction =
    allocatable.memory === 0
      ? -1
      : Math.min((info.requested.memory + request.memory) / allocatable.memory, 1);
  const std = cpuFraction < 0 || memFraction < 0 ? 0 : Math.abs((cpuFraction - memFraction) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export function isBestEffort(request: PodResourceRequest): boolean {
  return request.cpu === 0 && request.memory === 0;
}

export const balancedAllocation: ScorePlugin = {
  name: NAME,
  preScore(state: CycleState): boolean {
    return !isBestEffort(state.resources);
  },
  score(state: CycleState, info: NodeInfo): number {
    return balancedAllocationScore(state.resources, info);
  },
};
