import type { ConfigMap, Secret, ServiceAccount } from "../sim/model/config.ts";
import {
  type AccessMode,
  DEFAULT_CLASS_ANNOTATION,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
} from "../sim/model/storage.ts";
import { age, type PrintOptions, type Table } from "./printers.ts";

/**
 * `kubectl get` of ConfigMaps, Secrets, ServiceAccounts, PersistentVolumeClaims, PersistentVolumes and
 * StorageClasses (printConfigMap, printSecret, printServiceAccount, printPersistentVolumeClaim,
 * printPersistentVolume, printStorageClass).
 */
function namespaced<T extends { metadata: { namespace?: string } }>(
  headers: string[],
  objects: T[],
  options: PrintOptions,
  cells: (o: T) => string[],
): Table {
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  return {
    headers,
    rows: objects.map((o) => (options.allNamespaces ? [o.metadata.namespace ?? "", ...cells(o)] : cells(o))),
  };
}

export function configMapTable(objects: ConfigMap[], options: PrintOptions): Table {
  return namespaced(["NAME", "DATA", "AGE"], objects, options, (cm) => [
    cm.metadata.name,
    String(Object.keys(cm.data).length + Object.keys(cm.binaryData ?? {}).length),
    age(options.now, cm.metadata.creationTimestamp),
  ]);
}

export function secretTable(objects: Secret[], options: PrintOptions): Table {
  return namespaced(["NAME", "TYPE", "DATA", "AGE"], objects, options, (s) => [
    s.metadata.name,
    s.type,
    String(Object.keys(s.data).length),
    age(options.now, s.metadata.creationTimestamp),
  ]);
}

export function serviceAccountTable(objects: ServiceAccount[], options: PrintOptions): Table {
  return namespaced(["NAME", "SECRETS", "AGE"], objects, options, (sa) => [
    sa.metadata.name,
    String(sa.secrets?.length ?? 0),
    age(options.now, sa.metadata.creationTimestamp),
  ]);
}

const SHORT_MODES: Record<AccessMode, string> = {
  ReadWriteOnce: "RWO",
  ReadOnlyMany: "ROX",
  ReadWriteMany: "RWX",
  ReadWriteOncePod: "RWOP",
};

/** GetAccessModesAsString: the short names, in kubectl's fixed order. */
export function accessModesText(modes: readonly AccessMode[] | undefined): string {
  const order: AccessMode[] = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];
  return order
    .filter((m) => modes?.includes(m))
    .map((m) => SHORT_MODES[m])
    .join(",");
}

export function claimTable(objects: PersistentVolumeClaim[], options: PrintOptions): Table {
  const headers = [
    "NAME",
    "STATUS",
    "VOLUME",
    "CAPACITY",
    "ACCESS MODES",
    "STORAGECLASS",
    "VOLUMEATTRIBUTESCLASS",
    "AGE",
  ];
  if (options.wide) headers.push("VOLUMEMODE");
  return namespaced(headers, objects, options, (c) => {
    const bound = c.spec.volumeName !== undefined;
    const row = [
      c.metadata.name,
      c.metadata.deletionTimestamp !== undefined ? "Terminating" : c.status.phase,
      c.spec.volumeName ?? "",
      bound ? (c.status.capacity?.storage ?? "") : "",
      bound ? accessModesText(c.status.accessModes) : "",
      c.spec.storageClassName ?? "",
      "<unset>",
      age(options.now, c.metadata.creationTimestamp),
    ];
    if (options.wide) row.push(c.spec.volumeMode);
    return row;
  });
}

export function volumeTable(objects: PersistentVolume[], options: PrintOptions): Table {
  const headers = [
    "NAME",
    "CAPACITY",
    "ACCESS MODES",
    "RECLAIM POLICY",
    "STATUS",
    "CLAIM",
    "STORAGECLASS",
    "VOLUMEATTRIBUTESCLASS",
    "REASON",
    "AGE",
  ];
  if (options.wide) headers.push("VOLUMEMODE");
  return {
    headers,
    rows: objects.map((pv) => {
      const ref = pv.spec.claimRef;
      const row = [
        pv.metadata.name,
        pv.spec.capacity.storage,
        accessModesText(pv.spec.accessModes),
        pv.spec.persistentVolumeReclaimPolicy,
        pv.metadata.deletionTimestamp !== undefined ? "Terminating" : pv.status.phase,
        ref ? `${ref.namespace}/${ref.name}` : "",
        pv.spec.storageClassName ?? "",
        "<unset>",
        "",
        age(options.now, pv.metadata.creationTimestamp),
      ];
      if (options.wide) row.push(pv.spec.volumeMode);
      return row;
    }),
  };
}

export function isDefaultClass(sc: StorageClass): boolean {
  return sc.metadata.annotations[DEFAULT_CLASS_ANNOTATION] === "true";
}

export function storageClassTable(objects: StorageClass[], options: PrintOptions): Table {
  return {
    headers: ["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"],
    rows: objects.map((sc) => [
      isDefaultClass(sc) ? `${sc.metadata.name} (default)` : sc.metadata.name,
      sc.provisioner,
      sc.reclaimPolicy,
      sc.volumeBindingMode,
      String(sc.allowVolumeExpansion ?? false),
      age(options.now, sc.metadata.creationTimestamp),
    ]),
  };
}
