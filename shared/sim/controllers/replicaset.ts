import { deleteObject, writePodStatus } from "../apiserver/apiserver.ts";
import type { CommandResult } from "../commands/define.ts";
import type { Engine } from "../engine/Engine.ts";
import { labelSelectorMatches, setMatches } from "../labels/selector.ts";
import { objectKey } from "../model/meta.ts";
import type { Pod } from "../model/pod.ts";
import type { ReplicaSet } from "../model/workload.ts";
import { createPod, isActive, isAvailable, isReady } from "./pods.ts";

/**
 * The ReplicaSet controller (pkg/controller/replicaset): count the active pods it owns (adopting
 * matching orphans), create the missing ones from the template, delete the surplus in the order
 * upstream ranks them, and report status.
 */
export const BURST_REPLICAS = 500;
const SOURCE = { component: "replicaset-controller" };

export function ownedPods(engine: Engine, rs: ReplicaSet): Pod[] {
  // Adoption: an active orphan matching the selector gets this ReplicaSet as its controller.
  for (const pod of engine.orphansIn(rs.metadata.namespace)) {
    if (isActive(pod) && labelSelectorMatches(rs.spec.selector, pod.metadata.labels)) {
      pod.metadata.ownerReferences = [...(pod.metadata.ownerReferences ?? []), ownerRef(rs)];
      writePodStatus(engine, pod);
    }
  }
  return engine.podsOwnedBy(rs.metadata.uid);
}

