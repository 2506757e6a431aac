import { KINDS } from "../sim/api/gvk.ts";
import { priorityClasses } from "../sim/apiserver/priority.ts";
import type { ClusterState } from "../sim/model/state.ts";
import type { UnstructuredObject } from "../sim/model/unstructured.ts";
import { systemPods } from "../sim/world/systempods.ts";
import { eventTable, leaseTable, namespaceTable } from "./clusterprinters.ts";
import {
  claimJson,
  configMapJson,
  secretJson,
  serviceAccountJson,
  storageClassJson,
  volumeJson,
} from "./configjson.ts";
import {
  claimTable,
  configMapTable,
  secretTable,
  serviceAccountTable,
  storageClassTable,
  volumeTable,
} from "./configprinters.ts";
import { byLastSeen, eventSeries } from "./events.ts";
import { type Json, nodeJson, podJson } from "./json.ts";
import {
  cronJobJson,
  daemonSetJson,
  hpaJson,
  jobJson,
  pdbJson,
  priorityClassJson,
  statefulSetJson,
} from "./kindjson.ts";
import {
  cronJobTable,
  daemonSetTable,
  hpaTable,
  jobTable,
  pdbTable,
  priorityClassTable,
  statefulSetTable,
} from "./kindprinters.ts";
import { nodeTable, type PrintOptions, podTable, type Table } from "./printers.ts";
import { endpointsTable, serviceTable } from "./serviceprinters.ts";
import { unstructuredJson, unstructuredOf, unstructuredTable } from "./unstructured.ts";
import {
  aggregatedEventJson,
  deploymentJson,
  endpointsJson,
  leaseJson,
  namespaceJson,
  replicaSetJson,
  serviceJson,
} from "./workloadjson.ts";
import { deploymentTable, replicaSetTable } from "./workloadprinters.ts";

/**
 * kubectl's REST mapping for the console: resource names, short names and kinds, which of them the game
 * simulates, and for those how to list, tabulate and serialise their objects. Kinds the API knows but the
 * game does not simulate resolve too, and simply have no objects.
 */
export interface KubeObject {
  metadata: { name: string; namespace?: string; labels: Record<string, string>; creationTimestamp: number };
}

export interface ResourceType {
  resource: string;
  singular: string;
  shortNames: string[];
  kind: string;
  group: string;
  version: string;
  namespaced: boolean;
  simulated: boolean;
  /** Objects in etcd key order ("namespace/name"), as the API server lists them. */
  list: (state: ClusterState) => KubeObject[];
  table: (objects: KubeObject[], options: PrintOptions) => Table;
  json: (object: KubeObject) => Json;
}

function inKeyOrder<T>(record: Record<string, T>): T[] {
  return Object.keys(record)
    .sort()
    .map((k) => record[k] as T);
}

function define<T extends KubeObject>(r: {
  resource: string;
  singular: string;
  shortNames: string[];
  kind: string;
  group?: string;
  version?: string;
  namespaced: boolean;
  list: (state: ClusterState) => T[];
  table: (objects: T[], options: PrintOptions) => Table;
  json: (object: T) => Json;
}): ResourceType {
  return {
    ...r,
    group: r.group ?? "",
    version: r.version ?? "v1",
    simulated: true,
    table: (objects, options) => r.table(objects as T[], options),
    json: (object) => r.json(object as T),
  };
}

