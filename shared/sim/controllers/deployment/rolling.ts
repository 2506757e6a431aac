import type { Engine } from "../../engine/Engine.ts";
import type { Deployment, ReplicaSet } from "../../model/workload.ts";
import { revisionOf, rsKey, scale, surgeAndUnavailable } from "./replicasets.ts";

/** RollingUpdate's arithmetic: grow the new ReplicaSet within maxSurge, shrink the old within maxUnavailable. */
/** NewRSNewReplicas for RollingUpdate: grow the new ReplicaSet as far as maxSurge allows. */
export function newReplicasFor(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet | undefined): number {
  const { maxSurge } = surgeAndUnavailable(d);
  const current = all.reduce((sum, rs) => sum + rs.spec.replicas, 0);
  const maxTotal = d.spec.replicas + maxSurge;
  const have = newRS?.spec.replicas ?? 0;
  if (current >= maxTotal) return have;
  return have + Math.min(maxTotal - current, d.spec.replicas - have);
}

export function reconcileNewReplicaSet(
  engine: Engine,
  d: Deployment,
  all: ReplicaSet[],
  newRS: ReplicaSet,
): void {
  if (newRS.spec.replicas === d.spec.replicas) return;
  if (newRS.spec.replicas > d.spec.replicas) {
    scale(engine, d, newRS, d.spec.replicas);
    return;
  }
  scale(engine, d, newRS, newReplicasFor(d, all, newRS));
}

export function reconcileOldReplicaSets(
  engine: Engine,
  d: Deployment,
  all: ReplicaSet[],
  old: ReplicaSet[],
  newRS: ReplicaSet,
): void {
  if (old.reduce((sum, rs) => sum + rs.spec.replicas, 0) === 0) return;
  const { maxUnavailable } = surgeAndUnavailable(d);
  const allPods =
    all.reduce((sum, rs) => sum + rs.spec.replicas, 0) + (all.includes(newRS) ? 0 : newRS.spec.replicas);
  const minAvailable = d.spec.replicas - maxUnavailable;
  const newUnavailable = newRS.spec.replicas - newRS.status.availableReplicas;
  let budget = allPods - minAvailable - newUnavailable;
  if (budget <= 0) return;
  // Unhealthy replicas of old sets go first: they serve nothing.
  for (const rs of old) {
    if (budget <= 0) break;
    const unhealthy = rs.spec.replicas - rs.status.availableReplicas;
    if (unhealthy <= 0) continue;
    const down = Math.min(budget, unhealthy);
    scale(engine, d, rs, rs.spec.replicas - down);
    budget -= down;
  }
  const available = [...old, newRS].reduce((sum, rs) => sum + rs.status.availableReplicas, 0);
  let toScaleDown = available - minAvailable;
  for (const rs of old) {
    if (toScaleDown <= 0) break;
    const down = Math.min(rs.spec.replicas, toScaleDown);
    if (down <= 0) continue;
    scale(engine, d, rs, rs.spec.replicas - down);
    toScaleDown -= down;
  }
}

/** Old ReplicaSets scaled to zero beyond revisionHistoryLimit are deleted, oldest first. */
export function cleanupHistory(engine: Engine, d: Deployment, old: ReplicaSet[]): void {
  const idle = old
    .filter((rs) => rs.spec.replicas === 0 && rs.status.replicas === 0)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  const excess = idle.length - d.spec.revisionHistoryLimit;
  for (let i = 0; i < excess; i++) {
    const rs = idle[i] as ReplicaSet;
    engine.deleted("ReplicaSet", rsKey(rs), rs);
    delete engine.state.replicasets[rsKey(rs)];
  }
}
