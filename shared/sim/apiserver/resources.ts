import type { SimulatedKind } from "../api/gvk.ts";
/**
 * The resource types the API server serves, by every name kubectl accepts for them (kind, plural,
 * short name, "deployments.apps"). A Map, so a name like "constructor" is simply unknown.
 */
export interface ResourceInfo {
  kind: SimulatedKind;
  plural: string;
  namespaced: boolean;
  /** "apps" for the apps/v1 kinds, "" for the core group. */
  group: string;
}

const RESOURCES = new Map<string, ResourceInfo>();
for (const [kind, plural, namespaced, group, ...aliases] of [
  ["Pod", "pods", true, "", "pod", "po"],
  ["Node", "nodes", false, "", "node", "no"],
  ["Namespace", "namespaces", false, "", "namespace", "ns"],
  ["Deployment", "deployments", true, "apps", "deployment", "deploy"],
  ["ReplicaSet", "replicasets", true, "apps", "replicaset", "rs"],
  ["Service", "services", true, "", "service", "svc"],
  ["DaemonSet", "daemonsets", true, "apps", "daemonset", "ds"],
  ["StatefulSet", "statefulsets", true, "apps", "statefulset", "sts"],
  ["Job", "jobs", true, "batch", "job"],
  ["CronJob", "cronjobs", true, "batch", "cronjob", "cj"],
  [
    "HorizontalPodAutoscaler",
    "horizontalpodautoscalers",
    true,
    "autoscaling",
    "horizontalpodautoscaler",
    "hpa",
  ],
  ["PodDisruptionBudget", "poddisruptionbudgets", true, "policy", "poddisruptionbudget", "pdb"],
  ["PriorityClass", "priorityclasses", false, "scheduling.k8s.io", "priorityclass", "pc"],
  ["ConfigMap", "configmaps", true, "", "configmap", "cm"],
  ["Secret", "secrets", true, "", "secret"],
  ["ServiceAccount", "serviceaccounts", true, "", "serviceaccount", "sa"],
  ["PersistentVolumeClaim", "persistentvolumeclaims", true, "", "persistentvolumeclaim", "pvc"],
  ["PersistentVolume", "persistentvolumes", false, "", "persistentvolume", "pv"],
  ["StorageClass", "storageclasses", false, "storage.k8s.io", "storageclass", "sc"],
] as const) {
  const info: ResourceInfo = { kind, plural, namespaced, group };
  const names: string[] = [kind, kind.toLowerCase(), plural, ...aliases];
  if (group) names.push(`${kind.toLowerCase()}.${group}`, `${plural}.${group}`);
  for (const name of names) RESOURCES.set(name, info);
}

export function resourceInfo(kindOrAlias: string): ResourceInfo | undefined {
  return RESOURCES.get(kindOrAlias);
}
