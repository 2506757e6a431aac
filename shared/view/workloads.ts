import type { WorkloadView } from "../protocol/state.ts";
import type { Deployment, ReplicaSet } from "../sim/model/workload.ts";

/** Key of a workload in the view: "Deployment/default/web" (a Deployment and a ReplicaSet may share a name). */
export function workloadKey(kind: "Deployment" | "ReplicaSet", key: string): string {
  return `${kind}/${key}`;
}

/**
 * A Deployment or ReplicaSet as the board and the controller manager's panel read it.
 * `currentReplicaSet`: for a Deployment, the ReplicaSet running its current template ("" when none; see
 * ReplicaSetIndex), "" for a ReplicaSet.
 */
export function workloadView(
  key: string,
  object: Deployment | ReplicaSet,
  currentReplicaSet = "",
): WorkloadView {
  const owner = object.metadata.ownerReferences?.find((o) => o.controller);
  return {
    kind: object.kind,
    key: workloadKey(object.kind, key),
    name: object.metadata.name,
    namespace: object.metadata.namespace,
    replicas: object.spec.replicas,
    readyReplicas: object.status?.readyReplicas ?? 0,
    availableReplicas: object.status?.availableReplicas ?? 0,
    updatedReplicas: object.kind === "Deployment" ? (object.status?.updatedReplicas ?? 0) : 0,
    owner: owner ? `${owner.kind}/${owner.name}` : "",
    currentReplicaSet: object.kind === "Deployment" ? currentReplicaSet : "",
    containers: object.spec.template.spec.containers.map((c) => ({ name: c.name, image: c.image })),
  };
}