export function ownerRef(rs: ReplicaSet) {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    name: rs.metadata.name,
    uid: rs.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** One sync of one ReplicaSet. `decide` false: only status (a human plays the controller manager). */
export function syncReplicaSet(engine: Engine, rs: ReplicaSet, decide: boolean): void {
  const active = ownedPods(engine, rs).filter(isActive);
  const diff = active.length - rs.spec.replicas;
  trackReconcile(engine, rs, diff);
  const namespace = rs.metadata.namespace;
  if (decide && diff < 0) {
    slowStartCreate(engine, rs, Math.min(-diff, BURST_REPLICAS));
  } else if (decide && diff > 0) {
    for (const pod of podsToDelete(active, Math.min(diff, BURST_REPLICAS), engine.now)) {
      engine.request("controller-manager", { type: "DeleteReplica", pod: pod.metadata.name, namespace });
    }
  }
  updateReplicaSetStatus(engine, rs);
}

/**
 * slowStartBatch: the ReplicaSet controller creates pods in batches of 1, 2, 4 … and stops at the first
 * batch that had a failure (a quota, a bad template), so a create that cannot succeed is tried a few
 * times per sync, not hundreds.
 */
function slowStartCreate(engine: Engine, rs: ReplicaSet, count: number): void {
  let remaining = count;
  for (let batch = 1; remaining > 0; batch *= 2) {
    const size = Math.min(batch, remaining);
    let failed = false;
    for (let i = 0; i < size; i++) {
      const result = engine.request("controller-manager", {
        type: "CreateReplica",
        replicaSet: rs.metadata.name,
        namespace: rs.metadata.namespace,
      });
      if (!result.ok) failed = true;
    }
    if (failed) return;
    remaining -= size;
  }
}

export function createReplica(engine: Engine, rs: ReplicaSet): CommandResult {
  const { name, result } = createPod(engine, rs.spec.template, rs.metadata.namespace, ownerRef(rs));
  engine.emit({
    type: result.ok ? "Normal" : "Warning",
    reason: result.ok ? "SuccessfulCreate" : "FailedCreate",
    message: result.ok ? `Created pod: ${name}` : `Error creating: ${result.message}`,
    involvedObject: {
      kind: "ReplicaSet",
      name: rs.metadata.name,
      namespace: rs.metadata.namespace,
      uid: rs.metadata.uid,
    },
    source: SOURCE,
  });
  return result.ok ? { ok: true, message: `pod/${name} created` } : result;
}

export function deleteReplica(engine: Engine, rs: ReplicaSet, pod: Pod): void {
  deleteObject(engine, "Pod", pod.metadata.name, pod.metadata.namespace);
  engine.emit({
    type: "Normal",
    reason: "SuccessfulDelete",
    message: `Deleted pod: ${pod.metadata.name}`,
    involvedObject: {
      kind: "ReplicaSet",
      name: rs.metadata.name,
      namespace: rs.metadata.namespace,
      uid: rs.metadata.uid,
    },
    source: SOURCE,
  });
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** getPodsToDelete: unscheduled, then pending, then not ready, then newest and most restarted first. */
export function podsToDelete(pods: Pod[], count: number, now: number): Pod[] {
  const restarts = (p: Pod) => p.status.containerStatuses.reduce((s, c) => s + c.restartCount, 0);
  const readySince = (p: Pod) =>
    p.status.conditions.find((c) => c.type === "Ready" && c.status === "True")?.lastTransitionTime ?? now;
  return [...pods]
    .sort((a, b) => {
      const assigned = Number(Boolean(a.spec.nodeName)) - Number(Boolean(b.spec.nodeName));
      if (assigned !== 0) return assigned;
      const phase = (PHASE_RANK[a.status.phase] ?? 0) - (PHASE_RANK[b.status.phase] ?? 0);
      if (phase !== 0) return phase;
      const ready = Number(isReady(a)) - Number(isReady(b));
      if (ready !== 0) return ready;
      const readyFor = readySince(b) - readySince(a);
      if (readyFor !== 0) return readyFor;
      const restarted = restarts(b) - restarts(a);
      if (restarted !== 0) return restarted;
      const age = b.metadata.creationTimestamp - a.metadata.creationTimestamp;
      return age !== 0 ? age : a.metadata.name < b.metadata.name ? -1 : 1;
    })
    .slice(0, count);
}

export function updateReplicaSetStatus(engine: Engine, rs: ReplicaSet): void {
  const active = engine.podsOwnedBy(rs.metadata.uid).filter(isActive);
  const templateLabels = rs.spec.template.metadata.labels;
  const status = {
    replicas: active.length,
    fullyLabeledReplicas: active.filter((p) => setMatches(templateLabels, p.metadata.labels)).length,
    readyReplicas: active.filter(isReady).length,
    availableReplicas: active.filter((p) => isAvailable(p, rs.spec.minReadySeconds, engine.now)).length,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  if (JSON.stringify(status) !== JSON.stringify(rs.status)) {
    rs.status = status;
    engine.written("ReplicaSet", objectKey(rs.metadata.namespace, rs.metadata.name), rs);
  }
  // queue.AddAfter(key, minReadySeconds): look again when a ready pod has been ready long enough.
  if (rs.spec.minReadySeconds > 0 && status.readyReplicas !== status.availableReplicas) {
    const due = active
      .map((p) => p.status.conditions.find((c) => c.type === "Ready" && c.status === "True"))
      .filter((c) => c !== undefined)
      .map((c) => c.lastTransitionTime + rs.spec.minReadySeconds * 1000)
      .filter((at) => at > engine.now);
    if (due.length > 0) engine.wake("controllers", Math.min(...due));
  }
}

/** How long a ReplicaSet's actual count differed from the desired one: the controller's reaction time. */
function trackReconcile(engine: Engine, rs: ReplicaSet, diff: number): void {
  const key = `${rs.metadata.namespace}/${rs.metadata.name}`;
  const diverged = engine.state.controllers.diverged;
  const since = diverged[key];
  if (diff !== 0 && since === undefined) diverged[key] = engine.now;
  else if (diff === 0 && since !== undefined) {
    delete diverged[key];
    engine.judge({
      seat: "controller-manager",
      kind: "reconcile",
      subject: key,
      value: Math.round((engine.now - since) / 100) / 10,
    });
  }
}