const SIMULATED: ResourceType[] = [
  define({
    resource: "pods",
    singular: "pod",
    shortNames: ["po"],
    kind: "Pod",
    namespaced: true,
    // The class's pods, and the control plane's (derived from the masters: world/systempods.ts).
    list: (s) => inKeyOrder({ ...s.pods, ...systemPods(s) }),
    table: podTable,
    json: podJson,
  }),
  define({
    resource: "nodes",
    singular: "node",
    shortNames: ["no"],
    kind: "Node",
    namespaced: false,
    list: (s) => inKeyOrder(s.nodes),
    table: nodeTable,
    json: nodeJson,
  }),
  define({
    resource: "namespaces",
    singular: "namespace",
    shortNames: ["ns"],
    kind: "Namespace",
    namespaced: false,
    list: (s) => inKeyOrder(s.namespaces),
    table: namespaceTable,
    json: namespaceJson,
  }),
  define({
    resource: "services",
    singular: "service",
    shortNames: ["svc"],
    kind: "Service",
    namespaced: true,
    list: (s) => inKeyOrder(s.services),
    table: serviceTable,
    json: serviceJson,
  }),
  define({
    resource: "endpoints",
    singular: "endpoints",
    shortNames: ["ep"],
    kind: "Endpoints",
    namespaced: true,
    list: (s) => inKeyOrder(s.endpoints),
    table: endpointsTable,
    json: endpointsJson,
  }),
  define({
    resource: "events",
    singular: "event",
    shortNames: ["ev"],
    kind: "Event",
    namespaced: true,
    // Listed by time (the order `kubectl events` uses), which reads best in a game.
    list: (s) => eventSeries(s.events).sort(byLastSeen),
    table: eventTable,
    json: aggregatedEventJson,
  }),
  define({
    resource: "deployments",
    singular: "deployment",
    shortNames: ["deploy"],
    kind: "Deployment",
    group: "apps",
    namespaced: true,
    list: (s) => inKeyOrder(s.deployments),
    table: deploymentTable,
    json: deploymentJson,
  }),
  define({
    resource: "replicasets",
    singular: "replicaset",
    shortNames: ["rs"],
    kind: "ReplicaSet",
    group: "apps",
    namespaced: true,
    list: (s) => inKeyOrder(s.replicasets),
    table: replicaSetTable,
    json: replicaSetJson,
  }),
  define({
    resource: "daemonsets",
    singular: "daemonset",
    shortNames: ["ds"],
    kind: "DaemonSet",
    group: "apps",
    namespaced: true,
    list: (s) => inKeyOrder(s.daemonsets),
    table: daemonSetTable,
    json: daemonSetJson,
  }),
  define({
    resource: "statefulsets",
    singular: "statefulset",
    shortNames: ["sts"],
    kind: "StatefulSet",
    group: "apps",
    namespaced: true,
    list: (s) => inKeyOrder(s.statefulsets),
    table: statefulSetTable,
    json: statefulSetJson,
  }),
  define({
    resource: "jobs",
    singular: "job",
    shortNames: [],
    kind: "Job",
    group: "batch",
    namespaced: true,
    list: (s) => inKeyOrder(s.jobs),
    table: jobTable,
    json: jobJson,
  }),
  define({
    resource: "cronjobs",
    singular: "cronjob",
    shortNames: ["cj"],
    kind: "CronJob",
    group: "batch",
    namespaced: true,
    list: (s) => inKeyOrder(s.cronjobs),
    table: cronJobTable,
    json: cronJobJson,
  }),
  define({
    resource: "horizontalpodautoscalers",
    singular: "horizontalpodautoscaler",
    shortNames: ["hpa"],
    kind: "HorizontalPodAutoscaler",
    group: "autoscaling",
    version: "v2",
    namespaced: true,
    list: (s) => inKeyOrder(s.horizontalpodautoscalers),
    table: hpaTable,
    json: hpaJson,
  }),
  define({
    resource: "poddisruptionbudgets",
    singular: "poddisruptionbudget",
    shortNames: ["pdb"],
    kind: "PodDisruptionBudget",
    group: "policy",
    namespaced: true,
    list: (s) => inKeyOrder(s.poddisruptionbudgets),
    table: pdbTable,
    json: pdbJson,
  }),
  define({
    resource: "priorityclasses",
    singular: "priorityclass",
    shortNames: ["pc"],
    kind: "PriorityClass",
    group: "scheduling.k8s.io",
    namespaced: false,
    list: priorityClasses,
    table: priorityClassTable,
    json: priorityClassJson,
  }),
  define({
    resource: "configmaps",
    singular: "configmap",
    shortNames: ["cm"],
    kind: "ConfigMap",
    namespaced: true,
    list: (s) => inKeyOrder(s.configmaps),
    table: configMapTable,
    json: configMapJson,
  }),
  define({
    resource: "secrets",
    singular: "secret",
    shortNames: [],
    kind: "Secret",
    namespaced: true,
    list: (s) => inKeyOrder(s.secrets),
    table: secretTable,
    json: secretJson,
  }),
  define({
    resource: "serviceaccounts",
    singular: "serviceaccount",
    shortNames: ["sa"],
    kind: "ServiceAccount",
    namespaced: true,
    list: (s) => inKeyOrder(s.serviceaccounts),
    table: serviceAccountTable,
    json: serviceAccountJson,
  }),
  define({
    resource: "persistentvolumeclaims",
    singular: "persistentvolumeclaim",
    shortNames: ["pvc"],
    kind: "PersistentVolumeClaim",
    namespaced: true,
    list: (s) => inKeyOrder(s.persistentvolumeclaims),
    table: claimTable,
    json: claimJson,
  }),
  define({
    resource: "persistentvolumes",
    singular: "persistentvolume",
    shortNames: ["pv"],
    kind: "PersistentVolume",
    namespaced: false,
    list: (s) => inKeyOrder(s.persistentvolumes),
    table: volumeTable,
    json: volumeJson,
  }),
  define({
    resource: "storageclasses",
    singular: "storageclass",
    shortNames: ["sc"],
    kind: "StorageClass",
    group: "storage.k8s.io",
    namespaced: false,
    list: (s) => inKeyOrder(s.storageclasses),
    table: storageClassTable,
    json: storageClassJson,
  }),
  define({
    resource: "leases",
    singular: "lease",
    shortNames: [],
    kind: "Lease",
    group: "coordination.k8s.io",
    namespaced: true,
    list: (s) => inKeyOrder(s.leases),
    table: leaseTable,
    json: leaseJson,
  }),
];

