import type { ConfigMap, Secret, ServiceAccount } from "../sim/model/config.ts";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "../sim/model/storage.ts";
import { compact, type Json, metadataJson } from "./json.ts";

/** ConfigMaps, Secrets, ServiceAccounts, claims, volumes and classes as `kubectl get -o json|yaml` shows them. */
export function configMapJson(cm: ConfigMap): Json {
  return compact({
    apiVersion: "v1",
    binaryData: cm.binaryData,
    data: Object.keys(cm.data).length ? cm.data : undefined,
    immutable: cm.immutable,
    kind: "ConfigMap",
    metadata: metadataJson(cm.metadata),
  });
}

export function secretJson(s: Secret): Json {
  return compact({
    apiVersion: "v1",
    data: Object.keys(s.data).length ? s.data : undefined,
    immutable: s.immutable,
    kind: "Secret",
    metadata: metadataJson(s.metadata),
    type: s.type,
  });
}

export function serviceAccountJson(sa: ServiceAccount): Json {
  return compact({
    apiVersion: "v1",
    automountServiceAccountToken: sa.automountServiceAccountToken,
    imagePullSecrets: sa.imagePullSecrets,
    kind: "ServiceAccount",
    metadata: metadataJson(sa.metadata),
    secrets: sa.secrets,
  });
}

export function claimJson(c: PersistentVolumeClaim): Json {
  const metadata = metadataJson(c.metadata);
  metadata.finalizers = ["kubernetes.io/pvc-protection"];
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata,
    spec: compact({
      accessModes: c.spec.accessModes,
      resources: { requests: { storage: c.spec.resources.requests.storage } },
      storageClassName: c.spec.storageClassName,
      volumeMode: c.spec.volumeMode,
      volumeName: c.spec.volumeName,
    }),
    status: compact({
      accessModes: c.status.accessModes,
      capacity: c.status.capacity,
      phase: c.status.phase,
    }),
  };
}

export function volumeJson(pv: PersistentVolume): Json {
  const metadata = metadataJson(pv.metadata);
  metadata.finalizers = ["kubernetes.io/pv-protection"];
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata,
    spec: compact({
      accessModes: pv.spec.accessModes,
      capacity: pv.spec.capacity,
      claimRef: pv.spec.claimRef ? { apiVersion: "v1", ...pv.spec.claimRef } : undefined,
      persistentVolumeReclaimPolicy: pv.spec.persistentVolumeReclaimPolicy,
      storageClassName: pv.spec.storageClassName,
      volumeMode: pv.spec.volumeMode,
    }),
    status: { phase: pv.status.phase },
  };
}

export function storageClassJson(sc: StorageClass): Json {
  return compact({
    allowVolumeExpansion: sc.allowVolumeExpansion,
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: metadataJson(sc.metadata),
    parameters: sc.parameters,
    provisioner: sc.provisioner,
    reclaimPolicy: sc.reclaimPolicy,
    volumeBindingMode: sc.volumeBindingMode,
  });
}
