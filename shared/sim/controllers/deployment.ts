import { recordAudit } from "../apiserver/audit.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import { stateHash } from "../hash.ts";
import type { Condition } from "../model/meta.ts";
import { objectKey } from "../model/meta.ts";
import type { Deployment, DeploymentConditionType, PodTemplate, ReplicaSet } from "../model/workload.ts";
import { controllerOf, selectorMatches } from "./pods.ts";

/**
 * The Deployment controller (pkg/controller/deployment): one ReplicaSet per pod template (named by the
 * template's hash), rolling updates within maxSurge/maxUnavailable, Recreate, revisions and history,
 * the Progressing/Available conditions and the progress deadline.
 */
const SOURCE = { component: "deployment-controller" };
export const REVISION = "deployment.kubernetes.io/revision";
export const HASH_LABEL = "pod-template-hash";
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** The pod-template-hash: a 32-bit hash of the template, SafeEncodeString'd as upstream does. */
export function templateHash(template: PodTemplate): string {
  const { [HASH_LABEL]: _, ...labels } = template.metadata.labels;
  const hash = Number.parseInt(
    stateHash({ ...template, metadata: { ...template.metadata, labels } }).slice(0, 8),
    16,
  );
  return [...String(hash)].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join("");
}

/** An int or a percentage of `total`, rounded up (maxSurge) or down (maxUnavailable). */
export function resolveIntOrPercent(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  const percent = Number.parseInt(value.replace("%", ""), 10);
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function surgeAndUnavailable(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const ru = d.spec.strategy.rollingUpdate ?? { maxSurge: "25%", maxUnavailable: "25%" };
  const maxSurge = resolveIntOrPercent(ru.maxSurge, d.spec.replicas, true);
  let maxUnavailable = resolveIntOrPercent(ru.maxUnavailable, d.spec.replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, d.spec.replicas) };
}

export function revisionOf(rs: ReplicaSet): number {
  return Number(rs.metadata.annotations[REVISION] ?? 0);
}

export function ownedReplicaSets(engine: Engine, d: Deployment): ReplicaSet[] {
  const out: ReplicaSet[] = [];
  for (const [key, rs] of Object.entries(engine.state.replicasets)) {
    if (rs.metadata.namespace !== d.metadata.namespace) continue;
    const owner = controllerOf(rs.metadata);
    if (owner?.uid === d.metadata.uid) out.push(rs);
    else if (!owner && selectorMatches(d.spec.selector, rs.metadata.labels)) {
      rs.metadata.ownerReferences = [deploymentRef(d)];
      engine.written("ReplicaSet", key, rs.metadata);
      out.push(rs);
    }
  }
  return out.sort(
    (a, b) =>
      a.metadata.creationTimestamp - b.metadata.creationTimestamp ||
      (a.metadata.name < b.metadata.name ? -1 : 1),
  );
}

function deploymentRef(d: Deployment) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    name: d.metadata.name,
    uid: d.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function rsKey(rs: ReplicaSet): string {
  return objectKey(rs.metadata.namespace, rs.metadata.name);
}

function scale(engine: Engine, d: Deployment, rs: ReplicaSet, replicas: number, audited = true): void {
  const from = rs.spec.replicas;
  if (from === replicas) return;
  if (audited) {
    const request = {
      verb: "scale",
      resource: "replicasets",
      namespace: rs.metadata.namespace,
      name: rs.metadata.name,
    } as const;
    recordAudit(engine, "controller-manager", request, { ok: true });
  }
  rs.spec.replicas = replicas;
  rs.metadata.annotations["deployment.kubernetes.io/desired-replicas"] = String(d.spec.replicas);
  engine.written("ReplicaSet", rsKey(rs), rs.metadata);
  engine.emit({
    type: "Normal",
    reason: "ScalingReplicaSet",
    message: `Scaled ${replicas > from ? "up" : "down"} replica set ${rs.metadata.name} from ${from} to ${replicas}`,
    involvedObject: {
      kind: "Deployment",
      name: d.metadata.name,
      namespace: d.metadata.namespace,
      uid: d.metadata.uid,
    },
    source: SOURCE,
  });
}

/** A scale of one ReplicaSet by the Deployment controller: a human controller manager's move too. */
export function scaleReplicaSetFor(engine: Engine, rs: ReplicaSet, replicas: number): CommandResult {
  const owner = controllerOf(rs.metadata);
  const d = owner ? engine.state.deployments[objectKey(rs.metadata.namespace, owner.name)] : undefined;
  if (!d) {
    rs.spec.replicas = replicas;
    engine.written("ReplicaSet", rsKey(rs), rs.metadata);
  } else scale(engine, d, rs, replicas, false);
  return { ok: true, message: `replicaset.apps/${rs.metadata.name} scaled to ${replicas}` };
}

