import type { CommandResult } from "../commands.ts";
import { budgetsForPod, pdbKey } from "../controllers/disruption/disruption.ts";
import { isReady } from "../controllers/pods.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Pod } from "../model/pod.ts";
import { evictPod } from "./apiserver.ts";

/**
 * The pods/eviction subresource (pkg/registry/core/pod/storage/eviction.go): a pod already finished,
 * pending or being deleted goes at once; otherwise the PodDisruptionBudget selecting it must allow one
 * more disruption, which the eviction takes (the budget's status records the pod in disruptedPods until
 * the disruption controller sees it gone). A budget that does not allow it answers 429.
 */
export const EVICTION_VIOLATES_BUDGET = "Cannot evict pod as it would violate the pod's disruption budget.";

function canIgnoreBudget(pod: Pod): boolean {
  const phase = pod.status.phase;
  return (
    phase === "Succeeded" ||
    phase === "Failed" ||
    phase === "Pending" ||
    pod.metadata.deletionTimestamp !== undefined
  );
}

/** Why a budget refuses this eviction now, or undefined when it allows it (without taking it). */
export function evictionRefusal(engine: Engine, pod: Pod): (CommandResult & { ok: false }) | undefined {
  if (canIgnoreBudget(pod)) return undefined;
  const budgets = budgetsForPod(engine, pod);
  if (budgets.length > 1) {
    return {
      ok: false,
      code: "InternalError",
      message:
        "Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
    };
  }
  const pdb = budgets[0];
  if (!pdb) return undefined;
  const status = pdb.status;
  // An unready pod does not count as healthy: evicting it costs the budget nothing while it is met.
  if (!isReady(pod) && status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0)
    return undefined;
  if (pdb.spec.unhealthyPodEvictionPolicy === "AlwaysAllow" && !isReady(pod)) return undefined;
  if (status.observedGeneration < (pdb.metadata.generation ?? 1) || status.disruptionsAllowed <= 0) {
    return { ok: false, code: "TooManyRequests", message: EVICTION_VIOLATES_BUDGET };
  }
  return undefined;
}

/** An eviction request: refused by a budget, or the pod deleted gracefully with its DisruptionTarget condition. */
export function evictThroughApi(engine: Engine, pod: Pod): CommandResult {
  const refused = evictionRefusal(engine, pod);
  if (refused) return refused;
  if (!canIgnoreBudget(pod) && isReady(pod)) {
    const pdb = budgetsForPod(engine, pod)[0];
    if (pdb) {
      pdb.status.disruptionsAllowed--;
      pdb.status.disruptedPods = { ...pdb.status.disruptedPods, [pod.metadata.name]: engine.now };
      engine.written("PodDisruptionBudget", pdbKey(pdb), pdb);
    }
  }
  evictPod(engine, pod, "EvictionByEvictionAPI", "Eviction API: evicting");
  return { ok: true, message: `pod/${pod.metadata.name} evicted` };
}
