import type { ObjectKind } from "../engine/changes.ts";
import { setMatches } from "../labels/selector.ts";
import type { ClusterState } from "../model/state.ts";

/**
 * The controllers' watch: each write to an API object queues the controllers that care, as shared
 * informers' event handlers do (a pod's change queues its ReplicaSet and the Services selecting it).
 */
export function notifyControllers(
  state: ClusterState,
  kind: ObjectKind,
  key: string,
  deleted: boolean,
): void {
  const dirty = state.controllers.dirty;
  switch (kind) {
    case "Pod": {
      const pod = state.pods[key];
      const namespace = pod?.metadata.namespace ?? key.slice(0, key.indexOf("/"));
      const owner = pod?.metadata.ownerReferences?.find((o) => o.controller);
      if (owner?.kind === "ReplicaSet") dirty.replicasets[`${namespace}/${owner.name}`] = true;
      for (const [serviceKey, service] of Object.entries(state.services)) {
        if (service.metadata.namespace !== namespace || !service.spec.selector) continue;
        if (!pod || deleted || setMatches(service.spec.selector, pod.metadata.labels))
          dirty.services[serviceKey] = true;
      }
      // A new orphan may match a ReplicaSet that adopts it.
      if (pod && !owner) {
        for (const [rsKey, rs] of Object.entries(state.replicasets)) {
          if (rs.metadata.namespace === namespace) dirty.replicasets[rsKey] = true;
        }
      }
      break;
    }
    case "ReplicaSet": {
      dirty.replicasets[key] = true;
      const rs = state.replicasets[key];
      const owner = rs?.metadata.ownerReferences?.find((o) => o.controller);
      if (owner?.kind === "Deployment")
        dirty.deployments[`${key.slice(0, key.indexOf("/"))}/${owner.name}`] = true;
      break;
    }
    case "Deployment":
      if (!deleted) dirty.deployments[key] = true;
      break;
    case "Service":
      if (!deleted) dirty.services[key] = true;
      break;
    default:
      break;
  }
}
