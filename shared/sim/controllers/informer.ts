import type { Engine } from "../engine/Engine.ts";
import { setMatches } from "../labels/selector.ts";

/**
 * kube-controller-manager's shared informers: each change queues the controllers that care, as their
 * event handlers do (a pod's change queues its ReplicaSet and the Services selecting it; a ReplicaSet's
 * its Deployment), and a deleted owner is handed to the garbage collector (background propagation).
 * The queues live in the state, so a snapshot taken between ticks continues exactly.
 */
export function watchForControllers(engine: Engine): void {
  const state = engine.state;
  const dirty = state.controllers.dirty;
  /** What of each node decides where daemon pods run; a heartbeat changes none of it. */
  const nodeLabels = new Map<string, string>();

  /** Budgets of a namespace recount when its pods or their controllers' scale change. */
  const budgetsIn = (namespace: string) => {
    for (const [key, pdb] of Object.entries(state.poddisruptionbudgets)) {
      if (pdb.metadata.namespace === namespace) dirty.disruptionbudgets[key] = true;
    }
  };

  engine.watch("Pod", ({ type, object: pod }) => {
    const deleted = type === "DELETED";
    const namespace = pod.metadata.namespace;
    budgetsIn(namespace);
    const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
    if (owner?.kind === "ReplicaSet") dirty.replicasets[`${namespace}/${owner.name}`] = true;
    else if (owner?.kind === "Job") dirty.jobs[`${namespace}/${owner.name}`] = true;
    else if (owner?.kind === "DaemonSet") dirty.daemonsets[`${namespace}/${owner.name}`] = true;
    else if (owner?.kind === "StatefulSet") dirty.statefulsets[`${namespace}/${owner.name}`] = true;
    for (const [serviceKey, service] of Object.entries(state.services)) {
      if (service.metadata.namespace !== namespace || !service.spec.selector) continue;
      if (deleted || setMatches(service.spec.selector, pod.metadata.labels))
        dirty.services[serviceKey] = true;
    }
    // An orphan may match a ReplicaSet that adopts it (or counted on it).
    if (!owner) {
      for (const [rsKey, rs] of Object.entries(state.replicasets)) {
        if (rs.metadata.namespace === namespace) dirty.replicasets[rsKey] = true;
      }
    }
  });

  engine.watch("ReplicaSet", ({ type, key, object: rs }) => {
    dirty.replicasets[key] = true;
    budgetsIn(rs.metadata.namespace);
    const owner = rs.metadata.ownerReferences?.find((o) => o.controller);
    if (owner?.kind === "Deployment") dirty.deployments[`${rs.metadata.namespace}/${owner.name}`] = true;
    if (type === "DELETED") state.controllers.deletedOwners[rs.metadata.uid] = rs.metadata.namespace;
  });

  engine.watch("DaemonSet", ({ type, key, object: ds }) => {
    if (type === "DELETED") state.controllers.deletedOwners[ds.metadata.uid] = ds.metadata.namespace;
    else dirty.daemonsets[key] = true;
  });

  engine.watch("StatefulSet", ({ type, key, object: sts }) => {
    if (type === "DELETED") state.controllers.deletedOwners[sts.metadata.uid] = sts.metadata.namespace;
    else dirty.statefulsets[key] = true;
    budgetsIn(sts.metadata.namespace);
  });

  // A node joining, leaving or changing (labels, taints) changes where daemon pods belong.
  engine.watch("Node", ({ type, key, object: node }) => {
    const before = nodeLabels.get(key);
    const now =
      type === "DELETED"
        ? undefined
        : JSON.stringify([node.metadata.labels, node.spec.taints, node.spec.unschedulable]);
    if (now === undefined) nodeLabels.delete(key);
    else nodeLabels.set(key, now);
    if (before === now) return;
    for (const dsKey of Object.keys(state.daemonsets)) dirty.daemonsets[dsKey] = true;
  });

  engine.watch("Job", ({ type, key, object: job }) => {
    if (type === "DELETED") state.controllers.deletedOwners[job.metadata.uid] = job.metadata.namespace;
    else dirty.jobs[key] = true;
    // the CronJob that made it keeps count of its active and finished Jobs
    const owner = job.metadata.ownerReferences?.find((o) => o.controller);
    if (owner?.kind === "CronJob") dirty.cronjobs[`${job.metadata.namespace}/${owner.name}`] = true;
  });

  engine.watch("CronJob", ({ type, key, object: cj }) => {
    if (type === "DELETED") state.controllers.deletedOwners[cj.metadata.uid] = cj.metadata.namespace;
    else dirty.cronjobs[key] = true;
  });

  // A new HPA is reconciled at the next sync; the controller manager wakes for it.
  engine.watch("HorizontalPodAutoscaler", ({ type }) => {
    if (type === "ADDED") engine.wake("controllers");
  });

  engine.watch("PodDisruptionBudget", ({ type, key }) => {
    if (type !== "DELETED") dirty.disruptionbudgets[key] = true;
  });

  engine.watch("Deployment", ({ type, key, object: d }) => {
    budgetsIn(d.metadata.namespace);
    if (type === "DELETED") state.controllers.deletedOwners[d.metadata.uid] = d.metadata.namespace;
    else dirty.deployments[key] = true;
  });

  engine.watch("Service", ({ type, key }) => {
    if (type !== "DELETED") dirty.services[key] = true;
  });
}
