import { anyValue, bool, i32, list, quantity, str, stringMap, struct } from "../schema.ts";

/**
 * core/v1 Volume: a name and one volume source. The common sources are spelled out so a typo inside them is
 * caught; the rarer in-tree and deprecated ones are accepted as written.
 */
const KeyToPath = struct("KeyToPath", { key: str, path: str, mode: i32 });
const LocalObjectReference = struct("LocalObjectReference", { name: str });

const VOLUME_SOURCES = {
  hostPath: struct("HostPathVolumeSource", { path: str, type: str }),
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
  nfs: struct("NFSVolumeSource", { server: str, path: str, readOnly: bool }),
  downwardAPI: struct("DownwardAPIVolumeSource", { items: list(anyValue), defaultMode: i32 }),
  projected: struct("ProjectedVolumeSource", { sources: list(anyValue), defaultMode: i32 }),
  csi: struct("CSIVolumeSource", {
    driver: str,
    readOnly: bool,
    fsType: str,
    volumeAttributes: stringMap,
    nodePublishSecretRef: LocalObjectReference,
  }),
  ephemeral: struct("EphemeralVolumeSource", { volumeClaimTemplate: anyValue }),
  image: struct("ImageVolumeSource", { reference: str, pullPolicy: str }),
  gcePersistentDisk: anyValue,
  awsElasticBlockStore: anyValue,
  gitRepo: anyValue,
  iscsi: anyValue,
  glusterfs: anyValue,
  rbd: anyValue,
  flexVolume: anyValue,
  cinder: anyValue,
  cephfs: anyValue,
  flocker: anyValue,
  fc: anyValue,
  azureFile: anyValue,
  azureDisk: anyValue,
  vsphereVolume: anyValue,
  quobyte: anyValue,
  photonPersistentDisk: anyValue,
  portworxVolume: anyValue,
  scaleIO: anyValue,
  storageos: anyValue,
};

export const Volume = struct("Volume", { name: str, ...VOLUME_SOURCES });
