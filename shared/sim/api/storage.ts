import type { AccessMode, PersistentVolume, PersistentVolumeClaim, StorageClass } from "../model/storage.ts";
import { isQuantity } from "../quantity.ts";
import { obj, type Raw, str, strings } from "./convert.ts";
import { type FieldError, index, notSupported, required } from "./fielderrors.ts";
import type { DecodedMeta } from "./types.ts";
import type { KindResult } from "./workloads.ts";

/**
 * PersistentVolumeClaim, PersistentVolume and StorageClass: defaults (volumeMode Filesystem, reclaim
 * policy Delete, binding mode Immediate) and the validation a manifest usually trips over.
 */
const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
const VOLUME_MODES = ["Block", "Filesystem"];

function accessModes(v: unknown, path: string, errs: FieldError[]): AccessMode[] {
  const modes = (strings(v) ?? []) as AccessMode[];
  if (modes.length === 0) errs.push(required(path, "at least 1 access mode is required"));
  modes.forEach((m, i) => {
    if (!ACCESS_MODES.includes(m)) errs.push(notSupported(index(path, i), m, ACCESS_MODES));
  });
  return modes;
}

function volumeMode(v: unknown, path: string, errs: FieldError[]): "Filesystem" | "Block" {
  const mode = str(v) || "Filesystem";
  if (!VOLUME_MODES.includes(mode)) errs.push(notSupported(path, mode, VOLUME_MODES));
  return mode as "Filesystem" | "Block";
}

export function decodePersistentVolumeClaim(
  raw: Raw,
  metadata: DecodedMeta & { namespace: string },
): KindResult {
  const s = obj(raw.spec);
  const errs: FieldError[] = [];
  const modes = accessModes(s.accessModes, "spec.accessModes", errs);
  const storage = obj(obj(s.resources).requests).storage;
  if (storage === undefined || storage === null) errs.push(required("spec.resources[storage]"));
  const text = storage === undefined || storage === null ? "" : String(storage);
  const spec: PersistentVolumeClaim["spec"] = {
    accessModes: modes,
    resources: { requests: { storage: isQuantity(text) ? text : "0" } },
    volumeMode: volumeMode(s.volumeMode, "spec.volumeMode", errs),
    ...(str(s.storageClassName) !== undefined ? { storageClassName: str(s.storageClassName) } : {}),
    ...(str(s.volumeName) ? { volumeName: str(s.volumeName) } : {}),
  };
  return { object: { kind: "PersistentVolumeClaim", metadata, spec }, errors: errs, notSimulated: [] };
}

export function decodePersistentVolume(raw: Raw, metadata: DecodedMeta): KindResult {
  const s = obj(raw.spec);
  const errs: FieldError[] = [];
  const storage = obj(s.capacity).storage;
  if (storage === undefined || storage === null) errs.push(required("spec.capacity"));
  const policy = str(s.persistentVolumeReclaimPolicy) || "Retain";
  const policies = ["Delete", "Recycle", "Retain"];
  if (!policies.includes(policy))
    errs.push(notSupported("spec.persistentVolumeReclaimPolicy", policy, policies));
  const spec: PersistentVolume["spec"] = {
    capacity: { storage: String(storage ?? "0") },
    accessModes: accessModes(s.accessModes, "spec.accessModes", errs),
    persistentVolumeReclaimPolicy: policy as PersistentVolume["spec"]["persistentVolumeReclaimPolicy"],
    volumeMode: volumeMode(s.volumeMode, "spec.volumeMode", errs),
    ...(str(s.storageClassName) ? { storageClassName: str(s.storageClassName) } : {}),
  };
  return { object: { kind: "PersistentVolume", metadata, spec }, errors: errs, notSimulated: [] };
}

export function decodeStorageClass(raw: Raw, metadata: DecodedMeta): KindResult {
  const errs: FieldError[] = [];
  const provisioner = str(raw.provisioner) ?? "";
  if (!provisioner) errs.push(required("provisioner"));
  const reclaimPolicy = str(raw.reclaimPolicy) || "Delete";
  if (!["Delete", "Retain"].includes(reclaimPolicy))
    errs.push(notSupported("reclaimPolicy", reclaimPolicy, ["Delete", "Retain"]));
  const mode = str(raw.volumeBindingMode) || "Immediate";
  if (!["Immediate", "WaitForFirstConsumer"].includes(mode))
    errs.push(notSupported("volumeBindingMode", mode, ["Immediate", "WaitForFirstConsumer"]));
  const parameters = obj(raw.parameters);
  const object: Omit<StorageClass, "apiVersion" | "kind" | "metadata"> = {
    provisioner,
    reclaimPolicy: reclaimPolicy as StorageClass["reclaimPolicy"],
    volumeBindingMode: mode as StorageClass["volumeBindingMode"],
    ...(Object.keys(parameters).length
      ? { parameters: Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, String(v)])) }
      : {}),
    ...(typeof raw.allowVolumeExpansion === "boolean"
      ? { allowVolumeExpansion: raw.allowVolumeExpansion }
      : {}),
  };
  return { object: { kind: "StorageClass", metadata, ...object }, errors: errs, notSimulated: [] };
}
