import type { WorkloadView } from "../protocol/state.ts";
import type { CronJob, Job } from "../sim/model/batch.ts";
import type { DaemonSet } from "../sim/model/daemonset.ts";
import type { StatefulSet } from "../sim/model/statefulset.ts";
import type { Deployment, PodTemplate, ReplicaSet } from "../sim/model/workload.ts";

/** The workload kinds the view shows, as the engine's change feed names them. */
export const WORKLOAD_KINDS = [
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "CronJob",
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export type Workload = Deployment | ReplicaSet | StatefulSet | DaemonSet | Job | CronJob;

/** Key of a workload in the view: "Deployment/default/web" (a Deployment and a ReplicaSet may share a name). */
export function workloadKey(kind: WorkloadKind, key: string): string {
  return `${kind}/${key}`;
}

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

function templateOf(object: Workload): PodTemplate {
  return object.kind === "CronJob" ? object.spec.jobTemplate.spec.template : object.spec.template;
}

/** The counts kubectl's columns read, per kind (see WorkloadView). */
function counts(
  object: Workload,
): Pick<
  WorkloadView,
  | "replicas"
  | "readyReplicas"
  | "availableReplicas"
  | "updatedReplicas"
  | "active"
  | "succeeded"
  | "failed"
  | "schedule"
  | "lastTime"
> {
  const none = { active: 0, succeeded: 0, failed: 0, schedule: "", lastTime: 0 };
  switch (object.kind) {
    case "Deployment":
      return {
        replicas: object.spec.replicas,
        readyReplicas: object.status?.readyReplicas ?? 0,
        availableReplicas: object.status?.availableReplicas ?? 0,
        updatedReplicas: object.status?.updatedReplicas ?? 0,
        ...none,
      };
    case "ReplicaSet":
      return {
        replicas: object.spec.replicas,
        readyReplicas: object.status?.readyReplicas ?? 0,
        availableReplicas: object.status?.availableReplicas ?? 0,
        updatedReplicas: 0,
        ...none,
      };
    case "StatefulSet":
      return {
        replicas: object.spec.replicas,
        readyReplicas: object.status?.readyReplicas ?? 0,
        availableReplicas: object.status?.availableReplicas ?? 0,
        updatedReplicas: object.status?.updatedReplicas ?? 0,
        ...none,
      };
    case "DaemonSet":
      return {
        replicas: object.status?.desiredNumberScheduled ?? 0,
        readyReplicas: object.status?.numberReady ?? 0,
        availableReplicas: object.status?.numberAvailable ?? 0,
        updatedReplicas: object.status?.updatedNumberScheduled ?? 0,
        ...none,
      };
    case "Job":
      return {
        // kubectl's COMPLETIONS: succeeded of completions (of 1 when the Job sets none)
        replicas: object.spec.completions ?? 1,
        readyReplicas: object.status?.ready ?? 0,
        availableReplicas: 0,
        updatedReplicas: 0,
        active: object.status?.active ?? 0,
        succeeded: object.status?.succeeded ?? 0,
        failed: object.status?.failed ?? 0,
        schedule: "",
        lastTime: object.status?.completionTime ?? 0,
      };
    case "CronJob":
      return {
        replicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        updatedReplicas: 0,
        active: object.status?.active.length ?? 0,
        succeeded: 0,
        failed: 0,
        schedule: object.spec.schedule,
        lastTime: object.status?.lastScheduleTime ?? 0,
      };
  }
}

/**
 * A workload as the board and the controller manager's panel read it.
 * `currentReplicaSet`: for a Deployment, the ReplicaSet running its current template ("" when none; see
 * ReplicaSetIndex), "" for the other kinds.
 */
export function workloadView(key: string, object: Workload, currentReplicaSet = ""): WorkloadView {
  const owner = object.metadata.ownerReferences?.find((o) => o.controller);
  return {
    kind: object.kind,
    key: workloadKey(object.kind, key),
    name: object.metadata.name,
    namespace: object.metadata.namespace,
    ...counts(object),
    owner: owner ? `${owner.kind}/${owner.name}` : "",
    currentReplicaSet: object.kind === "Deployment" ? currentReplicaSet : "",
    containers: templateOf(object).spec.containers.map((c) => ({ name: c.name, image: c.image })),
  };
}
