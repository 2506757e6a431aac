import {
  anyValue,
  bool,
  type Field,
  i32,
  list,
  notSimulated,
  quantity,
  type Schema,
  str,
  stringMap,
  struct,
} from "../schema.ts";

/**
 * core/v1 Volume: a name and one volume source. The common sources are spelled out so a typo inside them is
 * caught; the rarer in-tree and deprecated ones are accepted as written.
 */
const KeyToPath = struct("KeyToPath", { key: str, path: str, mode: i32 });
const LocalObjectReference = struct("LocalObjectReference", { name: str });
const DownwardAPIVolumeFile = struct("DownwardAPIVolumeFile", {
  path: str,
  fieldRef: struct("ObjectFieldSelector", { apiVersion: str, fieldPath: str }),
  resourceFieldRef: struct("ResourceFieldSelector", { containerName: str, resource: str, divisor: quantity }),
  mode: i32,
});

const VOLUME_SOURCES: Record<string, Schema | Field> = {
  hostPath: notSimulated(struct("HostPathVolumeSource", { path: str, type: str })),
  emptyDir: struct("EmptyDirVolumeSource", { medium: str, sizeLimit: quantity }),
  secret: struct("SecretVolumeSource", {
    secretName: str,
    items: list(KeyToPath),
    defaultMode: i32,
    optional: bool,
  }),
  configMap: struct("ConfigMapVolumeSource", {
    name: str,
    items: list(KeyToPath),
    defaultMode: i32,
    optional: bool,
  }),
  persistentVolumeClaim: struct("PersistentVolumeClaimVolumeSource", { claimName: str, readOnly: bool }),
  nfs: notSimulated(struct("NFSVolumeSource", { server: str, path: str, readOnly: bool })),
  downwardAPI: struct("DownwardAPIVolumeSource", { items: list(DownwardAPIVolumeFile), defaultMode: i32 }),
  projected: notSimulated(struct("ProjectedVolumeSource", { sources: list(anyValue), defaultMode: i32 })),
  csi: notSimulated(
    struct("CSIVolumeSource", {
      driver: str,
      readOnly: bool,
      fsType: str,
      volumeAttributes: stringMap,
      nodePublishSecretRef: LocalObjectReference,
    }),
  ),
  ephemeral: notSimulated(struct("EphemeralVolumeSource", { volumeClaimTemplate: anyValue })),
  image: notSimulated(struct("ImageVolumeSource", { reference: str, pullPolicy: str })),
  gcePersistentDisk: notSimulated(anyValue),
  awsElasticBlockStore: notSimulated(anyValue),
  gitRepo: notSimulated(anyValue),
  iscsi: notSimulated(anyValue),
  glusterfs: notSimulated(anyValue),
  rbd: notSimulated(anyValue),
  flexVolume: notSimulated(anyValue),
  cinder: notSimulated(anyValue),
  cephfs: notSimulated(anyValue),
  flocker: notSimulated(anyValue),
  fc: notSimulated(anyValue),
  azureFile: notSimulated(anyValue),
  azureDisk: notSimulated(anyValue),
  vsphereVolume: notSimulated(anyValue),
  quobyte: notSimulated(anyValue),
  photonPersistentDisk: notSimulated(anyValue),
  portworxVolume: notSimulated(anyValue),
  scaleIO: notSimulated(anyValue),
  storageos: notSimulated(anyValue),
};

export const Volume = struct("Volume", { name: str, ...VOLUME_SOURCES });
