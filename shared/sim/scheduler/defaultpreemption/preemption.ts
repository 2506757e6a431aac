import type { Pod } from "../../model/pod.ts";
import type { PodDisruptionBudget } from "../../model/policy.ts";
import { nextInt, type RngState } from "../../prng.ts";
import { type CycleState, newCycleState } from "../cyclestate.ts";
import { type Code, type Profile, UNSCHEDULABLE_AND_UNRESOLVABLE } from "../framework.ts";
import type { NodeInfo } from "../nodeinfo.ts";
import { DEFAULT_PROFILE } from "../registry.ts";
import { fitErrorMessage } from "../scheduleone.ts";
import type { Snapshot } from "../snapshot.ts";
import { moreImportantPod, selectVictimsOnNode } from "./victims.ts";

/**
 * DefaultPreemption, the PostFilter (pkg/scheduler/framework/preemption/preemption.go and
 * plugins/defaultpreemption): when no node fits, find the nodes where evicting lower-priority pods
 * would make room, pick one as kube-scheduler picks it (fewest PodDisruptionBudget violations, then
 * the lowest highest-priority victim, the smallest sum of priorities, the fewest victims, the latest
 * start), and name the victims. The caller nominates the node and evicts them (scheduler/preempt.ts).
 */
export const NAME = "DefaultPreemption";
/** DefaultPreemptionArgs defaults. */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;
export const ERR_PREEMPTION_NOT_HELPFUL = "Preemption is not helpful for scheduling";
export const NOT_ELIGIBLE_NEVER = "not eligible due to preemptionPolicy=Never.";
export const NOT_ELIGIBLE_TERMINATING = "not eligible due to a terminating pod on the nominated node.";

export interface Candidate {
  node: string;
  victims: Pod[];
  numPDBViolations: number;
}

export type PreemptionResult =
  /** A node and its victims: nominate the node, evict the victims. */
  | { ok: true; candidate: Candidate; candidates: Candidate[] }
  /**
   * No preemption: the message for the FailedScheduling event ("preemption: ..."), and whether the
   * pod's nominatedNodeName must be cleared.
   */
  | { ok: false; message: string; clearNomination: boolean; statuses?: Record<string, string[]> };

/** The pod was preempting for this node already: one of its victims (a lower-priority pod) is still terminating. */
function terminatingVictimOn(info: NodeInfo, pod: Pod): boolean {
  for (const p of info.pods.values()) {
    if (p.spec.priority >= pod.spec.priority || p.metadata.deletionTimestamp === undefined) continue;
    if (
      p.status.conditions.some(
        (c) => c.type === "DisruptionTarget" && c.status === "True" && c.reason === "PreemptionByScheduler",
      )
    )
      return true;
  }
  return false;
}

/** PodEligibleToPreemptOthers: undefined when the pod may preempt, else why not. */
export function notEligible(
  pod: Pod,
  snapshot: Snapshot,
  codes: Readonly<Record<string, Code>>,
): string | undefined {
  if (pod.spec.preemptionPolicy === "Never") return NOT_ELIGIBLE_NEVER;
  const nominated = pod.status.nominatedNodeName;
  if (nominated) {
    if (codes[nominated] === UNSCHEDULABLE_AND_UNRESOLVABLE) return undefined;
    const info = snapshot.getNodeInfo(nominated);
    if (info && terminatingVictimOn(info, pod)) return NOT_ELIGIBLE_TERMINATING;
  }
  return undefined;
}

/** calculateNumCandidates: 10 % of the nodes, at least 100, at most all. */
export function numCandidates(numNodes: number): number {
  const n = Math.trunc((numNodes * MIN_CANDIDATE_NODES_PERCENTAGE) / 100);
  return Math.min(numNodes, Math.max(n, MIN_CANDIDATE_NODES_ABSOLUTE));
}

