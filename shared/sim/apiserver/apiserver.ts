import { type DecodedObject, decodeManifest } from "../api/decode.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import { SYSTEM_NAMESPACES } from "../engine/spec.ts";
import { objectKey } from "../model/meta.ts";
import type { Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import { applyConfigObject, deleteConfigObject } from "./config.ts";
import { newNode, newPod } from "./objects.ts";
import { admitPodPriority, admitPriorityClass } from "./priority.ts";
import { admitCreate, admitReplicas } from "./quota.ts";
import { resourceInfo } from "./resources.ts";
import { applyStored, deleteStored, isStoredKind, storedTable } from "./stored.ts";
import { applyUnstructured, deleteUnstructured } from "./unstructured.ts";
import { applyDeployment, applyReplicaSet, applyService, conflict } from "./workloads.ts";

/**
 * The API server: the only way objects change. It validates (with kubectl's wording), defaults, admits
 * and stores them, giving each write the next etcd revision as its resourceVersion. It calls no
 * component: the scheduler, the kubelets, the controllers, kube-proxy and the machines behind the
 * nodes watch what it stores (engine/components.ts).
 */

const ok = (message: string): CommandResult => ({ ok: true, message });
const notFound = (plural: string, name: string): CommandResult => ({
  ok: false,
  code: "NotFound",
  message: `${plural} "${name}" not found`,
});

/** `kubectl apply` of one manifest: create it, or update what may change. */
export function applyManifest(
  engine: Engine,
  manifest: unknown,
  defaultNamespace = "default",
): CommandResult {
  const decoded = decodeManifest(manifest, { defaultNamespace });
  if (!decoded.ok) return { ok: false, code: "Invalid", message: decoded.message };
  if (decoded.object === null) {
    if (decoded.kind === "Event") {
      return ok(
        `${decoded.kind.toLowerCase()}/${decoded.name} accepted (kind ${decoded.kind} is not simulated)`,
      );
    }
    return applyUnstructured(
      engine,
      decoded,
      manifest as Record<string, unknown>,
      manifestResourceVersion(manifest),
    );
  }
  return applyObject(engine, decoded.object, manifestResourceVersion(manifest));
}

/** metadata.resourceVersion of a manifest, when it pins one (optimistic concurrency). */
function manifestResourceVersion(manifest: unknown): number | undefined {
  const rv = (manifest as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
  if (rv === undefined || rv === null || rv === "") return undefined;
  const n = Number(rv);
  return Number.isInteger(n) ? n : undefined;
}

/** Stores a decoded, validated object: create, or update what may change. */
export function applyObject(engine: Engine, object: DecodedObject, expectedRv?: number): CommandResult {
  const state = engine.state;
  const ns = "namespace" in object.metadata ? object.metadata.namespace : undefined;
  if (ns && !state.namespaces[ns]) {
    return { ok: false, code: "NotFound", message: `namespaces "${ns}" not found` };
  }
  const refused = admission(engine, object);
  if (refused) return refused;
  switch (object.kind) {
    case "Namespace": {
      const name = object.metadata.name;
      const existing = state.namespaces[name];
      if (existing) return ok(`namespace/${name} unchanged`);
      state.namespaces[name] = {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
          name,
          uid: engine.uid(),
          labels: { "kubernetes.io/metadata.name": name, ...object.metadata.labels },
          annotations: object.metadata.annotations,
          creationTimestamp: engine.now,
          resourceVersion: 0,
        },
        status: { phase: "Active" },
      };
      engine.written("Namespace", name, state.namespaces[name]);
      return ok(`namespace/${name} created`);
    }
    case "Node": {
      const name = object.metadata.name;
      const existing = state.nodes[name];
      if (existing) {
        const before = JSON.stringify([
          existing.metadata.labels,
          existing.spec.taints,
          existing.spec.unschedulable,
        ]);
        existing.metadata.labels = { ...existing.metadata.labels, ...object.metadata.labels };
        existing.spec.taints = object.spec.taints.map((t) => ({ ...t }));
        existing.spec.unschedulable = object.spec.unschedulable;
        if (
          before ===
          JSON.stringify([existing.metadata.labels, existing.spec.taints, existing.spec.unschedulable])
        ) {
          return ok(`node/${name} unchanged`);
        }
        writeNode(engine, existing);
        return ok(`node/${name} configured`);
      }
      const node = newNode(engine, object);
      state.nodes[name] = node;
      engine.written("Node", name, node);
      return ok(`node/${name} created`);
    }
    case "Pod": {
      const key = objectKey(object.metadata.namespace, object.metadata.name);
      const existing = state.pods[key];
      if (existing && expectedRv !== undefined && existing.metadata.resourceVersion !== expectedRv) {
        return conflict("Pod", object.metadata.name);
      }
      const admitted = admitPodPriority(state, object.metadata.name, object.spec);
      if (!admitted.ok) return admitted;
      if (existing)
        return updatePod(
          engine,
          existing,
          admitted.spec,
          object.metadata.labels,
          object.metadata.annotations,
        );
      const account = object.spec.serviceAccountName;
      if (account && !state.serviceaccounts[objectKey(object.metadata.namespace, account)]) {
        // The ServiceAccount admission plugin.
        return {
          ok: false,
          code: "Forbidden",
          message: `pods "${object.metadata.name}" is forbidden: error looking up service account ${object.metadata.namespace}/${account}: serviceaccount "${account}" not found`,
        };
      }
      const pod = newPod(engine, { ...object, spec: admitted.spec });
      state.pods[key] = pod;
      engine.written("Pod", key, pod);
      return ok(`pod/${pod.metadata.name} created`);
    }
    case "Deployment":
      return applyDeployment(engine, object, expectedRv);
    case "ReplicaSet":
      return applyReplicaSet(engine, object, expectedRv);
    case "Service":
      return applyService(engine, object, expectedRv);
    case "ConfigMap":
    case "Secret":
    case "ServiceAccount":
    case "PersistentVolumeClaim":
    case "PersistentVolume":
    case "StorageClass":
      return applyConfigObject(engine, object, expectedRv);
    case "PriorityClass":
      return (
        admitPriorityClass(state, { name: object.metadata.name, globalDefault: object.spec.globalDefault }) ??
        applyStored(engine, object, expectedRv)
      );
    default:
      return applyStored(engine, object, expectedRv);
  }
}

/** The session's quota (apiserver/quota.ts): a new object within it, a workload's replicas within bounds. */
function admission(engine: Engine, object: DecodedObject): CommandResult | undefined {
  const state = engine.state;
  if (!state.quota) return undefined;
  const name = object.metadata.name;
  const key = "namespace" in object.metadata ? objectKey(object.metadata.namespace, name) : name;
  if (object.kind === "Deployment" || object.kind === "ReplicaSet" || object.kind === "StatefulSet") {
    const tooMany = admitReplicas(engine, object.kind, name, object.spec.replicas);
    if (tooMany) return tooMany;
  }
  const table: Record<string, unknown> | undefined = isStoredKind(object.kind)
    ? storedTable(state, object.kind)
    : {
        Namespace: state.namespaces,
        Node: state.nodes,
        Pod: state.pods,
        Deployment: state.deployments,
        ReplicaSet: state.replicasets,
        Service: state.services,
        ConfigMap: state.configmaps,
        Secret: state.secrets,
        ServiceAccount: state.serviceaccounts,
        PersistentVolumeClaim: state.persistentvolumeclaims,
        PersistentVolume: state.persistentvolumes,
        StorageClass: state.storageclasses,
      }[object.kind];
  if (table && Object.hasOwn(table, key)) return undefined;
  return admitCreate(
    engine,
    object.kind,
    resourceInfo(object.kind)?.plural ?? object.kind.toLowerCase(),
    name,
  );
}

function updatePod(
  engine: Engine,
  pod: Pod,
  spec: Pod["spec"],
  labels: Record<string, string>,
  annotations: Record<string, string>,
): CommandResult {
  const comparable = (s: Pod["spec"]) =>
    JSON.stringify({ ...s, nodeName: undefined, tolerations: undefined, schedulingGates: undefined });
  const gates = (s: Pod["spec"]) => (s.schedulingGates ?? []).map((g) => g.name);
  const added = gates(spec).filter((g) => !gates(pod.spec).includes(g));
  if (added.length > 0 || (pod.spec.nodeName && gates(spec).length > 0)) {
    return {
      ok: false,
      code: "Invalid",
      message: `The Pod "${pod.metadata.name}" is invalid: spec.schedulingGates: Forbidden: only deletion is allowed, but found new scheduling gate '${added[0] ?? gates(spec)[0]}'`,
    };
  }
  if (comparable(spec) !== comparable(pod.spec)) {
    return {
      ok: false,
      code: "Invalid",
      message:
        `The Pod "${pod.metadata.name}" is invalid: spec: Forbidden: pod updates may not change fields other than ` +
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` " +
        "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
    };
  }
  const before = JSON.stringify([pod.metadata.labels, pod.metadata.annotations, gates(pod.spec)]);
  pod.metadata.labels = { ...labels };
  pod.metadata.annotations = { ...annotations };
  if (spec.schedulingGates?.length) pod.spec.schedulingGates = spec.schedulingGates.map((g) => ({ ...g }));
  else delete pod.spec.schedulingGates;
  if (before === JSON.stringify([pod.metadata.labels, pod.metadata.annotations, gates(pod.spec)])) {
    return ok(`pod/${pod.metadata.name} unchanged`);
  }
  engine.written("Pod", objectKey(pod.metadata.namespace, pod.metadata.name), pod);
  return ok(`pod/${pod.metadata.name} configured`);
}

export function writeNode(engine: Engine, node: Node): void {
  engine.written("Node", node.metadata.name, node);
}

export function writePodStatus(engine: Engine, pod: Pod): void {
  engine.written("Pod", objectKey(pod.metadata.namespace, pod.metadata.name), pod);
}

/** `kubectl delete`: unscheduled and finished pods go at once; running ones terminate gracefully. */
export function deleteObject(
  engine: Engine,
  kind: string,
  name: string,
  namespace = "default",
  gracePeriodSeconds?: number,
): CommandResult {
  const info = resourceInfo(kind);
  if (!info) {
    const unstructured = deleteUnstructured(engine, kind, name, namespace);
    if (unstructured) return unstructured;
    return {
      ok: false,
      code: "NotFound",
      message: `error: the server doesn't have a resource type "${kind}"`,
    };
  }
  const state = engine.state;
  switch (info.kind) {
    case "Pod": {
      const pod = state.pods[objectKey(namespace, name)];
      if (!pod) return notFound("pods", name);
      const terminal = pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
      const grace = gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds;
      if (!pod.spec.nodeName || terminal || gracePeriodSeconds === 0) {
        // A forced deletion removes the object at once; the kubelet, if it is there, kills what is left.
        removePod(engine, pod);
      } else if (
        pod.metadata.deletionTimestamp === undefined ||
        engine.now + grace * 1000 < pod.metadata.deletionTimestamp
      ) {
        pod.metadata.deletionTimestamp = engine.now + grace * 1000;
        pod.metadata.deletionGracePeriodSeconds = grace;
        writePodStatus(engine, pod);
      }
      return ok(`pod "${name}" deleted`);
    }
    case "Node": {
      const node = state.nodes[name];
      if (!node) return notFound("nodes", name);
      // The pod garbage collector's part: pods bound to a node that is gone go with it.
      for (const pod of engine.podsOnNode(name)) removePod(engine, pod);
      engine.deleted("Node", name, node);
      delete state.nodes[name];
      return ok(`node "${name}" deleted`);
    }
    case "Namespace": {
      const namespace = state.namespaces[name];
      if (!namespace) return notFound("namespaces", name);
      if ((SYSTEM_NAMESPACES as readonly string[]).includes(name)) {
        return {
          ok: false,
          code: "Forbidden",
          message: `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        };
      }
      for (const pod of Object.values(state.pods)) {
        if (pod.metadata.namespace === name) deleteObject(engine, "Pod", pod.metadata.name, name);
      }
      engine.deleted("Namespace", name, namespace);
      delete state.namespaces[name];
      return ok(`namespace "${name}" deleted`);
    }
    case "Deployment":
    case "ReplicaSet":
    case "Service": {
      const key = objectKey(namespace, name);
      // Background propagation: the garbage collector hears of the deletion and deletes what it owned.
      if (info.kind === "Deployment") {
        const object = state.deployments[key];
        if (!object) return notFound(`${info.plural}.apps`, name);
        engine.deleted("Deployment", key, object);
        delete state.deployments[key];
      } else if (info.kind === "ReplicaSet") {
        const object = state.replicasets[key];
        if (!object) return notFound(`${info.plural}.apps`, name);
        engine.deleted("ReplicaSet", key, object);
        delete state.replicasets[key];
      } else {
        const object = state.services[key];
        if (!object) return notFound("services", name);
        engine.deleted("Service", key, object);
        delete state.services[key];
        // Endpoints share their Service's name and lifetime.
        const endpoints = state.endpoints[key];
        if (endpoints) {
          delete state.endpoints[key];
          engine.deleted("Endpoints", key, endpoints);
        }
      }
      const prefix = info.kind === "Service" ? "service" : `${info.kind.toLowerCase()}.apps`;
      return ok(`${prefix} "${name}" deleted`);
    }
    case "ConfigMap":
    case "Secret":
    case "ServiceAccount":
    case "PersistentVolumeClaim":
    case "PersistentVolume":
    case "StorageClass":
      return deleteConfigObject(engine, info.kind, name, info.namespaced ? namespace : undefined);
    default:
      if (isStoredKind(info.kind))
        return deleteStored(engine, info.kind, info.namespaced ? namespace : undefined, name);
      return notFound(info.plural, name);
  }
}

/**
 * The pods/eviction subresource (and the taint manager's and a drain's deletions): a graceful delete
 * with a DisruptionTarget condition saying why.
 */
export function evictPod(engine: Engine, pod: Pod, reason: string, message: string): void {
  const condition = !pod.status.conditions.some((c) => c.type === "DisruptionTarget");
  if (condition) {
    pod.status.conditions.push({
      type: "DisruptionTarget",
      status: "True",
      reason,
      message,
      lastTransitionTime: engine.now,
    });
  }
  const revision = pod.metadata.resourceVersion;
  deleteObject(engine, "Pod", pod.metadata.name, pod.metadata.namespace);
  // a pod already terminating (no sooner) is not written by the delete: the condition still is
  const key = objectKey(pod.metadata.namespace, pod.metadata.name);
  if (condition && engine.state.pods[key] === pod && pod.metadata.resourceVersion === revision) {
    writePodStatus(engine, pod);
  }
}

/** Removes a pod from the store for good (grace period over, or nothing left to stop). */
export function removePod(engine: Engine, pod: Pod): void {
  const key = objectKey(pod.metadata.namespace, pod.metadata.name);
  if (!engine.state.pods[key]) return;
  engine.deleted("Pod", key, pod);
  delete engine.state.pods[key];
}

/** The pods/binding subresource: what the scheduler (bot or player) asks to place a pod. */
export function bindPod(engine: Engine, namespace: string, name: string, nodeName: string): CommandResult {
  const key = objectKey(namespace, name);
  const pod = engine.state.pods[key];
  if (!pod) return notFound("pods", name);
  if (pod.spec.nodeName) {
    return {
      ok: false,
      code: "Conflict",
      message: `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`,
    };
  }
  if (pod.metadata.deletionTimestamp !== undefined) {
    return {
      ok: false,
      code: "Conflict",
      message: `pod ${name} is being deleted, cannot be assigned to a host`,
    };
  }
  if (pod.spec.schedulingGates?.length) {
    return {
      ok: false,
      code: "Conflict",
      message: `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} has non-empty .spec.schedulingGates`,
    };
  }
  if (!engine.state.nodes[nodeName]) return notFound("nodes", nodeName);
  pod.spec.nodeName = nodeName;
  setPodScheduled(engine, pod, "True");
  writePodStatus(engine, pod);
  return ok(`pod/${name} bound to ${nodeName}`);
}

export function setPodScheduled(engine: Engine, pod: Pod, status: "True" | "False", message?: string): void {
  const conditions = pod.status.conditions;
  const existing = conditions.find((c) => c.type === "PodScheduled");
  const reason = status === "False" ? "Unschedulable" : undefined;
  if (existing) {
    if (existing.status !== status) existing.lastTransitionTime = engine.now;
    existing.status = status;
    existing.reason = reason;
    existing.message = message;
  } else {
    conditions.push({ type: "PodScheduled", status, reason, message, lastTransitionTime: engine.now });
  }
}

const UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

/** `kubectl cordon` / `uncordon`; the node lifecycle controller mirrors it as a NoSchedule taint. */
export function setUnschedulable(engine: Engine, nodeName: string, unschedulable: boolean): CommandResult {
  const node = engine.state.nodes[nodeName];
  if (!node) return notFound("nodes", nodeName);
  if (node.spec.unschedulable === unschedulable) {
    return ok(`node/${nodeName} already ${unschedulable ? "cordoned" : "uncordoned"}`);
  }
  node.spec.unschedulable = unschedulable;
  node.spec.taints = node.spec.taints.filter((t) => t.key !== UNSCHEDULABLE_TAINT);
  if (unschedulable)
    node.spec.taints.push({ key: UNSCHEDULABLE_TAINT, effect: "NoSchedule", timeAdded: engine.now });
  writeNode(engine, node);
  engine.emit({
    type: "Normal",
    reason: unschedulable ? "NodeNotSchedulable" : "NodeSchedulable",
    message: `Node ${nodeName} status is now: ${unschedulable ? "NodeNotSchedulable" : "NodeSchedulable"}`,
    involvedObject: { kind: "Node", name: nodeName, uid: node.metadata.uid },
    source: { component: "kubelet", host: nodeName },
  });
  return ok(`node/${nodeName} ${unschedulable ? "cordoned" : "uncordoned"}`);
}
