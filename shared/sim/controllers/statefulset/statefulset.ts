import { deleteObject } from "../../apiserver/apiserver.ts";
import { recordAudit } from "../../apiserver/audit.ts";
import type { Engine } from "../../engine/Engine.ts";
import { objectKey } from "../../model/meta.ts";
import type { Pod } from "../../model/pod.ts";
import type { StatefulSet } from "../../model/statefulset.ts";
import { templateHash } from "../deployment/replicasets.ts";
import { createControlledPod, isAvailable, isReady } from "../pods.ts";
import { claimVolumes } from "./claims.ts";

/**
 * The StatefulSet controller (pkg/controller/statefulset): pods with stable names `<name>-0` ...
 * `<name>-N-1`. OrderedReady creates them one at a time in order, each once the ones before it are
 * Running and Ready, and removes them from the highest ordinal down, one at a time; Parallel does both at
 * once. A RollingUpdate replaces pods from the highest ordinal down to the partition, one at a time,
 * each once all others are Running and Ready; OnDelete waits for the user to delete them.
 *
 * volumeClaimTemplates become one claim per replica, `<template>-<name>-<ordinal>` (claims.ts), made
 * before the replica and kept after it.
 */
const SOURCE = "statefulset-controller";
export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
export const REVISION_HASH = "controller-revision-hash";

export function statefulSetKey(sts: StatefulSet): string {
  return objectKey(sts.metadata.namespace, sts.metadata.name);
}

/** The revision name of a template: `<name>-<hash>`, as its ControllerRevision is named. */
export function revisionOf(sts: StatefulSet): string {
  return `${sts.metadata.name}-${templateHash(sts.spec.template)}`;
}

/** The claims a replica would get: `<template>-<statefulset>-<ordinal>`. */
export function claimNames(sts: StatefulSet, ordinal: number): string[] {
  return sts.spec.volumeClaimTemplates.map((t) => `${t.name}-${sts.metadata.name}-${ordinal}`);
}

function ordinalOf(sts: StatefulSet, pod: Pod): number {
  const prefix = `${sts.metadata.name}-`;
  const name = pod.metadata.name;
  if (!name.startsWith(prefix)) return -1;
  const text = name.slice(prefix.length);
  return /^\d+$/.test(text) ? Number(text) : -1;
}

const runningAndReady = (p: Pod) =>
  p.status.phase === "Running" && isReady(p) && p.metadata.deletionTimestamp === undefined;

function emit(engine: Engine, sts: StatefulSet, reason: string, message: string): void {
  const m = sts.metadata;
  engine.emit({
    type: "Normal",
    reason,
    message,
    involvedObject: { kind: "StatefulSet", name: m.name, namespace: m.namespace, uid: m.uid },
    source: { component: SOURCE },
  });
}

function createOrdinal(engine: Engine, sts: StatefulSet, ordinal: number, revision: string): void {
  const name = `${sts.metadata.name}-${ordinal}`;
  const claims = claimVolumes(engine, sts, ordinal);
  const own = (sts.spec.template.spec.volumes ?? []).filter((v) => !claims.some((c) => c.name === v.name));
  createControlledPod(engine, sts, sts.spec.template, SOURCE, {
    name,
    ...(claims.length > 0 ? { spec: { volumes: [...own, ...claims] } } : {}),
    labels: { [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_HASH]: revision },
    message: (n) => `create Pod ${n} in StatefulSet ${sts.metadata.name} successful`,
  });
}

function deletePod(engine: Engine, sts: StatefulSet, pod: Pod): void {
  recordAudit(
    engine,
    "controller-manager",
    { verb: "delete", resource: "pods", namespace: pod.metadata.namespace, name: pod.metadata.name },
    { ok: true },
  );
  deleteObject(engine, "Pod", pod.metadata.name, pod.metadata.namespace);
  emit(
    engine,
    sts,
    "SuccessfulDelete",
    `delete Pod ${pod.metadata.name} in StatefulSet ${sts.metadata.name} successful`,
  );
}

