import type { ConfigKind } from "../api/gvk.ts";
import type { DecodedObject } from "../api/types.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { ApiObjects } from "../engine/watch.ts";
import type { ObjectMeta } from "../model/meta.ts";
import { objectKey } from "../model/meta.ts";
import type { ClusterState } from "../model/state.ts";
import { DEFAULT_CLASS_ANNOTATION, type StorageClass } from "../model/storage.ts";

/**
 * The API server's storage of ConfigMaps, Secrets, ServiceAccounts, PersistentVolumeClaims,
 * PersistentVolumes and StorageClasses: create, update (what may change: immutable ConfigMaps and
 * Secrets refuse new data, a claim's spec is fixed after creation but for its size, a class's
 * provisioner and parameters are fixed), delete (a claim a pod uses waits for it: the
 * kubernetes.io/pvc-protection finalizer). The DefaultStorageClass admission plugin gives a claim that
 * names no class the default one.
 */
type Decoded<K extends ConfigKind> = Extract<DecodedObject, { kind: K }>;

interface Definition<K extends ConfigKind> {
  table(state: ClusterState): Record<string, ApiObjects[K]>;
  apiVersion: string;
  /** "configmap", "storageclass.storage.k8s.io": how kubectl names one in its answers. */
  prefix: string;
  /** "configmaps", "storageclasses.storage.k8s.io": how errors name the resource. */
  groupResource: string;
  /** The object's content beyond metadata, as stored from this manifest. */
  content(decoded: Decoded<K>, engine: Engine, existing?: ApiObjects[K]): Record<string, unknown>;
  /** Why an update is refused, in the API server's words (after `The Kind "name" is invalid: `). */
  immutable?(existing: ApiObjects[K], next: Record<string, unknown>): string | undefined;
  /** The status a new object starts with. */
  status?(): Record<string, unknown>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The cluster's default StorageClass (the newest, when several are marked). */
export function defaultStorageClass(state: ClusterState): StorageClass | undefined {
  return Object.values(state.storageclasses)
    .filter((c) => c.metadata.annotations[DEFAULT_CLASS_ANNOTATION] === "true")
    .sort((a, b) => b.metadata.creationTimestamp - a.metadata.creationTimestamp)[0];
}

const DEFINITIONS: { [K in ConfigKind]: Definition<K> } = {
  ConfigMap: {
    table: (s) => s.configmaps,
    apiVersion: "v1",
    prefix: "configmap",
    groupResource: "configmaps",
    content: ({ data, binaryData, immutable }) => ({
      data,
      ...(binaryData ? { binaryData } : {}),
      ...(immutable !== undefined ? { immutable } : {}),
    }),
    immutable: (e, next) =>
      e.immutable && (!same(e.data, next.data) || !same(e.binaryData, next.binaryData))
        ? "data: Forbidden: field is immutable when `immutable` is set"
        : undefined,
  },
  Secret: {
    table: (s) => s.secrets,
    apiVersion: "v1",
    prefix: "secret",
    groupResource: "secrets",
    content: ({ type, data, immutable }) => ({
      type,
      data,
      ...(immutable !== undefined ? { immutable } : {}),
    }),
    immutable: (e, next) =>
      e.type !== next.type
        ? `type: Invalid value: ${JSON.stringify(next.type)}: field is immutable`
        : e.immutable && !same(e.data, next.data)
          ? "data: Forbidden: field is immutable when `immutable` is set"
          : undefined,
  },
  ServiceAccount: {
    table: (s) => s.serviceaccounts,
    apiVersion: "v1",
    prefix: "serviceaccount",
    groupResource: "serviceaccounts",
    content: ({ secrets, imagePullSecrets, automountServiceAccountToken }) => ({
      ...(secrets ? { secrets } : {}),
      ...(imagePullSecrets ? { imagePullSecrets } : {}),
      ...(automountServiceAccountToken !== undefined ? { automountServiceAccountToken } : {}),
    }),
  },
  PersistentVolumeClaim: {
    table: (s) => s.persistentvolumeclaims,
    apiVersion: "v1",
    prefix: "persistentvolumeclaim",
    groupResource: "persistentvolumeclaims",
    content: ({ spec }, engine, existing) => {
      // DefaultStorageClass admission: a claim that names no class (not even "") gets the default.
      const storageClassName =
        spec.storageClassName ??
        existing?.spec.storageClassName ??
        defaultStorageClass(engine.state)?.metadata.name;
      return {
        spec: {
          ...spec,
          ...(storageClassName !== undefined ? { storageClassName } : {}),
          ...(existing?.spec.volumeName ? { volumeName: existing.spec.volumeName } : {}),
        },
      };
    },
    immutable: (e, next) => {
      const spec = next.spec as typeof e.spec;
      const fixed = (s: typeof e.spec) => ({ ...s, resources: undefined });
      return same(fixed(e.spec), fixed(spec))
        ? undefined
        : "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";
    },
    status: () => ({ status: { phase: "Pending" } }),
  },
  PersistentVolume: {
    table: (s) => s.persistentvolumes,
    apiVersion: "v1",
    prefix: "persistentvolume",
    groupResource: "persistentvolumes",
    content: ({ spec }, _engine, existing) => ({
      spec: { ...spec, ...(existing?.spec.claimRef ? { claimRef: existing.spec.claimRef } : {}) },
    }),
    status: () => ({ status: { phase: "Available" } }),
  },
  StorageClass: {
    table: (s) => s.storageclasses,
    apiVersion: "storage.k8s.io/v1",
    prefix: "storageclass.storage.k8s.io",
    groupResource: "storageclasses.storage.k8s.io",
    content: ({ provisioner, parameters, reclaimPolicy, volumeBindingMode, allowVolumeExpansion }) => ({
      provisioner,
      ...(parameters ? { parameters } : {}),
      reclaimPolicy,
      volumeBindingMode,
      ...(allowVolumeExpansion !== undefined ? { allowVolumeExpansion } : {}),
    }),
    immutable: (e, next) =>
      e.provisioner !== next.provisioner
        ? `provisioner: Forbidden: updates to provisioner are forbidden.`
        : !same(e.parameters, next.parameters)
          ? "parameters: Forbidden: updates to parameters are forbidden."
          : e.reclaimPolicy !== next.reclaimPolicy
            ? "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden."
            : e.volumeBindingMode !== next.volumeBindingMode
              ? "volumeBindingMode: Forbidden: updates to volumeBindingMode are forbidden."
              : undefined,
  },
};

export function configTable<K extends ConfigKind>(
  state: ClusterState,
  kind: K,
): Record<string, ApiObjects[K]> {
  return (DEFINITIONS[kind] as Definition<K>).table(state);
}

export function configGroupResource(kind: ConfigKind): string {
  return DEFINITIONS[kind].groupResource;
}

/** `kubectl apply` of one of these kinds: created, configured or unchanged (or refused). */
export function applyConfigObject(
  engine: Engine,
  decoded: Decoded<ConfigKind>,
  expectedRv?: number,
): CommandResult {
  type K = ConfigKind;
  const def = DEFINITIONS[decoded.kind] as unknown as Definition<K>;
  const table = def.table(engine.state);
  const m = decoded.metadata;
  const namespace = "namespace" in m ? (m.namespace as string) : undefined;
  const key = objectKey(namespace, m.name);
  const existing = table[key];
  const content = def.content(decoded as Decoded<K>, engine, existing);
  if (existing) {
    if (expectedRv !== undefined && existing.metadata.resourceVersion !== expectedRv) {
      return {
        ok: false,
        code: "Conflict",
        message: `Operation cannot be fulfilled on ${def.groupResource} "${m.name}": the object has been modified; please apply your changes to the latest version and try again`,
      };
    }
    const refused = def.immutable?.(existing, content);
    if (refused)
      return {
        ok: false,
        code: "Invalid",
        message: `The ${decoded.kind} "${m.name}" is invalid: ${refused}`,
      };
    const current = existing as unknown as Record<string, unknown>;
    const changed =
      Object.entries(content).some(([k, v]) => !same(current[k], v)) ||
      !same(existing.metadata.labels, m.labels) ||
      !same(existing.metadata.annotations, m.annotations);
    if (!changed) return { ok: true, message: `${def.prefix}/${m.name} unchanged` };
    Object.assign(existing, content);
    existing.metadata.labels = { ...m.labels };
    existing.metadata.annotations = { ...m.annotations };
    engine.written(decoded.kind, key, existing as never);
    return { ok: true, message: `${def.prefix}/${m.name} configured` };
  }
  const metadata: ObjectMeta = {
    name: m.name,
    ...(namespace ? { namespace } : {}),
    uid: engine.uid(),
    labels: { ...m.labels },
    annotations: { ...m.annotations },
    creationTimestamp: engine.now,
    resourceVersion: 0,
    ...(m.ownerReferences ? { ownerReferences: m.ownerReferences } : {}),
  };
  const object = {
    apiVersion: def.apiVersion,
    kind: decoded.kind,
    metadata,
    ...content,
    ...(def.status?.() ?? {}),
  } as unknown as ApiObjects[K];
  table[key] = object;
  engine.written(decoded.kind, key, object as never);
  return { ok: true, message: `${def.prefix}/${m.name} created` };
}

/** Is a claim in use by a pod that is not finished (the pvc-protection controller's question)? */
export function claimInUse(state: ClusterState, namespace: string, claim: string): boolean {
  return Object.values(state.pods).some(
    (p) =>
      p.metadata.namespace === namespace &&
      p.status.phase !== "Succeeded" &&
      p.status.phase !== "Failed" &&
      p.spec.volumes?.some((v) => v.persistentVolumeClaim?.claimName === claim),
  );
}

/** `kubectl delete` of one of these kinds. */
export function deleteConfigObject(
  engine: Engine,
  kind: ConfigKind,
  name: string,
  namespace: string | undefined,
): CommandResult {
  const def = DEFINITIONS[kind] as Definition<ConfigKind>;
  const table = def.table(engine.state) as Record<string, ApiObjects[ConfigKind]>;
  const key = objectKey(namespace, name);
  const object = table[key];
  if (!object) return { ok: false, code: "NotFound", message: `${def.groupResource} "${name}" not found` };
  const deleted = { ok: true as const, message: `${def.prefix} "${name}" deleted` };
  if (kind === "PersistentVolumeClaim" && namespace && claimInUse(engine.state, namespace, name)) {
    // kubernetes.io/pvc-protection: the claim terminates once no pod uses it (controllers/volumes/).
    if (object.metadata.deletionTimestamp === undefined) {
      object.metadata.deletionTimestamp = engine.now;
      engine.written(kind, key, object as never);
    }
    return deleted;
  }
  engine.deleted(kind, key, object as never);
  delete table[key];
  return deleted;
}
