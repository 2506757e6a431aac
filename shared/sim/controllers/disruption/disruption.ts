import type { Engine } from "../../engine/Engine.ts";
import { labelSelectorMatches } from "../../labels/selector.ts";
import { objectKey } from "../../model/meta.ts";
import type { Pod } from "../../model/pod.ts";
import type { PodDisruptionBudget } from "../../model/policy.ts";
import { resolveIntOrPercent } from "../deployment/replicasets.ts";
import { controllerOf, isReady } from "../pods.ts";

/**
 * The disruption controller (pkg/controller/disruption): for each PodDisruptionBudget, the pods it
 * selects, how many must stay healthy (minAvailable, or the controllers' scale less maxUnavailable),
 * how many are (Ready, not being deleted, not just evicted), and so how many disruptions are allowed
 * now. The Eviction API reads that number (apiserver/eviction.ts) and records the pods it evicts in
 * status.disruptedPods, which this controller forgets once they are gone or after two minutes.
 */
/** DeletionTimeout: an evicted pod not deleted within this is assumed to stay. */
export const DELETION_TIMEOUT_MS = 2 * 60_000;

export function pdbKey(pdb: PodDisruptionBudget): string {
  return objectKey(pdb.metadata.namespace, pdb.metadata.name);
}

/** The pods a budget selects: none without a selector; `{}` selects every pod of its namespace (policy/v1). */
export function podsForBudget(engine: Engine, pdb: PodDisruptionBudget): Pod[] {
  const selector = pdb.spec.selector;
  if (!selector) return [];
  const out: Pod[] = [];
  const prefix = `${pdb.metadata.namespace}/`;
  for (const key of Object.keys(engine.state.pods).sort()) {
    if (!key.startsWith(prefix)) continue;
    const pod = engine.state.pods[key] as Pod;
    if (labelSelectorMatches(selector, pod.metadata.labels)) out.push(pod);
  }
  return out;
}

/** The budgets that select a pod (the eviction subresource allows at most one). */
export function budgetsForPod(engine: Engine, pod: Pod): PodDisruptionBudget[] {
  const out: PodDisruptionBudget[] = [];
  for (const key of Object.keys(engine.state.poddisruptionbudgets).sort()) {
    const pdb = engine.state.poddisruptionbudgets[key] as PodDisruptionBudget;
    if (pdb.metadata.namespace !== pod.metadata.namespace || !pdb.spec.selector) continue;
    if (labelSelectorMatches(pdb.spec.selector, pod.metadata.labels)) out.push(pdb);
  }
  return out;
}

/**
 * The scale of the controller behind a pod, as the controller finders read it: a ReplicaSet owned by a
 * Deployment counts the Deployment's replicas; a plain ReplicaSet, a StatefulSet their own.
 */
function controllerScale(engine: Engine, pod: Pod): { uid: string; replicas: number } | undefined {
  const owner = controllerOf(pod.metadata);
  if (!owner) return undefined;
  const state = engine.state;
  const ns = pod.metadata.namespace;
  if (owner.kind === "ReplicaSet") {
    const rs = state.replicasets[`${ns}/${owner.name}`];
    if (!rs) return undefined;
    const deploymentRef = controllerOf(rs.metadata);
    if (deploymentRef?.kind === "Deployment") {
      const d = state.deployments[`${ns}/${deploymentRef.name}`];
      return d ? { uid: d.metadata.uid, replicas: d.spec.replicas } : undefined;
    }
    return { uid: rs.metadata.uid, replicas: rs.spec.replicas };
  }
  if (owner.kind === "StatefulSet") {
    const sts = state.statefulsets[`${ns}/${owner.name}`];
    return sts ? { uid: sts.metadata.uid, replicas: sts.spec.replicas } : undefined;
  }
  return undefined;
}

/** getExpectedPodCount: how many pods there should be, and how many must be healthy. */
export function expectedPodCount(
  engine: Engine,
  pdb: PodDisruptionBudget,
  pods: readonly Pod[],
): { expected: number; desiredHealthy: number } {
  const { minAvailable, maxUnavailable } = pdb.spec;
  if (typeof minAvailable === "number") return { expected: pods.length, desiredHealthy: minAvailable };
  // maxUnavailable, or a percentage of minAvailable: relative to what the controllers want.
  const scales = new Map<string, number>();
  for (const pod of pods) {
    const scale = controllerScale(engine, pod);
    if (scale) scales.set(scale.uid, scale.replicas);
  }
  let expected = 0;
  for (const replicas of scales.values()) expected += replicas;
  if (maxUnavailable !== undefined) {
    const unavailable = resolveIntOrPercent(maxUnavailable, expected, true);
    return { expected, desiredHealthy: Math.max(0, expected - unavailable) };
  }
  if (minAvailable !== undefined)
    return { expected, desiredHealthy: resolveIntOrPercent(minAvailable, expected, true) };
  return { expected, desiredHealthy: 0 };
}

/** One sync of one budget; returns when it must look again (a disrupted pod's timeout), if ever. */
export function syncDisruptionBudget(engine: Engine, pdb: PodDisruptionBudget): number | undefined {
  const now = engine.now;
  const pods = podsForBudget(engine, pdb);
  const { expected, desiredHealthy } = expectedPodCount(engine, pdb, pods);
  // buildDisruptedPodMap: keep evicted pods that still exist, are not yet being deleted, and are recent.
  const byName = new Map(pods.map((p) => [p.metadata.name, p]));
  const disruptedPods: Record<string, number> = {};
  let recheck: number | undefined;
  for (const [name, at] of Object.entries(pdb.status.disruptedPods)) {
    const pod = byName.get(name);
    if (!pod || pod.metadata.deletionTimestamp !== undefined) continue;
    const expires = at + DELETION_TIMEOUT_MS;
    if (expires <= now) continue;
    disruptedPods[name] = at;
    recheck = recheck === undefined ? expires : Math.min(recheck, expires);
  }
  let currentHealthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined || Object.hasOwn(disruptedPods, pod.metadata.name))
      continue;
    if (isReady(pod)) currentHealthy++;
  }
  const disruptionsAllowed = Math.max(0, currentHealthy - desiredHealthy);
  const allowed = disruptionsAllowed > 0;
  const old = pdb.status.conditions.find((c) => c.type === "DisruptionAllowed");
  const condition = {
    type: "DisruptionAllowed" as const,
    status: allowed ? ("True" as const) : ("False" as const),
    reason: allowed ? "SufficientPods" : "InsufficientPods",
    message: "",
    lastTransitionTime: old && old.status === (allowed ? "True" : "False") ? old.lastTransitionTime : now,
  };
  const status: PodDisruptionBudget["status"] = {
    observedGeneration: pdb.metadata.generation ?? 1,
    disruptedPods,
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods: expected,
    conditions: [condition],
  };
  if (JSON.stringify(status) !== JSON.stringify(pdb.status)) {
    pdb.status = status;
    engine.written("PodDisruptionBudget", pdbKey(pdb), pdb);
  }
  return recheck;
}
