import { deleteObject, writePodStatus } from "../apiserver/apiserver.ts";
import { recordAudit } from "../apiserver/audit.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Judgement } from "../model/judgement.ts";
import { objectKey } from "../model/meta.ts";
import type { Pod } from "../model/pod.ts";
import { newCycleState } from "./cyclestate.ts";
import {
  type Candidate,
  notEligible,
  pickOneNodeForPreemption,
  preempt,
} from "./defaultpreemption/preemption.ts";
import { selectVictimsOnNode } from "./defaultpreemption/victims.ts";
import { filterWithNominatedPods } from "./filters.ts";
import { addPod, removePod } from "./nodeinfo.ts";
import { DEFAULT_PROFILE } from "./registry.ts";

/**
 * Carrying a preemption out (prepareCandidate and the nomination), as kube-scheduler's API requests:
 * each victim gets the DisruptionTarget condition, a graceful delete and a `Preempted` event; pods of
 * lower priority nominated to the same node lose their nomination; the preemptor's
 * status.nominatedNodeName names the node. The bot does this after DefaultPreemption chose; a player
 * at the scheduler seat chooses the node (and maybe the victims) and is judged against that choice.
 */
export const PREEMPTION_REASON = "PreemptionByScheduler";

const podRef = (pod: Pod) => ({
  kind: "Pod",
  name: pod.metadata.name,
  namespace: pod.metadata.namespace,
  uid: pod.metadata.uid,
});

function evictVictim(engine: Engine, preemptor: Pod, victim: Pod, node: string): void {
  if (!victim.status.conditions.some((c) => c.type === "DisruptionTarget")) {
    victim.status.conditions.push({
      type: "DisruptionTarget",
      status: "True",
      reason: PREEMPTION_REASON,
      message: `${preemptor.spec.schedulerName}: preempting to accommodate a higher priority pod`,
      lastTransitionTime: engine.now,
    });
    writePodStatus(engine, victim);
  }
  recordAudit(
    engine,
    "scheduler",
    { verb: "delete", resource: "pods", namespace: victim.metadata.namespace, name: victim.metadata.name },
    { ok: true },
  );
  deleteObject(engine, "Pod", victim.metadata.name, victim.metadata.namespace);
  engine.emit({
    type: "Normal",
    reason: "Preempted",
    message: `Preempted by pod ${preemptor.metadata.uid} on node ${node}`,
    involvedObject: podRef(victim),
    source: { component: preemptor.spec.schedulerName },
  });
}

/** Evicts the victims and nominates the node. */
export function carryOutPreemption(engine: Engine, pod: Pod, node: string, victims: readonly Pod[]): void {
  for (const victim of victims) evictVictim(engine, pod, victim, node);
  for (const other of Object.values(engine.state.pods)) {
    if (other === pod || other.spec.nodeName || other.status.nominatedNodeName !== node) continue;
    if (other.spec.priority >= pod.spec.priority) continue;
    delete other.status.nominatedNodeName;
    writePodStatus(engine, other);
  }
  pod.status.nominatedNodeName = node;
  writePodStatus(engine, pod);
}

/** A player's victims, checked: on the node, of lower priority, and enough to make room there. */
function checkVictims(engine: Engine, pod: Pod, node: string, names: readonly string[]): Pod[] | string {
  const victims: Pod[] = [];
  for (const name of names) {
    // "namespace/name", or a name in the preemptor's namespace (else the only pod of that name)
    const victim = name.includes("/")
      ? engine.state.pods[name]
      : (engine.state.pods[objectKey(pod.metadata.namespace, name)] ?? findPod(engine, name));
    if (!victim || victim.spec.nodeName !== node) return `pod "${name}" is not running on node "${node}"`;
    if (victim.spec.priority >= pod.spec.priority) {
      return `pod "${name}" has priority ${victim.spec.priority}, not lower than ${pod.spec.priority}: only lower-priority pods may be preempted`;
    }
    victims.push(victim);
  }
  const info = engine.snapshot.getNodeInfo(node);
  if (!info) return `nodes "${node}" not found`;
  const state = newCycleState(pod, engine.snapshot);
  for (const v of victims) removePod(info, v);
  const blocked = filterWithNominatedPods(state, DEFAULT_PROFILE, info);
  for (const v of victims) addPod(info, v);
  if (blocked)
    return `evicting ${victims.length === 0 ? "no pod" : names.join(", ")} would not make room on ${node}: ${blocked.reasons.join(", ")}`;
  return victims;
}

/** A pod by name in any namespace (victims may live in other namespaces than the preemptor). */
function findPod(engine: Engine, name: string): Pod | undefined {
  for (const pod of Object.values(engine.state.pods)) if (pod.metadata.name === name) return pod;
  return undefined;
}