function createReplicaSet(
  engine: Engine,
  d: Deployment,
  hash: string,
  replicas: number,
  revision: number,
): ReplicaSet {
  const name = `${d.metadata.name}-${hash}`;
  const template = structuredClone(d.spec.template);
  template.metadata.labels[HASH_LABEL] = hash;
  const rs: ReplicaSet = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name,
      namespace: d.metadata.namespace,
      uid: engine.uid(),
      labels: { ...template.metadata.labels },
      annotations: {
        [REVISION]: String(revision),
        "deployment.kubernetes.io/desired-replicas": String(d.spec.replicas),
        "deployment.kubernetes.io/max-replicas": String(d.spec.replicas + surgeAndUnavailable(d).maxSurge),
      },
      creationTimestamp: engine.now,
      resourceVersion: 0,
      generation: 1,
      ownerReferences: [deploymentRef(d)],
    },
    spec: {
      replicas,
      minReadySeconds: d.spec.minReadySeconds,
      selector: {
        ...d.spec.selector,
        matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [HASH_LABEL]: hash },
      },
      template,
    },
    status: {
      replicas: 0,
      fullyLabeledReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      observedGeneration: 0,
    },
  };
  engine.state.replicasets[rsKey(rs)] = rs;
  engine.written("ReplicaSet", rsKey(rs), rs.metadata);
  recordAudit(
    engine,
    "controller-manager",
    { verb: "create", resource: "replicasets", namespace: rs.metadata.namespace, name },
    { ok: true },
  );
  if (replicas > 0) {
    engine.emit({
      type: "Normal",
      reason: "ScalingReplicaSet",
      message: `Scaled up replica set ${name} from 0 to ${replicas}`,
      involvedObject: {
        kind: "Deployment",
        name: d.metadata.name,
        namespace: d.metadata.namespace,
        uid: d.metadata.uid,
      },
      source: SOURCE,
    });
  }
  return rs;
}

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
      engine.written("ReplicaSet", rsKey(newRS), newRS.metadata);
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

/** NewRSNewReplicas for RollingUpdate: grow the new ReplicaSet as far as maxSurge allows. */
function newReplicasFor(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet | undefined): number {
  const { maxSurge } = surgeAndUnavailable(d);
  const current = all.reduce((sum, rs) => sum + rs.spec.replicas, 0);
  const maxTotal = d.spec.replicas + maxSurge;
  const have = newRS?.spec.replicas ?? 0;
  if (current >= maxTotal) return have;
  return have + Math.min(maxTotal - current, d.spec.replicas - have);
}

function reconcileNewReplicaSet(engine: Engine, d: Deployment, all: ReplicaSet[], newRS: ReplicaSet): void {
  if (newRS.spec.replicas === d.spec.replicas) return;
  if (newRS.spec.replicas > d.spec.replicas) {
    scale(engine, d, newRS, d.spec.replicas);
    return;
  }
  scale(engine, d, newRS, newReplicasFor(d, all, newRS));
}

