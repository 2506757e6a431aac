import { decodeBase64 } from "../../sim/base64.ts";
import type { ConfigMap, Secret, ServiceAccount } from "../../sim/model/config.ts";
import type { ClusterState } from "../../sim/model/state.ts";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "../../sim/model/storage.ts";
import { accessModesText, isDefaultClass } from "../configprinters.ts";
import { eventsFor } from "../events.ts";
import { describeEvents, describeWriter, printAnnotationsMultiline, printLabelsMultiline } from "./writer.ts";

/**
 * `kubectl describe` of ConfigMaps (their data), Secrets (sizes only), ServiceAccounts, claims (with
 * the pods using them), volumes and StorageClasses, as describe.go prints them.
 */
function header(
  w: ReturnType<typeof describeWriter>,
  meta: {
    name: string;
    namespace?: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  },
) {
  w.write(0, `Name:\t${meta.name}\n`);
  if (meta.namespace !== undefined) w.write(0, `Namespace:\t${meta.namespace}\n`);
  printLabelsMultiline(w, "Labels", meta.labels);
  printAnnotationsMultiline(w, "Annotations", meta.annotations);
}

function events(
  w: ReturnType<typeof describeWriter>,
  state: ClusterState,
  kind: string,
  meta: { name: string; namespace?: string; uid: string },
  show: boolean,
): void {
  if (show)
    describeEvents(
      w,
      eventsFor(state.events, { kind, name: meta.name, namespace: meta.namespace, uid: meta.uid }),
      state.now,
    );
}

export function describeConfigMap(cm: ConfigMap, state: ClusterState, show = true): string {
  const w = describeWriter();
  header(w, cm.metadata);
  w.write(0, "\nData\n====\n");
  for (const k of Object.keys(cm.data).sort()) w.write(0, `${k}:\n----\n${cm.data[k]}\n`);
  w.write(0, "\nBinaryData\n====\n");
  for (const k of Object.keys(cm.binaryData ?? {}).sort()) {
    const d = decodeBase64(cm.binaryData?.[k] ?? "");
    w.write(0, `${k}: ${d.ok ? new TextEncoder().encode(d.text).length : 0} bytes\n`);
  }
  w.write(0, "\n");
  events(w, state, "ConfigMap", cm.metadata, show);
  return w.text();
}

export function describeSecret(secret: Secret): string {
  const w = describeWriter();
  header(w, secret.metadata);
  w.write(0, `\nType:\t${secret.type}\n`);
  w.write(0, "\nData\n====\n");
  for (const k of Object.keys(secret.data).sort()) {
    const d = decodeBase64(secret.data[k] ?? "");
    w.write(0, `${k}:\t${d.ok ? new TextEncoder().encode(d.text).length : 0} bytes\n`);
  }
  return w.text();
}

export function describeServiceAccount(sa: ServiceAccount, state: ClusterState, show = true): string {
  const w = describeWriter();
  header(w, sa.metadata);
  const list = (items: { name: string }[] | undefined) => items?.map((i) => i.name).join(", ") || "<none>";
  w.write(0, `Image pull secrets:\t${list(sa.imagePullSecrets)}\n`);
  w.write(0, `Mountable secrets:\t${list(sa.secrets)}\n`);
  w.write(0, "Tokens:\t<none>\n");
  events(w, state, "ServiceAccount", sa.metadata, show);
  return w.text();
}

/** The pods whose volumes use a claim (getPodsForPVC). */
function usedBy(state: ClusterState, c: PersistentVolumeClaim): string {
  const pods = Object.values(state.pods)
    .filter(
      (p) =>
        p.metadata.namespace === c.metadata.namespace &&
        p.spec.volumes?.some((v) => v.persistentVolumeClaim?.claimName === c.metadata.name),
    )
    .map((p) => p.metadata.name)
    .sort();
  return pods.length ? pods.join("\n\t") : "<none>";
}

export function describeClaim(c: PersistentVolumeClaim, state: ClusterState, show = true): string {
  const w = describeWriter();
  w.write(0, `Name:\t${c.metadata.name}\n`);
  w.write(0, `Namespace:\t${c.metadata.namespace}\n`);
  w.write(0, `StorageClass:\t${c.spec.storageClassName ?? ""}\n`);
  w.write(0, `Status:\t${c.metadata.deletionTimestamp !== undefined ? "Terminating" : c.status.phase}\n`);
  w.write(0, `Volume:\t${c.spec.volumeName ?? ""}\n`);
  printLabelsMultiline(w, "Labels", c.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", c.metadata.annotations);
  w.write(0, "Finalizers:\t[kubernetes.io/pvc-protection]\n");
  w.write(0, `Capacity:\t${c.status.capacity?.storage ?? ""}\n`);
  w.write(0, `Access Modes:\t${accessModesText(c.status.accessModes)}\n`);
  w.write(0, `VolumeMode:\t${c.spec.volumeMode}\n`);
  w.write(0, `Used By:\t${usedBy(state, c)}\n`);
  events(w, state, "PersistentVolumeClaim", c.metadata, show);
  return w.text();
}

export function describeVolume(pv: PersistentVolume, state: ClusterState, show = true): string {
  const w = describeWriter();
  w.write(0, `Name:\t${pv.metadata.name}\n`);
  printLabelsMultiline(w, "Labels", pv.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", pv.metadata.annotations);
  w.write(0, "Finalizers:\t[kubernetes.io/pv-protection]\n");
  w.write(0, `StorageClass:\t${pv.spec.storageClassName ?? ""}\n`);
  w.write(0, `Status:\t${pv.status.phase}\n`);
  const ref = pv.spec.claimRef;
  w.write(0, `Claim:\t${ref ? `${ref.namespace}/${ref.name}` : ""}\n`);
  w.write(0, `Reclaim Policy:\t${pv.spec.persistentVolumeReclaimPolicy}\n`);
  w.write(0, `Access Modes:\t${accessModesText(pv.spec.accessModes)}\n`);
  w.write(0, `VolumeMode:\t${pv.spec.volumeMode}\n`);
  w.write(0, `Capacity:\t${pv.spec.capacity.storage}\n`);
  w.write(0, `Node Affinity:\t${pv.spec.nodeName ? "" : "<none>"}\n`);
  if (pv.spec.nodeName) {
    w.write(1, "Required Terms:\n");
    w.write(2, `Term 0:\tkubernetes.io/hostname in [${pv.spec.nodeName}]\n`);
  }
  w.write(0, "Message:\t\n");
  events(w, state, "PersistentVolume", pv.metadata, show);
  return w.text();
}

export function describeStorageClass(sc: StorageClass, state: ClusterState, show = true): string {
  const w = describeWriter();
  w.write(0, `Name:\t${sc.metadata.name}\n`);
  w.write(0, `IsDefaultClass:\t${isDefaultClass(sc) ? "Yes" : "No"}\n`);
  const annotations = Object.entries(sc.metadata.annotations)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  w.write(0, `Annotations:\t${annotations}\n`);
  w.write(0, `Provisioner:\t${sc.provisioner}\n`);
  const params = Object.entries(sc.parameters ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  w.write(0, `Parameters:\t${params || "<none>"}\n`);
  w.write(
    0,
    `AllowVolumeExpansion:\t${sc.allowVolumeExpansion === undefined ? "<unset>" : sc.allowVolumeExpansion ? "True" : "False"}\n`,
  );
  w.write(0, "MountOptions:\t<none>\n");
  w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
  w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
  events(w, state, "StorageClass", sc.metadata, show);
  return w.text();
}
