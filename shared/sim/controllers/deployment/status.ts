import type { Engine } from "../../engine/Engine.ts";
import type { Condition } from "../../model/meta.ts";
import { objectKey } from "../../model/meta.ts";
import type { Deployment, DeploymentConditionType, ReplicaSet } from "../../model/workload.ts";
import { SOURCE, surgeAndUnavailable } from "./replicasets.ts";

/** A Deployment's status and its Available and Progressing conditions, with the progress deadline. */
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

export function updateDeploymentStatus(
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
    if (progressing?.reason !== "NewReplicaSetAvailable") judgeRollout(engine, d);
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
    engine.written("Deployment", objectKey(d.metadata.namespace, d.metadata.name), d);
}

/**
 * A rollout the cluster user started (their create, image change or scale of this Deployment) has
 * completed: how long from their request to every replica updated and available.
 */
function judgeRollout(engine: Engine, d: Deployment): void {
  if (engine.isBot("user")) return;
  const audit = engine.state.audit;
  const { namespace, name } = d.metadata;
  for (let i = audit.length - 1; i >= 0; i--) {
    const entry = audit[i];
    if (!entry || entry.time < d.metadata.creationTimestamp) return;
    if (entry.resource !== "deployments" || entry.name !== name || entry.namespace !== namespace) continue;
    if (entry.seat !== "user" || entry.code >= 300) return;
    const since = Math.max(entry.time, engine.state.seats.user?.humanSince ?? 0);
    engine.judge({
      seat: "user",
      kind: "rollout",
      subject: `${namespace}/${name}`,
      value: Math.round((engine.now - since) / 100) / 10,
      detail: `deployment ${name} rolled out`,
    });
    return;
  }
}
