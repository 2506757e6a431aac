import { apiAvailable } from "../apiserver/availability.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Judgement } from "../model/judgement.ts";
import type { Node } from "../model/node.ts";
import { addNode } from "../world/cloud.ts";
import {
  beginScaleDown,
  blockedReason,
  finishScaleDowns,
  podsToMove,
  scaleDownCandidates,
  utilization,
} from "./scaledown.ts";
import { groupSize, planScaleUp } from "./scaleup.ts";
import {
  SCALE_DOWN_DELAY_AFTER_ADD_SECONDS,
  SCALE_DOWN_UNNEEDED_SECONDS,
  SCALE_DOWN_UTILIZATION_THRESHOLD,
  SCAN_INTERVAL_MS,
} from "./spec.ts";
import type { ClusterAutoscalerState } from "./state.ts";

/**
 * The cluster autoscaler's loop (every --scan-interval, 10 s): scale up for pods the scheduler cannot
 * place, find unneeded nodes, remove those unneeded for scale-down-unneeded-time (10 min) unless a
 * scale-up happened within scale-down-delay-after-add (10 min). Played by its bot unless a student holds
 * the autoscaler seat, whose moves (ScaleUpNodeGroup, ScaleDownNode) are judged against the bot's.
 */
const SOURCE = { component: "cluster-autoscaler" };
export const AUTOSCALER_SEAT = "autoscaler";

function emitPod(
  engine: Engine,
  pod: { metadata: { name: string; namespace: string; uid: string } },
  reason: string,
  message: string,
): void {
  engine.emit({
    type: "Normal",
    reason,
    message,
    involvedObject: {
      kind: "Pod",
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      uid: pod.metadata.uid,
    },
    source: SOURCE,
  });
}

/** Adds `count` nodes to a group (a bot's or a player's scale-up). */
export function scaleUpNodeGroup(
  engine: Engine,
  ca: ClusterAutoscalerState,
  groupName: string,
  count: number,
): CommandResult {
  const group = ca.spec.nodeGroups.find((g) => g.name === groupName);
  if (!group) return { ok: false, code: "NotFound", message: `node group "${groupName}" not found` };
  const { ready, upcoming } = groupSize(engine, group.name);
  const from = ready.length + upcoming;
  const to = Math.min(group.max, from + count);
  if (to <= from)
    return {
      ok: false,
      code: "Invalid",
      message: `node group ${group.name} is at its maximum size (${group.max})`,
    };
  const helped =
    planScaleUp(engine, ca.spec.nodeGroups).options.find((o) => o.group.name === group.name)?.pods ?? [];
  for (let i = from; i < to; i++) {
    const result = addNode(engine, group.provider, group.instanceType, undefined, {
      nodeGroup: group.name,
      spot: group.spot === true,
    });
    if (!result.ok) return result;
  }
  ca.lastScaleUpAt = engine.now;
  // the pods these nodes are for learn it
  for (const pod of helped) {
    emitPod(
      engine,
      pod,
      "TriggeredScaleUp",
      `pod triggered scale-up: [{${group.name} ${from}->${to} (max: ${group.max})}]`,
    );
  }
  return { ok: true, message: `node group ${group.name}: ${from} -> ${to} nodes` };
}

/** Is this node one the autoscaler would remove (under the threshold, its pods movable)? Why not, if not. */
export function unneededVerdict(engine: Engine, ca: ClusterAutoscalerState, node: Node): string | undefined {
  const info = engine.snapshot.getNodeInfo(node.metadata.name);
  if (!info) return "unknown node";
  const threshold = ca.spec.scaleDownUtilizationThreshold ?? SCALE_DOWN_UTILIZATION_THRESHOLD;
  const used = utilization(info);
  if (used >= threshold)
    return `node's utilization ${Math.round(used * 100)}% is above the ${Math.round(threshold * 100)}% threshold`;
  return blockedReason(engine, node);
}

