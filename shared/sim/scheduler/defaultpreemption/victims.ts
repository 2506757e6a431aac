import { labelSelectorAsSelector, matches } from "../../labels/selector.ts";
import type { Pod } from "../../model/pod.ts";
import type { PodDisruptionBudget } from "../../model/policy.ts";
import { type CycleState, cloneCycleState, cycleStateAddPod, cycleStateRemovePod } from "../cyclestate.ts";
import { type FilterFailure, filterWithNominatedPods } from "../filters.ts";
import { type Code, type Profile, UNSCHEDULABLE_AND_UNRESOLVABLE } from "../framework.ts";
import { addPod, type NodeInfo, removePod } from "../nodeinfo.ts";

/**
 * SelectVictimsOnNode (pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go): take
 * every lower-priority pod off the node; if the preemptor still does not fit, the node cannot help.
 * Otherwise give pods back, most important first — those whose eviction would break a
 * PodDisruptionBudget before the others — keeping each one that still leaves room: what is left are the
 * victims, the fewest and least important that make room.
 */
export const ERR_NO_VICTIMS = "No preemption victims found for incoming pod";

/** util.MoreImportantPod: higher priority, then the one that started earlier. */
export function moreImportantPod(a: Pod, b: Pod, now: number): boolean {
  if (a.spec.priority !== b.spec.priority) return a.spec.priority > b.spec.priority;
  return (a.status.startTime ?? now) < (b.status.startTime ?? now);
}

/** filterPodsWithPDBViolation: the pods whose eviction would take a budget below zero, and the rest. */
export function filterPodsWithPDBViolation(
  pods: readonly Pod[],
  pdbs: readonly PodDisruptionBudget[],
): { violating: Pod[]; nonViolating: Pod[] } {
  const allowed = pdbs.map((pdb) => pdb.status.disruptionsAllowed);
  const selectors = pdbs.map((pdb) => {
    if (!pdb.spec.selector) return null;
    const converted = labelSelectorAsSelector(pdb.spec.selector);
    // A budget with no selector or an empty one matches nothing here.
    return converted.ok && converted.selector.length > 0 ? converted.selector : null;
  });
  const violating: Pod[] = [];
  const nonViolating: Pod[] = [];
  for (const pod of pods) {
    let violated = false;
    if (Object.keys(pod.metadata.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        const selector = selectors[i];
        if (pdb.metadata.namespace !== pod.metadata.namespace || !selector) return;
        if (!matches(selector, pod.metadata.labels)) return;
        // Already being disrupted through the API: counted by the budget already.
        if (Object.hasOwn(pdb.status.disruptedPods, pod.metadata.name)) return;
        allowed[i] = (allowed[i] as number) - 1;
        if ((allowed[i] as number) < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pod);
  }
  return { violating, nonViolating };
}

export type VictimsResult =
  | { ok: true; victims: Pod[]; numPDBViolations: number }
  | { ok: false; code: Code; reasons: string[] };

function takeOff(state: CycleState, info: NodeInfo, pod: Pod): void {
  removePod(info, pod);
  cycleStateRemovePod(state, pod, info);
}

function putBack(state: CycleState, info: NodeInfo, pod: Pod): void {
  addPod(info, pod);
  cycleStateAddPod(state, pod, info);
}

/**
 * Works on a copy of the cycle state and on the node info in place, which it leaves as it found it
 * (upstream works on a copy of the node; restoring costs less than copying its pods).
 */
export function selectVictimsOnNode(
  cycle: CycleState,
  profile: Profile,
  info: NodeInfo,
  pdbs: readonly PodDisruptionBudget[],
  now: number,
): VictimsResult {
  const priority = cycle.pod.spec.priority;
  const potential = [...info.pods.values()].filter((p) => p.spec.priority < priority);
  if (potential.length === 0)
    return { ok: false, code: UNSCHEDULABLE_AND_UNRESOLVABLE, reasons: [ERR_NO_VICTIMS] };
  const state = cloneCycleState(cycle);
  for (const pod of potential) takeOff(state, info, pod);
  const removed = new Set(potential);
  const restore = () => {
    for (const pod of removed) putBack(state, info, pod);
  };
  const blocked: FilterFailure | undefined = filterWithNominatedPods(state, profile, info);
  if (blocked) {
    restore();
    return { ok: false, code: blocked.code, reasons: blocked.reasons };
  }
  potential.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
  const victims: Pod[] = [];
  let numPDBViolations = 0;
  const reprieve = (pod: Pod): boolean => {
    putBack(state, info, pod);
    removed.delete(pod);
    if (filterWithNominatedPods(state, profile, info) === undefined) return true;
    takeOff(state, info, pod);
    removed.add(pod);
    victims.push(pod);
    return false;
  };
  for (const pod of violating) if (!reprieve(pod)) numPDBViolations++;
  for (const pod of nonViolating) reprieve(pod);
  restore();
  if (violating.length > 0 && nonViolating.length > 0) {
    victims.sort((a, b) => (moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0));
  }
  return { ok: true, victims, numPDBViolations };
}
