import type { ClusterEvent } from "../sim/model/event.ts";
import type { TimelineStep } from "../sim/model/state.ts";
import type { MatchRecord } from "./record.ts";

/**
 * The moments a replay's timeline marks: scenario steps, faults the instructor injected, moves the
 * server refused, and the cluster's key warnings (a node lost, a pod that fits nowhere, a quorum lost).
 */
export type MarkerKind = "step" | "fault" | "refused" | "warning";

export interface Marker {
  tick: number;
  kind: MarkerKind;
  label: string;
  seat?: string;
  player?: string;
}

export const FAULTS = new Set([
  "RateLimitRegistry",
  "RevokeCredential",
  "RestoreCredential",
  "CrashDeployment",
  "FailEtcdMember",
  "RecoverEtcdMember",
  "FailNode",
  "RecoverNode",
  "PartitionNode",
  "HealNode",
  "RegistryOutage",
  "FailMaster",
  "RecoverMaster",
  "AddNode",
  "RemoveNode",
  "SetTraffic",
]);

const KEY_WARNINGS = new Set([
  "NodeNotReady",
  "QuorumLost",
  "MasterDown",
  "ProgressDeadlineExceeded",
  "OutOfcpu",
  "OutOfmemory",
  "NetworkPartition",
  "Rebooted",
]);

const TICK_MS = 100;

function describe(command: Record<string, unknown>): string {
  const type = String(command.type);
  if (type === "Bind") return `Bind ${String(command.pod)} to ${String(command.node)}`;
  const target =
    command.name ??
    command.pod ??
    command.node ??
    command.master ??
    command.registry ??
    command.service ??
    command.provider;
  return target === undefined ? type : `${type} ${String(target)}`;
}

export function matchMarkers(
  record: MatchRecord,
  timeline: TimelineStep[],
  events: ClusterEvent[],
  startTime: number,
): Marker[] {
  const markers: Marker[] = [];
  for (const step of timeline) {
    markers.push({
      tick: Math.round(step.at / TICK_MS),
      kind: FAULTS.has(step.command.type) ? "fault" : "step",
      label: describe(step.command),
    });
  }
  for (const c of record.commands) {
    const base = { tick: c.tick, seat: c.seat, ...(c.player ? { player: c.player } : {}) };
    if (!c.ok)
      markers.push({ ...base, kind: "refused", label: `${describe(c.command)}: ${c.message ?? "refused"}` });
    else if (c.seat === "instructor" && FAULTS.has(String(c.command.type)))
      markers.push({ ...base, kind: "fault", label: describe(c.command) });
  }
  const seen = new Set<string>();
  for (const e of events) {
    if (!KEY_WARNINGS.has(e.reason)) continue;
    const key = `${e.reason}/${e.involvedObject.name}`;
    const tick = Math.round((e.eventTime - startTime) / TICK_MS);
    if (e.involvedObject.kind === "Pod" && seen.has(key)) continue;
    seen.add(key);
    markers.push({ tick, kind: "warning", label: `${e.reason}: ${e.message}` });
  }
  return markers.sort((a, b) => a.tick - b.tick);
}

/** The first marker after `tick` (for "jump to the next event"). */
export function nextMarker(markers: Marker[], tick: number): Marker | undefined {
  return markers.find((m) => m.tick > tick);
}