function scan(engine: Engine, ca: ClusterAutoscalerState, decide: boolean): void {
  const now = engine.now;
  finishScaleDowns(engine, ca);
  const plan = planScaleUp(engine, ca.spec.nodeGroups);
  if (plan.best && decide) {
    scaleUpNodeGroup(engine, ca, plan.best.group.name, plan.best.count);
  }
  for (const { pod, reasons } of plan.notHelped) {
    const counts = new Map<string, number>();
    for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const text = [...counts]
      .map(([r, n]) => `${n} ${r}`)
      .sort()
      .join(", ");
    const message = `pod didn't trigger scale-up: ${text}`;
    const last = engine.state.events.findLast(
      (e) => e.involvedObject.uid === pod.metadata.uid && e.reason === "NotTriggerScaleUp",
    );
    if (last?.message !== message || now - last.eventTime >= 60_000)
      emitPod(engine, pod, "NotTriggerScaleUp", message);
  }
  // Scale-down: unneeded nodes, and their time.
  const candidates = scaleDownCandidates(engine, ca);
  const seen = new Set<string>();
  for (const node of candidates) {
    const name = node.metadata.name;
    if (unneededVerdict(engine, ca, node) === undefined) {
      ca.unneededSince[name] ??= now;
      seen.add(name);
    }
  }
  for (const name of Object.keys(ca.unneededSince)) if (!seen.has(name)) delete ca.unneededSince[name];
  const delayAfterAdd = (ca.spec.scaleDownDelayAfterAddSeconds ?? SCALE_DOWN_DELAY_AFTER_ADD_SECONDS) * 1000;
  if (!decide || (ca.lastScaleUpAt !== undefined && now - ca.lastScaleUpAt < delayAfterAdd)) return;
  if (Object.keys(ca.deleting).length > 0) return;
  const unneededFor = (ca.spec.scaleDownUnneededSeconds ?? SCALE_DOWN_UNNEEDED_SECONDS) * 1000;
  const ripe = candidates.filter((n) => {
    const since = ca.unneededSince[n.metadata.name];
    return since !== undefined && now - since >= unneededFor;
  });
  const empty = ripe.filter((n) => podsToMove(engine, n.metadata.name).length === 0);
  if (empty.length > 0) for (const node of empty.slice(0, 10)) beginScaleDown(engine, ca, node);
  else if (ripe[0]) beginScaleDown(engine, ca, ripe[0]);
}

export function runClusterAutoscaler(engine: Engine): void {
  const ca = engine.state.clusterAutoscaler;
  if (!ca || engine.now < ca.nextScanAt || !apiAvailable(engine.state)) return;
  ca.nextScanAt = engine.now + SCAN_INTERVAL_MS;
  engine.wake("autoscaler", ca.nextScanAt);
  const decide = engine.isBot(AUTOSCALER_SEAT);
  scan(engine, ca, decide);
  engine.changed("Autoscaler", "cluster-autoscaler");
}

/** A player's scale-down: begun at once if the autoscaler would agree the node is unneeded, judged so. */
export function judgeScaleDown(
  engine: Engine,
  ca: ClusterAutoscalerState,
  node: Node,
): Omit<Judgement, "seq" | "time" | "driver"> {
  const why = unneededVerdict(engine, ca, node);
  return {
    seat: AUTOSCALER_SEAT,
    kind: "autoscale",
    subject: node.metadata.name,
    value: why === undefined ? 100 : 0,
    detail:
      why === undefined
        ? "the cluster autoscaler would remove this node too"
        : `the cluster autoscaler would keep it: ${why}`,
  };
}

/** A player's scale-up against the bot's plan: the same group and count score 100. */
export function judgeScaleUp(
  engine: Engine,
  ca: ClusterAutoscalerState,
  group: string,
  count: number,
): Omit<Judgement, "seq" | "time" | "driver"> {
  const plan = planScaleUp(engine, ca.spec.nodeGroups);
  const best = plan.best;
  if (!best) {
    return {
      seat: AUTOSCALER_SEAT,
      kind: "autoscale",
      subject: group,
      value: 0,
      detail: "no pending pod needs a new node",
    };
  }
  const sameGroup = best.group.name === group;
  const off = Math.abs(best.count - count);
  const value = Math.max(0, (sameGroup ? 100 : 60) - off * 20);
  return {
    seat: AUTOSCALER_SEAT,
    kind: "autoscale",
    subject: group,
    value,
    detail: `the cluster autoscaler would add ${best.count} node(s) to ${best.group.name}`,
  };
}