export function syncStatefulSet(engine: Engine, sts: StatefulSet): number | undefined {
  const now = engine.now;
  const revision = revisionOf(sts);
  const replicas = sts.spec.replicas;
  const parallel = sts.spec.podManagementPolicy === "Parallel";
  const pods = engine.podsOwnedBy(sts.metadata.uid);
  const byOrdinal = new Map<number, Pod>();
  for (const pod of pods) {
    const ordinal = ordinalOf(sts, pod);
    if (ordinal >= 0) byOrdinal.set(ordinal, pod);
  }
  // Failed pods are deleted (and recreated below, once gone).
  for (const pod of pods) {
    if (pod.status.phase === "Failed" && pod.metadata.deletionTimestamp === undefined)
      deletePod(engine, sts, pod);
  }
  let blocked = false;
  for (let ordinal = 0; ordinal < replicas; ordinal++) {
    const pod = byOrdinal.get(ordinal);
    if (!pod) {
      if (blocked) break;
      createOrdinal(engine, sts, ordinal, revision);
      if (!parallel) blocked = true;
      continue;
    }
    // OrderedReady: nothing after a pod that is not Running and Ready (or still terminating).
    if (!parallel && !runningAndReady(pod)) blocked = true;
  }
  // Scale down: the highest ordinals go, one at a time unless Parallel.
  const condemned = [...byOrdinal.entries()].filter(([o]) => o >= replicas).sort((a, b) => b[0] - a[0]);
  for (const [, pod] of condemned) {
    if (pod.metadata.deletionTimestamp !== undefined) {
      if (!parallel) break;
      continue;
    }
    if (!parallel && [...byOrdinal.entries()].some(([o, p]) => o < replicas && !runningAndReady(p))) break;
    deletePod(engine, sts, pod);
    if (!parallel) break;
  }
  // Rolling update: from the highest ordinal down to the partition, one pod at a time.
  const strategy = sts.spec.updateStrategy;
  if (strategy.type === "RollingUpdate" && condemned.length === 0) {
    const partition = strategy.rollingUpdate?.partition ?? 0;
    const live = [...byOrdinal.entries()].filter(([o]) => o < replicas);
    const allHealthy = live.length === replicas && live.every(([, p]) => runningAndReady(p));
    for (let ordinal = replicas - 1; ordinal >= partition; ordinal--) {
      const pod = byOrdinal.get(ordinal);
      if (!pod || pod.metadata.labels[REVISION_HASH] === revision) continue;
      if (pod.metadata.deletionTimestamp === undefined && allHealthy) deletePod(engine, sts, pod);
      break;
    }
  }
  return updateStatus(engine, sts, revision, now);
}

function updateStatus(engine: Engine, sts: StatefulSet, revision: string, now: number): number | undefined {
  const pods = engine.podsOwnedBy(sts.metadata.uid).filter((p) => p.metadata.deletionTimestamp === undefined);
  const updated = pods.filter((p) => p.metadata.labels[REVISION_HASH] === revision);
  const ready = pods.filter(isReady);
  const available = pods.filter((p) => isAvailable(p, sts.spec.minReadySeconds, now));
  const previous = sts.status.currentRevision || revision;
  const done = updated.length === sts.spec.replicas && pods.length === sts.spec.replicas;
  const currentRevision = done ? revision : previous;
  const status: StatefulSet["status"] = {
    observedGeneration: sts.metadata.generation ?? 1,
    replicas: pods.length,
    readyReplicas: ready.length,
    currentReplicas: pods.filter((p) => p.metadata.labels[REVISION_HASH] === currentRevision).length,
    updatedReplicas: updated.length,
    availableReplicas: available.length,
    currentRevision,
    updateRevision: revision,
  };
  if (JSON.stringify(status) !== JSON.stringify(sts.status)) {
    sts.status = status;
    engine.written("StatefulSet", statefulSetKey(sts), sts);
  }
  const waiting = ready.filter((p) => !isAvailable(p, sts.spec.minReadySeconds, now));
  if (waiting.length === 0 || sts.spec.minReadySeconds === 0) return undefined;
  return now + 1_000;
}