function reconcileOldReplicaSets(
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
function cleanupHistory(engine: Engine, d: Deployment, old: ReplicaSet[]): void {
  const idle = old
    .filter((rs) => rs.spec.replicas === 0 && rs.status.replicas === 0)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  const excess = idle.length - d.spec.revisionHistoryLimit;
  for (let i = 0; i < excess; i++) {
    const rs = idle[i] as ReplicaSet;
    engine.deleted("ReplicaSet", rsKey(rs));
    delete engine.state.replicasets[rsKey(rs)];
  }
}

function setCondition(
  d: Deployment,
  type: DeploymentConditionType,
  status: "True" | "False",
  reason: string,
  message: string,
  now: number,
  progressed: boolean,
): void {
  const existing = d.status.conditions.find((c) => c.type === type);
  if (existing) {
    if (existing.status !== status) existing.lastTransitionTime = now;
    if (progressed || existing.reason !== reason || existing.status !== status) existing.lastUpdateTime = now;
    existing.status = status;
    existing.reason = reason;
    existing.message = message;
  } else {
    const c: Condition<DeploymentConditionType> = {
      type,
      status,
      reason,
      message,
      lastTransitionTime: now,
      lastUpdateTime: now,
    };
    d.status.conditions.push(c);
    d.status.conditions.sort((a, b) => (a.type === "Available" ? -1 : b.type === "Available" ? 1 : 0));
  }
}

function updateDeploymentStatus(
  engine: Engine,
  d: Deployment,
  newRS: ReplicaSet | undefined,
  all: ReplicaSet[],
  created: boolean,
): void {
  const sets = newRS && !all.includes(newRS) ? [...all, newRS] : all;
  const sum = (f: (rs: ReplicaSet) => number) => sets.reduce((s, rs) => s + f(rs), 0);
  const before = JSON.stringify(d.status);
  const previous = d.status;
  const status = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sum((rs) => rs.status.replicas),
    updatedReplicas: newRS?.status.replicas ?? 0,
    readyReplicas: sum((rs) => rs.status.readyReplicas),
    availableReplicas: sum((rs) => rs.status.availableReplicas),
    unavailableReplicas: 0,
    conditions: d.status.conditions,
  };
  status.unavailableReplicas = Math.max(0, sum((rs) => rs.spec.replicas) - status.availableReplicas);
  d.status = status;
  const now = engine.now;
  const { maxUnavailable } = surgeAndUnavailable(d);
  if (status.availableReplicas >= d.spec.replicas - maxUnavailable) {
    setCondition(
      d,
      "Available",
      "True",
      "MinimumReplicasAvailable",
      "Deployment has minimum availability.",
      now,
      false,
    );
  } else {
    setCondition(
      d,
      "Available",
      "False",
      "MinimumReplicasUnavailable",
      "Deployment does not have minimum availability.",
      now,
      false,
    );
  }
  const rsName = newRS?.metadata.name ?? d.metadata.name;
  const complete =
    newRS !== undefined &&
    status.updatedReplicas === d.spec.replicas &&
    status.replicas === d.spec.replicas &&
    status.availableReplicas === d.spec.replicas;
  const progressed =
    created ||
    status.updatedReplicas > previous.updatedReplicas ||
    status.availableReplicas > previous.availableReplicas ||
    status.readyReplicas > previous.readyReplicas ||
    status.replicas < previous.replicas;
  const progressing = d.status.conditions.find((c) => c.type === "Progressing");
  if (complete) {
    setCondition(
      d,
      "Progressing",
      "True",
      "NewReplicaSetAvailable",
      `ReplicaSet "${rsName}" has successfully progressed.`,
      now,
      progressing?.reason !== "NewReplicaSetAvailable",
    );
  } else if (created) {
    setCondition(
      d,
      "Progressing",
      "True",
      "NewReplicaSetCreated",
      `Created new replica set "${rsName}"`,
      now,
      true,
    );
  } else if (progressed || !progressing || progressing.reason === "NewReplicaSetAvailable") {
    setCondition(
      d,
      "Progressing",
      "True",
      "ReplicaSetUpdated",
      `ReplicaSet "${rsName}" is progressing.`,
      now,
      true,
    );
  } else if (
    progressing.status === "True" &&
    now - (progressing.lastUpdateTime ?? now) > d.spec.progressDeadlineSeconds * 1000
  ) {
    setCondition(
      d,
      "Progressing",
      "False",
      "ProgressDeadlineExceeded",
      `ReplicaSet "${rsName}" has timed out progressing.`,
      now,
      true,
    );
    engine.emit({
      type: "Warning",
      reason: "ProgressDeadlineExceeded",
      message: `Deployment "${d.metadata.name}" has timed out progressing.`,
      involvedObject: {
        kind: "Deployment",
        name: d.metadata.name,
        namespace: d.metadata.namespace,
        uid: d.metadata.uid,
      },
      source: SOURCE,
    });
  }
  if (!complete && d.status.conditions.find((c) => c.type === "Progressing")?.status === "True") {
    const lastUpdate = d.status.conditions.find((c) => c.type === "Progressing")?.lastUpdateTime ?? now;
    engine.wake("controllers", lastUpdate + d.spec.progressDeadlineSeconds * 1000 + 1);
  }
  if (JSON.stringify(d.status) !== before)
    engine.written("Deployment", objectKey(d.metadata.namespace, d.metadata.name), d.metadata);
}

/** `kubectl rollout undo`: put the template of an earlier revision back into the Deployment. */
export function rolloutUndo(engine: Engine, namespace: string, name: string, toRevision = 0): CommandResult {
  const key = objectKey(namespace, name);
  const d = engine.state.deployments[key];
  if (!d) return { ok: false, code: "NotFound", message: `deployments.apps "${name}" not found` };
  const history = ownedReplicaSets(engine, d).sort((a, b) => revisionOf(b) - revisionOf(a));
  if (history.length === 0) {
    return {
      ok: false,
      code: "NotFound",
      message: `error: no rollout history found for deployment "${name}"`,
    };
  }
  const target = toRevision === 0 ? history[1] : history.find((rs) => revisionOf(rs) === toRevision);
  if (!target) {
    const message =
      toRevision === 0
        ? `error: no rollout history found for deployment "${name}"`
        : `error: unable to find specified revision ${toRevision} in history`;
    return { ok: false, code: "NotFound", message };
  }
  const template = structuredClone(target.spec.template);
  delete template.metadata.labels[HASH_LABEL];
  if (templateHash(template) === templateHash(d.spec.template)) {
    return {
      ok: true,
      message: `deployment.apps/${name} skipped rollback (current template already matches revision ${revisionOf(target)})`,
    };
  }
  d.spec.template = template;
  d.metadata.generation = (d.metadata.generation ?? 1) + 1;
  engine.written("Deployment", key, d.metadata);
  engine.emit({
    type: "Normal",
    reason: "DeploymentRollback",
    message: `Rolled back deployment "${name}" to revision ${revisionOf(target)}`,
    involvedObject: { kind: "Deployment", name, namespace, uid: d.metadata.uid },
    source: SOURCE,
  });
  return { ok: true, message: `deployment.apps/${name} rolled back` };
}
