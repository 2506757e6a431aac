import { deleteObject } from "../apiserver/apiserver.ts";
import type { Engine } from "../engine/Engine.ts";
import { controllerOf } from "./pods.ts";

/**
 * The garbage collector: when an owner is deleted (background propagation), its dependents go too:
 * a Deployment's ReplicaSets, a CronJob's Jobs, and the pods of ReplicaSets, Jobs, DaemonSets and
 * StatefulSets.
 */
export function collectGarbage(engine: Engine): void {
  const state = engine.state;
  const owners = state.controllers.deletedOwners;
  for (const uid of Object.keys(owners)) {
    const namespace = owners[uid] as string;
    delete owners[uid];
    for (const [key, rs] of Object.entries(state.replicasets)) {
      if (rs.metadata.namespace === namespace && controllerOf(rs.metadata)?.uid === uid) {
        // its own dependents follow: the deletion is heard as any other (controllers/informer.ts)
        engine.deleted("ReplicaSet", key, rs);
        delete state.replicasets[key];
      }
    }
    // a CronJob's Jobs (whose pods follow the same way)
    for (const [key, job] of Object.entries(state.jobs)) {
      if (job.metadata.namespace === namespace && controllerOf(job.metadata)?.uid === uid) {
        engine.deleted("Job", key, job);
        delete state.jobs[key];
      }
    }
    for (const pod of engine.podsOwnedBy(uid)) {
      if (pod.metadata.deletionTimestamp === undefined)
        deleteObject(engine, "Pod", pod.metadata.name, pod.metadata.namespace);
    }
  }
}