/** pickOneNodeForPreemption: each rule keeps the best nodes; the first rule leaving one decides. */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  const MAX_INT32 = 2 ** 31 - 1;
  const rules: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -(c.victims[0] as Pod).spec.priority,
    (c) => -c.victims.reduce((sum, p) => sum + p.spec.priority + MAX_INT32 + 1, 0),
    (c) => -c.victims.length,
    (c) => {
      // The earliest start among the highest-priority victims: the later, the better.
      const top = (c.victims[0] as Pod).spec.priority;
      let earliest = Number.POSITIVE_INFINITY;
      for (const p of c.victims) {
        if (p.spec.priority === top)
          earliest = Math.min(earliest, p.status.startTime ?? Number.POSITIVE_INFINITY);
      }
      return earliest === Number.POSITIVE_INFINITY ? Number.MIN_SAFE_INTEGER : earliest;
    },
  ];
  let remaining = [...candidates];
  for (const rule of rules) {
    let best = Number.NEGATIVE_INFINITY;
    let kept: Candidate[] = [];
    for (const c of remaining) {
      const score = rule(c);
      if (score > best) {
        best = score;
        kept = [c];
      } else if (score === best) kept.push(c);
    }
    if (kept.length === 1) return kept[0];
    remaining = kept;
  }
  return remaining[0];
}

function budgets(snapshot: Snapshot): PodDisruptionBudget[] {
  const table = snapshot.listers.poddisruptionbudgets ?? {};
  return Object.keys(table)
    .sort()
    .map((k) => table[k] as PodDisruptionBudget);
}

/**
 * The dry run over the nodes where preemption might help (status Unschedulable, not
 * UnschedulableAndUnresolvable), from a random offset, until enough candidates are found.
 */
export function findCandidates(
  state: CycleState,
  profile: Profile,
  codes: Readonly<Record<string, Code>>,
  rng: RngState,
  now: number,
): { candidates: Candidate[]; statuses: Record<string, string[]> } {
  const snapshot = state.snapshot;
  const statuses: Record<string, string[]> = {};
  const potential: NodeInfo[] = [];
  for (const info of snapshot.nodeInfos) {
    const name = info.node.metadata.name;
    if (codes[name] === UNSCHEDULABLE_AND_UNRESOLVABLE) statuses[name] = [ERR_PREEMPTION_NOT_HELPFUL];
    else potential.push(info);
  }
  if (potential.length === 0) return { candidates: [], statuses };
  const offset = nextInt(rng, potential.length);
  const wanted = numCandidates(potential.length);
  const pdbs = budgets(snapshot);
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  for (let i = 0; i < potential.length; i++) {
    const info = potential[(offset + i) % potential.length] as NodeInfo;
    const result = selectVictimsOnNode(state, profile, info, pdbs, now);
    const name = info.node.metadata.name;
    if (result.ok && result.victims.length > 0) {
      const candidate = { node: name, victims: result.victims, numPDBViolations: result.numPDBViolations };
      (result.numPDBViolations === 0 ? nonViolating : violating).push(candidate);
      if (nonViolating.length > 0 && nonViolating.length + violating.length >= wanted) break;
      continue;
    }
    statuses[name] = result.ok ? [`expected at least one victim pod on node "${name}"`] : result.reasons;
  }
  return { candidates: [...nonViolating, ...violating], statuses };
}

/**
 * Preempt: eligibility, candidates, the chosen one. `codes` are the failed cycle's node statuses.
 * Consumes the rng for the dry run's offset (when it gets that far).
 */
export function preempt(
  pod: Pod,
  snapshot: Snapshot,
  codes: Readonly<Record<string, Code>>,
  rng: RngState,
  now: number,
  profile: Profile = DEFAULT_PROFILE,
): PreemptionResult {
  const why = notEligible(pod, snapshot, codes);
  if (why) return { ok: false, message: why, clearNomination: false };
  const state = newCycleState(pod, snapshot);
  const { candidates, statuses } = findCandidates(state, profile, codes, rng, now);
  const chosen = pickOneNodeForPreemption(candidates);
  if (!chosen) {
    return {
      ok: false,
      message: fitErrorMessage(Object.keys(statuses).length, statuses),
      clearNomination: true,
      statuses,
    };
  }
  return { ok: true, candidate: chosen, candidates };
}

/** Victims in the order they are evicted, most important first (as SelectVictimsOnNode leaves them). */
export function sortVictims(victims: Pod[], now: number): Pod[] {
  return [...victims].sort((a, b) =>
    moreImportantPod(a, b, now) ? -1 : moreImportantPod(b, a, now) ? 1 : 0,
  );
}
