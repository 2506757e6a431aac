import {
  anyValue,
  bool,
  list,
  map,
  notSimulated,
  resourceList,
  str,
  stringMap,
  strings,
  struct,
} from "../schema.ts";
import { LabelSelector, ObjectMeta, TYPE_META } from "./meta.ts";

/** ConfigMap, Secret, ServiceAccount (core/v1), PersistentVolumeClaim, PersistentVolume, StorageClass. */
const named = (name: string) => struct(name, { name: str });
const ObjectReference = struct("ObjectReference", {
  kind: str,
  namespace: str,
  name: str,
  uid: str,
  apiVersion: str,
  resourceVersion: str,
  fieldPath: str,
});

export const ConfigMap = struct("ConfigMap", {
  ...TYPE_META,
  metadata: ObjectMeta,
  data: stringMap,
  binaryData: map(str, "map[string][]uint8"),
  immutable: bool,
});

export const Secret = struct("Secret", {
  ...TYPE_META,
  metadata: ObjectMeta,
  data: map(str, "map[string][]uint8"),
  stringData: stringMap,
  type: str,
  immutable: bool,
});

export const ServiceAccount = struct("ServiceAccount", {
  ...TYPE_META,
  metadata: ObjectMeta,
  secrets: list(ObjectReference),
  imagePullSecrets: list(named("LocalObjectReference")),
  automountServiceAccountToken: bool,
});

const VolumeResourceRequirements = struct("VolumeResourceRequirements", {
  limits: resourceList,
  requests: resourceList,
});

export const PersistentVolumeClaim = struct("PersistentVolumeClaim", {
  ...TYPE_META,
  metadata: ObjectMeta,
  spec: struct("PersistentVolumeClaimSpec", {
    accessModes: strings,
    selector: notSimulated(LabelSelector),
    resources: VolumeResourceRequirements,
    volumeName: str,
    storageClassName: str,
    volumeMode: str,
    dataSource: notSimulated(anyValue),
    dataSourceRef: notSimulated(anyValue),
    volumeAttributesClassName: notSimulated(str),
  }),
  status: anyValue,
});

export const PersistentVolume = struct("PersistentVolume", {
  ...TYPE_META,
  metadata: ObjectMeta,
  spec: struct("PersistentVolumeSpec", {
    capacity: resourceList,
    accessModes: strings,
    claimRef: ObjectReference,
    persistentVolumeReclaimPolicy: str,
    storageClassName: str,
    mountOptions: notSimulated(strings),
    volumeMode: str,
    nodeAffinity: notSimulated(anyValue),
    volumeAttributesClassName: notSimulated(str),
    // The volume's source: accepted as written, not simulated.
    ...Object.fromEntries(
      [
        "hostPath",
        "local",
        "nfs",
        "csi",
        "awsElasticBlockStore",
        "gcePersistentDisk",
        "azureDisk",
        "azureFile",
        "iscsi",
        "fc",
        "cephfs",
        "rbd",
        "cinder",
        "flexVolume",
        "glusterfs",
        "vsphereVolume",
        "portworxVolume",
        "scaleIO",
        "storageos",
        "quobyte",
        "photonPersistentDisk",
        "flocker",
      ].map((k) => [k, anyValue]),
    ),
  }),
  status: anyValue,
});

export const StorageClass = struct(
  "StorageClass",
  {
    ...TYPE_META,
    metadata: ObjectMeta,
    provisioner: str,
    parameters: stringMap,
    reclaimPolicy: str,
    mountOptions: notSimulated(strings),
    allowVolumeExpansion: bool,
    volumeBindingMode: str,
    allowedTopologies: notSimulated(list(anyValue)),
  },
  "v1",
);
