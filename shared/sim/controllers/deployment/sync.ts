import type { Engine } from "../../engine/Engine.ts";
import type { Deployment } from "../../model/workload.ts";
import {
  createReplicaSet,
  ownedReplicaSets,
  REVISION,
  revisionOf,
  rsKey,
  scale,
  templateHash,
} from "./replicasets.ts";
import {
  cleanupHistory,
  newReplicasFor,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
} from "./rolling.ts";
import { updateDeploymentStatus } from "./status.ts";

/**
 * The Deployment controller (pkg/controller/deployment): one ReplicaSet per pod template (named by the
 * template's hash), rolling updates within maxSurge/maxUnavailable, Recreate, revisions and history,
 * the Progressing/Available conditions and the progress deadline.
 */
/** One sync of one Deployment. `decide` false: status only (a human plays the controller manager). */
export function syncDeployment(engine: Engine, d: Deployment, decide: boolean): void {
  const all = ownedReplicaSets(engine, d);
  const hash = templateHash(d.spec.template);
  let newRS = all.find((rs) => templateHash(rs.spec.template) === hash);
  const old = all.filter((rs) => rs !== newRS);
  const maxOldRevision = Math.max(0, ...old.map(revisionOf));
  let created = false;
  if (decide && !d.spec.paused) {
    if (newRS && revisionOf(newRS) <= maxOldRevision) {
      newRS.metadata.annotations[REVISION] = String(maxOldRevision + 1);
      engine.written("ReplicaSet", rsKey(newRS), newRS);
    }
    if (d.spec.strategy.type === "Recreate") {
      for (const rs of old) scale(engine, d, rs, 0);
      // Upstream's oldPodsRunning: terminating pods still count until they are gone, so Recreate never
      // runs old and new pods side by side.
      const oldPodsRunning = old.some((rs) =>
        engine
          .podsOwnedBy(rs.metadata.uid)
          .some((p) => p.status.phase !== "Succeeded" && p.status.phase !== "Failed"),
      );
      if (!oldPodsRunning) {
        if (!newRS) {
          newRS = createReplicaSet(engine, d, hash, d.spec.replicas, maxOldRevision + 1);
          created = true;
        } else scale(engine, d, newRS, d.spec.replicas);
      }
    } else {
      if (!newRS) {
        newRS = createReplicaSet(engine, d, hash, newReplicasFor(d, all, undefined), maxOldRevision + 1);
        created = true;
      } else reconcileNewReplicaSet(engine, d, all, newRS);
      reconcileOldReplicaSets(engine, d, all, old, newRS);
    }
    cleanupHistory(engine, d, old);
  }
  if (newRS) d.metadata.annotations[REVISION] = newRS.metadata.annotations[REVISION] ?? "1";
  updateDeploymentStatus(engine, d, newRS, all, created);
}
