import type { Engine } from "../sim/engine/Engine.ts";
import type { Pod } from "../sim/model/pod.ts";
import { newCycleState } from "../sim/scheduler/cyclestate.ts";
import { notEligible, preempt } from "../sim/scheduler/defaultpreemption/preemption.ts";
import { filterWithNominatedPods } from "../sim/scheduler/filters.ts";
import { DEFAULT_PROFILE } from "../sim/scheduler/registry.ts";

/**
 * DefaultPreemption's reading of a pod that fits on no Node, for the scheduler seat (it travels in the
 * reply to `explain`, to the one who asked): the pod's priority, whether it may preempt at all, and for
 * each Node where evicting lower-priority pods would make room, the fewest victims kube-scheduler would
 * pick there, and which Node it would choose. The student picks a Node and victims; the judge compares.
 */
export interface PreemptionCandidateView {
  node: string;
  /** "namespace/name", most important first (as the candidate lists them). */
  victims: string[];
  /** Victims whose eviction a PodDisruptionBudget does not allow. */
  pdbViolations: number;
}

export interface PreemptionView {
  priority: number;
  /** Why the pod may not preempt (its preemptionPolicy is Never ...), "" when it may. */
  notEligible: string;
  candidates: PreemptionCandidateView[];
  /** The Node DefaultPreemption would nominate, "" when it would not preempt. */
  chosen: string;
  /** DefaultPreemption's message when it would not preempt ("0/3 nodes are available: ..."), else "". */
  message: string;
}

const keyOf = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;

/** The dry run of DefaultPreemption for a pending pod (on a copy of the random state: nothing changes). */
export function preemptionView(engine: Engine, pod: Pod): PreemptionView {
  const snapshot = engine.snapshot;
  const priority = pod.spec.priority ?? 0;
  const codes: Record<string, 0 | 1 | 2> = {};
  const state = newCycleState(pod, snapshot);
  for (const info of snapshot.nodeInfos) {
    const failed = filterWithNominatedPods(state, DEFAULT_PROFILE, info);
    codes[info.node.metadata.name] = failed ? failed.code : 0;
  }
  const why = notEligible(pod, snapshot, codes);
  if (why) return { priority, notEligible: why, candidates: [], chosen: "", message: "" };
  const rng: [number, number, number, number] = [...engine.state.rng];
  const result = preempt(pod, snapshot, codes, rng, engine.now);
  if (!result.ok) return { priority, notEligible: "", candidates: [], chosen: "", message: result.message };
  const candidates = result.candidates
    .map((c) => ({ node: c.node, victims: c.victims.map(keyOf), pdbViolations: c.numPDBViolations }))
    .sort((a, b) => a.node.localeCompare(b.node, "en", { numeric: true }));
  return { priority, notEligible: "", candidates, chosen: result.candidate.node, message: "" };
}