const SHORT_NAMES: Record<string, string[]> = {
  ConfigMap: ["cm"],
  ServiceAccount: ["sa"],
  PersistentVolumeClaim: ["pvc"],
  PersistentVolume: ["pv"],
  ReplicationController: ["rc"],
  LimitRange: ["limits"],
  ResourceQuota: ["quota"],
  StatefulSet: ["sts"],
  DaemonSet: ["ds"],
  CronJob: ["cj"],
  HorizontalPodAutoscaler: ["hpa"],
  Ingress: ["ing"],
  NetworkPolicy: ["netpol"],
  PodDisruptionBudget: ["pdb"],
  StorageClass: ["sc"],
  PriorityClass: ["pc"],
  CustomResourceDefinition: ["crd", "crds"],
  CertificateSigningRequest: ["csr"],
};

const NOT_SIMULATED: ResourceType[] = KINDS.filter(
  (k) => !SIMULATED.some((r) => r.kind === k.kind) && k.kind !== "Event",
).map((k) => {
  const apiVersion = k.apiVersions[0] as string;
  const slash = apiVersion.indexOf("/");
  return {
    resource: k.plural,
    singular: k.kind.toLowerCase(),
    shortNames: SHORT_NAMES[k.kind] ?? [],
    kind: k.kind,
    group: slash < 0 ? "" : apiVersion.slice(0, slash),
    version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
    namespaced: k.namespaced,
    simulated: false,
    // stored as written, listed in kubectl's columns; nothing acts on them
    list: (s: ClusterState) => unstructuredOf(s, k.kind) as unknown as KubeObject[],
    table: (objects: KubeObject[], options: PrintOptions) =>
      unstructuredTable(k.kind, objects as unknown as UnstructuredObject[], options),
    json: (object: KubeObject) => unstructuredJson(object as unknown as UnstructuredObject),
  };
});

export const RESOURCES: readonly ResourceType[] = [...SIMULATED, ...NOT_SIMULATED];

const LOOKUP = new Map<string, ResourceType>();
for (const r of RESOURCES) {
  const names = [r.resource, r.singular, r.kind.toLowerCase(), ...r.shortNames];
  for (const name of names) {
    if (!LOOKUP.has(name)) LOOKUP.set(name, r);
    if (r.group) LOOKUP.set(`${name}.${r.group}`, r);
  }
}

/** Resolves a type as typed on the command line (`po`, `Pods`, `deployments.apps` ...). */
export function resolveResource(name: string): ResourceType | undefined {
  return LOOKUP.get(name.toLowerCase());
}

/** `kubectl get all`: the resources of the "all" category the game has. */
export const ALL_CATEGORY = [
  "pods",
  "services",
  "daemonsets",
  "deployments",
  "replicasets",
  "statefulsets",
  "horizontalpodautoscalers",
  "cronjobs",
  "jobs",
];

/** "deployment.apps", "pod": how -o name and multi-kind tables name an object. */
export function kindPrefix(r: ResourceType): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}

/** "deployments.apps", "pods": the resource as NotFound errors name it. */
export function groupResource(r: ResourceType): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export function simulatedResources(): ResourceType[] {
  return SIMULATED;
}
