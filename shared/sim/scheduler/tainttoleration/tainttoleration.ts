import type { Taint } from "../../model/node.ts";
import type { Pod, Toleration } from "../../model/pod.ts";
import type { CycleState } from "../cyclestate.ts";
import {
  type Code,
  type FilterPlugin,
  type ScorePlugin,
  SUCCESS,
  UNSCHEDULABLE_AND_UNRESOLVABLE,
} from "../framework.ts";
import type { NodeInfo } from "../nodeinfo.ts";
import { normalizeScoreReversed } from "../normalize.ts";

/**
 * TaintToleration (pkg/scheduler/framework/plugins/tainttoleration): NoSchedule and NoExecute taints
 * keep out pods that do not tolerate them; PreferNoSchedule taints only lower the score.
 */
export const NAME = "TaintToleration";

/** Toleration.ToleratesTaint (k8s.io/api/core/v1/toleration.go). An empty effect or key matches any. */
export function toleratesTaint(
  toleration: Toleration,
  taint: Pick<Taint, "key" | "value" | "effect">,
): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? "Equal") {
    case "Equal":
      return (toleration.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(
  tolerations: readonly Toleration[],
  taint: Pick<Taint, "key" | "value" | "effect">,
): boolean {
  for (let i = 0; i < tolerations.length; i++) {
    const toleration = tolerations[i];
    if (toleration && toleratesTaint(toleration, taint)) return true;
  }
  return false;
}

/** v1helper.FindMatchingUntoleratedTaint with DoNotScheduleTaintsFilterFunc: the first blocking taint. */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): Taint | undefined {
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i];
    if (!taint || taint.effect === "PreferNoSchedule") continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

export function untoleratedTaintReason(taint: Pick<Taint, "key" | "value">): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`;
}

/** PreScore: only tolerations that can match a PreferNoSchedule taint (that effect, or none). */
export function preferNoScheduleTolerations(pod: Pod): Toleration[] {
  return pod.spec.tolerations.filter((t) => !t.effect || t.effect === "PreferNoSchedule");
}

export function countIntolerableTaintsPreferNoSchedule(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): number {
  let count = 0;
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i];
    if (taint && taint.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(tolerations, taint))
      count++;
  }
  return count;
}

export const taintTolerationFilter: FilterPlugin = {
  name: NAME,
  filter(state: CycleState, info: NodeInfo): Code {
    const taints = info.node.spec.taints;
    if (taints.length === 0) return SUCCESS;
    return findUntoleratedTaint(taints, state.tolerations) ? UNSCHEDULABLE_AND_UNRESOLVABLE : SUCCESS;
  },
  reasons(state: CycleState, info: NodeInfo): string[] {
    const taint = findUntoleratedTaint(info.node.spec.taints, state.tolerations);
    return taint ? [untoleratedTaintReason(taint)] : [];
  },
};

export const taintTolerationScore: ScorePlugin = {
  name: NAME,
  score(state: CycleState, info: NodeInfo): number {
    const taints = info.node.spec.taints;
    return taints.length === 0
      ? 0
      : countIntolerableTaintsPreferNoSchedule(taints, state.preferNoScheduleTolerations);
  },
  normalize: normalizeScoreReversed,
};
