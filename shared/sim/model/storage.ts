import type { ObjectMeta } from "./meta.ts";

/**
 * Storage as the StatefulSet's volumeClaimTemplates and pods use it, kept simple:
 * - a PersistentVolumeClaim asks for `spec.resources.requests.storage` of a StorageClass (the default
 *   class when it names none); it is Pending until bound, then Bound to one PersistentVolume
 *   (`spec.volumeName`, `status.capacity`, `status.accessModes`);
 * - the PV controller's provisioner (controllers/volumes/) makes that volume, `pvc-<claim uid>`, at once
 *   for an Immediate class, or once a pod using the claim is scheduled for WaitForFirstConsumer;
 * - a pod's `persistentVolumeClaim` volume keeps it Pending (FailedScheduling) while the claim does not
 *   exist or is unbound with Immediate binding; the kubelet mounts it once the claim is Bound.
 * Create a claim with applyObject (a DecodedObject of kind PersistentVolumeClaim): the claim's key in
 * `state.persistentvolumeclaims` is "namespace/name".
 */
export type AccessMode = "ReadWriteOnce" | "ReadOnlyMany" | "ReadWriteMany" | "ReadWriteOncePod";

export interface PersistentVolumeClaim {
  apiVersion: "v1";
  kind: "PersistentVolumeClaim";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    accessModes: AccessMode[];
    /** Kept as written ("1Gi"). */
    resources: { requests: { storage: string } };
    /** Set from the default class on create when the claim names none (DefaultStorageClass admission). */
    storageClassName?: string;
    /** The bound volume. */
    volumeName?: string;
    volumeMode: "Filesystem" | "Block";
  };
  status: {
    phase: "Pending" | "Bound" | "Lost";
    accessModes?: AccessMode[];
    capacity?: { storage: string };
  };
}

export interface PersistentVolume {
  apiVersion: "v1";
  kind: "PersistentVolume";
  metadata: ObjectMeta;
  spec: {
    capacity: { storage: string };
    accessModes: AccessMode[];
    persistentVolumeReclaimPolicy: "Delete" | "Retain" | "Recycle";
    storageClassName?: string;
    volumeMode: "Filesystem" | "Block";
    claimRef?: { kind: "PersistentVolumeClaim"; namespace: string; name: string; uid: string };
    /** A node-local volume (local-path) can only be used on this node. */
    nodeName?: string;
  };
  status: { phase: "Pending" | "Available" | "Bound" | "Released" | "Failed" };
}

export interface StorageClass {
  apiVersion: "storage.k8s.io/v1";
  kind: "StorageClass";
  metadata: ObjectMeta;
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy: "Delete" | "Retain";
  volumeBindingMode: "Immediate" | "WaitForFirstConsumer";
  allowVolumeExpansion?: boolean;
}

/** The annotation that makes a StorageClass the default (`kubectl get sc` prints "(default)"). */
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
