import { recordAudit } from "../../apiserver/audit.ts";
import type { CommandResult } from "../../commands.ts";
import type { Engine } from "../../engine/Engine.ts";
import { stateHash } from "../../hash.ts";
import { labelSelectorMatches } from "../../labels/selector.ts";
import { objectKey } from "../../model/meta.ts";
import type { Deployment, PodTemplate, ReplicaSet } from "../../model/workload.ts";
import { controllerOf } from "../pods.ts";

/**
 * The Deployment controller's ReplicaSets: one per pod template, named by the template's hash, with a
 * revision number; scaling them with the ScalingReplicaSet event.
 */
export const SOURCE = { component: "deployment-controller" };
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
    else if (!owner && labelSelectorMatches(d.spec.selector, rs.metadata.labels)) {
      rs.metadata.ownerReferences = [deploymentRef(d)];
      engine.written("ReplicaSet", key, rs);
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

export function rsKey(rs: ReplicaSet): string {
  return objectKey(rs.metadata.namespace, rs.metadata.name);
}

export function scale(engine: Engine, d: Deployment, rs: ReplicaSet, replicas: number, audited = true): void {
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
  engine.written("ReplicaSet", rsKey(rs), rs);
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
    engine.written("ReplicaSet", rsKey(rs), rs);
  } else scale(engine, d, rs, replicas, false);
  return { ok: true, message: `replicaset.apps/${rs.metadata.name} scaled to ${replicas}` };
}

export function createReplicaSet(
  engine: Engine,
  d: Deployment,
  hash: string,
  replicas: number,
  revision: number,
  audited = true,
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
  engine.written("ReplicaSet", rsKey(rs), rs);
  if (audited) {
    const request = {
      verb: "create",
      resource: "replicasets",
      namespace: rs.metadata.namespace,
      name,
    } as const;
    recordAudit(engine, "controller-manager", request, { ok: true });
  }
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

/** A human controller manager's move: the ReplicaSet for the Deployment's current template, at 0 replicas. */
export function createReplicaSetFor(engine: Engine, d: Deployment): CommandResult {
  const owned = ownedReplicaSets(engine, d);
  const hash = templateHash(d.spec.template);
  const existing = owned.find((rs) => templateHash(rs.spec.template) === hash);
  if (existing) {
    return {
      ok: false,
      code: "AlreadyExists",
      message: `replicasets.apps "${existing.metadata.name}" already exists: it runs this Deployment's current template`,
    };
  }
  const revision = Math.max(0, ...owned.map(revisionOf)) + 1;
  const rs = createReplicaSet(engine, d, hash, 0, revision, false);
  d.metadata.annotations[REVISION] = String(revision);
  return {
    ok: true,
    message: `replicaset.apps/${rs.metadata.name} created (revision ${revision}); scale it up next`,
  };
}