/**
 * The player's preemption judged against DefaultPreemption's choice: 100 when it is as good by
 * pickOneNodeForPreemption's rules (the same node, or one that ties), less when worse, less again for
 * victims beyond the minimal set the default would evict on that node.
 */
export function judgePreemption(
  engine: Engine,
  pod: Pod,
  node: string,
  victims: readonly Pod[],
): Omit<Judgement, "seq" | "time" | "driver"> {
  const subject = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const explanation = engine.snapshot;
  const codes: Record<string, 0 | 1 | 2> = {};
  const state = newCycleState(pod, explanation);
  for (const info of explanation.nodeInfos) {
    const failed = filterWithNominatedPods(state, DEFAULT_PROFILE, info);
    codes[info.node.metadata.name] = failed ? failed.code : 0;
  }
  // The judge must not disturb the game's random sequence: it works on a copy of the rng.
  const rng: [number, number, number, number] = [...engine.state.rng];
  const best = preempt(pod, engine.snapshot, codes, rng, engine.now);
  if (!best.ok) {
    return {
      seat: "scheduler",
      kind: "preemption",
      subject,
      value: 0,
      detail: `DefaultPreemption would not preempt: ${best.message}`,
    };
  }
  const info = engine.snapshot.getNodeInfo(node);
  const pdbs = Object.values(engine.state.poddisruptionbudgets);
  const minimal = info ? selectVictimsOnNode(state, DEFAULT_PROFILE, info, pdbs, engine.now) : undefined;
  const mine: Candidate = {
    node,
    victims: [...victims].sort((a, b) => b.spec.priority - a.spec.priority),
    numPDBViolations: minimal?.ok ? minimal.numPDBViolations : 0,
  };
  const chosen = best.candidate;
  const tie = pickOneNodeForPreemption([chosen, mine]) === mine || node === chosen.node;
  const extra = minimal?.ok ? Math.max(0, victims.length - minimal.victims.length) : 0;
  const value = Math.max(0, (tie ? 100 : 60) - extra * 15);
  const names = (c: Candidate) => c.victims.map((v) => v.metadata.name).join(", ");
  return {
    seat: "scheduler",
    kind: "preemption",
    subject,
    value,
    detail:
      value === 100
        ? `${node} is DefaultPreemption's choice (victims: ${names(mine)})`
        : `DefaultPreemption would preempt ${names(chosen)} on ${chosen.node}; you chose ${names(mine)} on ${node}`,
  };
}

/** The Preempt command: a player's choice (victims optional: the minimal set on that node) or the bot's. */
export function preemptCommand(
  engine: Engine,
  namespace: string,
  podName: string,
  node: string,
  victimNames: readonly string[] | undefined,
  judged: boolean,
): CommandResult {
  const pod = engine.state.pods[objectKey(namespace, podName)];
  if (!pod) return { ok: false, code: "NotFound", message: `pods "${podName}" not found` };
  if (pod.spec.nodeName) {
    return {
      ok: false,
      code: "Conflict",
      message: `pod ${podName} is already assigned to node "${pod.spec.nodeName}"`,
    };
  }
  if (!engine.snapshot.getNodeInfo(node))
    return { ok: false, code: "NotFound", message: `nodes "${node}" not found` };
  const why = notEligible(pod, engine.snapshot, {});
  if (why) return { ok: false, code: "Forbidden", message: `preemption: ${why}` };
  let victims: Pod[];
  if (victimNames) {
    const checked = checkVictims(engine, pod, node, victimNames);
    if (typeof checked === "string") return { ok: false, code: "Invalid", message: checked };
    victims = checked;
  } else {
    const info = engine.snapshot.getNodeInfo(node);
    const state = newCycleState(pod, engine.snapshot);
    const pdbs = Object.values(engine.state.poddisruptionbudgets);
    const result = info ? selectVictimsOnNode(state, DEFAULT_PROFILE, info, pdbs, engine.now) : undefined;
    if (!result?.ok) {
      return {
        ok: false,
        code: "Invalid",
        message: `preemption on ${node}: ${result?.reasons.join(", ") ?? "no such node"}`,
      };
    }
    victims = result.victims;
  }
  const verdict = judged ? judgePreemption(engine, pod, node, victims) : undefined;
  carryOutPreemption(engine, pod, node, victims);
  const message = `pod/${podName} nominated to ${node}; preempting ${victims.map((v) => v.metadata.name).join(", ") || "no pod"}`;
  return verdict ? { ok: true, message, judgement: engine.judge(verdict) } : { ok: true, message };
}
