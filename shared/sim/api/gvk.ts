/**
 * The API server's discovery, as kubectl's REST mapper sees it: which kinds exist in which apiVersion,
 * whether they are namespaced, and whether the game simulates them.
 */
export type SimulatedKind =
  | "Pod"
  | "Node"
  | "Namespace"
  | "Deployment"
  | "ReplicaSet"
  | "Service"
  | "DaemonSet"
  | "StatefulSet"
  | "Job"
  | "CronJob"
  | "HorizontalPodAutoscaler"
  | "PodDisruptionBudget"
  | "PriorityClass"
  | ConfigKind;

/** The configuration and storage kinds (api/config.ts, api/storage.ts). */
export type ConfigKind =
  | "ConfigMap"
  | "Secret"
  | "ServiceAccount"
  | "PersistentVolumeClaim"
  | "PersistentVolume"
  | "StorageClass";

export interface KindInfo {
  kind: string;
  apiVersions: readonly string[];
  namespaced: boolean;
  /** Lower-case plural resource name, as in `pods "web" already exists`. */
  plural: string;
  simulated: boolean;
}

const k = (
  kind: string,
  apiVersions: string[],
  namespaced: boolean,
  plural = `${kind.toLowerCase()}s`,
  simulated = false,
): KindInfo => ({ kind, apiVersions, namespaced, plural, simulated });

export const KINDS: readonly KindInfo[] = [
  k("Pod", ["v1"], true, "pods", true),
  k("Node", ["v1"], false, "nodes", true),
  k("Namespace", ["v1"], false, "namespaces", true),
  k("Service", ["v1"], true, "services", true),
  k("Deployment", ["apps/v1"], true, "deployments", true),
  k("ReplicaSet", ["apps/v1"], true, "replicasets", true),
  k("ConfigMap", ["v1"], true, "configmaps", true),
  k("Secret", ["v1"], true, "secrets", true),
  k("ServiceAccount", ["v1"], true, "serviceaccounts", true),
  k("PersistentVolumeClaim", ["v1"], true, "persistentvolumeclaims", true),
  k("PersistentVolume", ["v1"], false, "persistentvolumes", true),
  k("Endpoints", ["v1"], true, "endpoints"),
  k("LimitRange", ["v1"], true),
  k("ResourceQuota", ["v1"], true),
  k("ReplicationController", ["v1"], true),
  k("PodTemplate", ["v1"], true),
  k("Event", ["v1", "events.k8s.io/v1"], true),
  k("StatefulSet", ["apps/v1"], true, "statefulsets", true),
  k("DaemonSet", ["apps/v1"], true, "daemonsets", true),
  k("ControllerRevision", ["apps/v1"], true),
  k("Job", ["batch/v1"], true, "jobs", true),
  k("CronJob", ["batch/v1"], true, "cronjobs", true),
  k("HorizontalPodAutoscaler", ["autoscaling/v2", "autoscaling/v1"], true, "horizontalpodautoscalers", true),
  k("Ingress", ["networking.k8s.io/v1"], true, "ingresses"),
  k("IngressClass", ["networking.k8s.io/v1"], false, "ingressclasses"),
  k("NetworkPolicy", ["networking.k8s.io/v1"], true, "networkpolicies"),
  k("IPAddress", ["networking.k8s.io/v1"], false, "ipaddresses"),
  k("ServiceCIDR", ["networking.k8s.io/v1"], false),
  k("PodDisruptionBudget", ["policy/v1"], true, "poddisruptionbudgets", true),
  k("Role", ["rbac.authorization.k8s.io/v1"], true),
  k("RoleBinding", ["rbac.authorization.k8s.io/v1"], true),
  k("ClusterRole", ["rbac.authorization.k8s.io/v1"], false),
  k("ClusterRoleBinding", ["rbac.authorization.k8s.io/v1"], false),
  k("StorageClass", ["storage.k8s.io/v1"], false, "storageclasses", true),
  k("CSIDriver", ["storage.k8s.io/v1"], false),
  k("CSINode", ["storage.k8s.io/v1"], false),
  k("VolumeAttachment", ["storage.k8s.io/v1"], false),
  k("PriorityClass", ["scheduling.k8s.io/v1"], false, "priorityclasses", true),
  k("Lease", ["coordination.k8s.io/v1"], true),
  k("EndpointSlice", ["discovery.k8s.io/v1"], true),
  k("RuntimeClass", ["node.k8s.io/v1"], false, "runtimeclasses"),
  k("CustomResourceDefinition", ["apiextensions.k8s.io/v1"], false),
  k("ValidatingWebhookConfiguration", ["admissionregistration.k8s.io/v1"], false),
  k("MutatingWebhookConfiguration", ["admissionregistration.k8s.io/v1"], false),
  k("ValidatingAdmissionPolicy", ["admissionregistration.k8s.io/v1"], false, "validatingadmissionpolicies"),
  k("ValidatingAdmissionPolicyBinding", ["admissionregistration.k8s.io/v1"], false),
  k("CertificateSigningRequest", ["certificates.k8s.io/v1"], false),
  k("FlowSchema", ["flowcontrol.apiserver.k8s.io/v1"], false),
  k("PriorityLevelConfiguration", ["flowcontrol.apiserver.k8s.io/v1"], false),
  k("ResourceClaim", ["resource.k8s.io/v1alpha3"], true),
  k("ResourceClaimTemplate", ["resource.k8s.io/v1alpha3"], true),
  k("DeviceClass", ["resource.k8s.io/v1alpha3"], false, "deviceclasses"),
  k("ResourceSlice", ["resource.k8s.io/v1alpha3"], false),
];

const BY_KIND = new Map(KINDS.map((info) => [info.kind, info]));

export function kindInfo(kind: string): KindInfo | undefined {
  return BY_KIND.get(kind);
}

/** The kind served at this apiVersion, or undefined (kubectl: `no matches for kind ...`). */
export function lookupKind(apiVersion: string, kind: string): KindInfo | undefined {
  const info = BY_KIND.get(kind);
  return info?.apiVersions.includes(apiVersion) ? info : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** A hint for a kind the mapper does not know: the closest real kind, or the apiVersion that serves it. */
export function kindHint(apiVersion: string, kind: string): string | undefined {
  const exact = BY_KIND.get(kind);
  if (exact) return `did you mean apiVersion "${exact.apiVersions[0]}"?`;
  let best: KindInfo | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const info of KINDS) {
    const d =
      info.kind.toLowerCase() === kind.toLowerCase()
        ? 0
        : distance(info.kind.toLowerCase(), kind.toLowerCase());
    const preferred = d === bestDistance && info.simulated && !best?.simulated;
    if (d < bestDistance || preferred) {
      best = info;
      bestDistance = d;
    }
  }
  if (!best || bestDistance > Math.max(2, Math.floor(kind.length / 4))) return undefined;
  const version = best.apiVersions.includes(apiVersion) ? "" : ` in version "${best.apiVersions[0]}"`;
  return `did you mean kind "${best.kind}"${version}?`;
}
