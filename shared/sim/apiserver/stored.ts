import type { DecodedObject } from "../api/types.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { ApiObjects } from "../engine/watch.ts";
import type { Job } from "../model/batch.ts";
import { objectKey } from "../model/meta.ts";
import type { ClusterState } from "../model/state.ts";
import { conflict } from "./workloads.ts";

/**
 * The kinds issue 11 added, stored the one way the API server stores any object: created with a uid,
 * generation 1 and an empty status; updated when the spec, labels or annotations change (a spec change
 * bumps metadata.generation, which the controllers act on); refused when a field the kind keeps
 * immutable changes; optimistic concurrency on resourceVersion.
 */
export type StoredKind =
  | "DaemonSet"
  | "StatefulSet"
  | "Job"
  | "CronJob"
  | "HorizontalPodAutoscaler"
  | "PodDisruptionBudget"
  | "PriorityClass";

type Decoded<K extends StoredKind> = Extract<DecodedObject, { kind: K }>;

interface StoredDefinition<K extends StoredKind> {
  table(state: ClusterState): Record<string, ApiObjects[K]>;
  /** "daemonset.apps": how kubectl names one in its answers. */
  prefix: string;
  /** "daemonsets.apps": how the API server names the resource in errors. */
  groupResource: string;
  create(engine: Engine, decoded: Decoded<K>): ApiObjects[K];
  /** The spec as stored from this manifest (defaults the API server adds on create, kept on update). */
  specOf(existing: ApiObjects[K], decoded: Decoded<K>): unknown;
  /** The current spec, comparable with specOf's. */
  currentSpec(existing: ApiObjects[K]): unknown;
  setSpec(existing: ApiObjects[K], spec: unknown): void;
  /** Why this update is refused (an immutable field), as the API server words it. */
  immutable?(existing: ApiObjects[K], spec: unknown): string | undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The spec as the manifest writes it, compared and replaced whole (the kinds without defaults of their own). */
const wholeSpec = {
  specOf: (_existing: unknown, decoded: { spec: unknown }) => decoded.spec,
  currentSpec: (existing: { spec: unknown }) => existing.spec,
  setSpec: (existing: { spec: unknown }, spec: unknown) => {
    existing.spec = spec;
  },
};

function meta(engine: Engine, decoded: DecodedObject) {
  const m = decoded.metadata;
  return {
    name: m.name,
    ...("namespace" in m && m.namespace ? { namespace: m.namespace } : {}),
    uid: engine.uid(),
    labels: { ...m.labels },
    annotations: { ...m.annotations },
    creationTimestamp: engine.now,
    resourceVersion: 0,
    generation: 1,
    ...(m.ownerReferences ? { ownerReferences: m.ownerReferences } : {}),
  };
}

type NamespacedMeta = ReturnType<typeof meta> & { namespace: string };

/** The API server's generated selector and labels of a Job (generateSelector), from its uid. */
export function jobLabels(name: string, uid: string): Record<string, string> {
  return {
    "batch.kubernetes.io/controller-uid": uid,
    "batch.kubernetes.io/job-name": name,
    "controller-uid": uid,
    "job-name": name,
  };
}

function jobSpecWithSelector(decoded: Decoded<"Job">, name: string, uid: string): Job["spec"] {
  const spec = structuredClone(decoded.spec);
  if (spec.manualSelector && Object.keys(spec.selector.matchLabels ?? {}).length > 0) return spec;
  spec.selector = { matchLabels: { "batch.kubernetes.io/controller-uid": uid } };
  spec.template.metadata.labels = { ...jobLabels(name, uid), ...spec.template.metadata.labels };
  return spec;
}

const immutableField = (field: string, value: unknown) =>
  `${field}: Invalid value: ${JSON.stringify(value)}: field is immutable`;

const STORED: { [K in StoredKind]: StoredDefinition<K> } = {
  DaemonSet: {
    table: (s) => s.daemonsets,
    prefix: "daemonset.apps",
    groupResource: "daemonsets.apps",
    create: (engine, d) => ({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: meta(engine, d) as NamespacedMeta,
      spec: d.spec,
      status: {
        currentNumberScheduled: 0,
        numberMisscheduled: 0,
        desiredNumberScheduled: 0,
        numberReady: 0,
        observedGeneration: 0,
        updatedNumberScheduled: 0,
        numberAvailable: 0,
        numberUnavailable: 0,
      },
    }),
    ...wholeSpec,
    immutable: (e, spec) =>
      same(e.spec.selector, (spec as typeof e.spec).selector)
        ? undefined
        : immutableField("spec.selector", (spec as typeof e.spec).selector),
  },
  StatefulSet: {
    table: (s) => s.statefulsets,
    prefix: "statefulset.apps",
    groupResource: "statefulsets.apps",
    create: (engine, d) => ({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: meta(engine, d) as NamespacedMeta,
      spec: d.spec,
      status: {
        observedGeneration: 0,
        replicas: 0,
        readyReplicas: 0,
        currentReplicas: 0,
        updatedReplicas: 0,
        availableReplicas: 0,
        currentRevision: "",
        updateRevision: "",
      },
    }),
    ...wholeSpec,
    immutable(e, spec) {
      const next = spec as typeof e.spec;
      const fixed = (s: typeof e.spec) => ({
        ...s,
        replicas: 0,
        template: null,
        updateStrategy: null,
        minReadySeconds: 0,
      });
      if (same(fixed(e.spec), fixed(next))) return undefined;
      return "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    },
  },
  Job: {
    table: (s) => s.jobs,
    prefix: "job.batch",
    groupResource: "jobs.batch",
    create(engine, d) {
      const metadata = meta(engine, d) as NamespacedMeta;
      const spec = jobSpecWithSelector(d, metadata.name, metadata.uid);
      // SetDefaults_Job: a Job without labels takes its pod template's.
      if (Object.keys(metadata.labels).length === 0) metadata.labels = { ...spec.template.metadata.labels };
      return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata,
        spec,
        status: { active: 0, ready: 0, succeeded: 0, failed: 0, terminating: 0, conditions: [] },
      };
    },
    specOf: (e, d) => jobSpecWithSelector(d, e.metadata.name, e.metadata.uid),
    currentSpec: (e) => e.spec,
    setSpec: (e, spec) => {
      e.spec = spec as typeof e.spec;
    },
    immutable(e, spec) {
      const next = spec as typeof e.spec;
      if (!same(e.spec.template, next.template)) return immutableField("spec.template", next.template);
      if (!same(e.spec.selector, next.selector)) return immutableField("spec.selector", next.selector);
      if (e.spec.completions !== next.completions)
        return immutableField("spec.completions", next.completions ?? null);
      if (e.spec.completionMode !== next.completionMode)
        return immutableField("spec.completionMode", next.completionMode);
      return undefined;
    },
  },
  CronJob: {
    table: (s) => s.cronjobs,
    prefix: "cronjob.batch",
    groupResource: "cronjobs.batch",
    create: (engine, d) => ({
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: meta(engine, d) as NamespacedMeta,
      spec: d.spec,
      status: { active: [] },
    }),
    ...wholeSpec,
  },
  HorizontalPodAutoscaler: {
    table: (s) => s.horizontalpodautoscalers,
    prefix: "horizontalpodautoscaler.autoscaling",
    groupResource: "horizontalpodautoscalers.autoscaling",
    create: (engine, d) => ({
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: meta(engine, d) as NamespacedMeta,
      spec: d.spec,
      status: { currentReplicas: 0, desiredReplicas: 0, currentMetrics: [], conditions: [] },
    }),
    ...wholeSpec,
  },
  PodDisruptionBudget: {
    table: (s) => s.poddisruptionbudgets,
    prefix: "poddisruptionbudget.policy",
    groupResource: "poddisruptionbudgets.policy",
    create: (engine, d) => ({
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: meta(engine, d) as NamespacedMeta,
      spec: d.spec,
      status: {
        observedGeneration: 0,
        disruptedPods: {},
        disruptionsAllowed: 0,
        currentHealthy: 0,
        desiredHealthy: 0,
        expectedPods: 0,
        conditions: [],
      },
    }),
    ...wholeSpec,
  },
  PriorityClass: {
    table: (s) => s.priorityClasses,
    prefix: "priorityclass.scheduling.k8s.io",
    groupResource: "priorityclasses.scheduling.k8s.io",
    create: (engine, d) => {
      const { generation: _, ...metadata } = meta(engine, d);
      return { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata, ...d.spec };
    },
    specOf: (_e, d) => d.spec,
    currentSpec: (e) => {
      const { apiVersion: _a, kind: _k, metadata: _m, ...spec } = e;
      return spec;
    },
    setSpec: (e, spec) => {
      Object.assign(e, spec);
    },
    immutable: (e, spec) =>
      e.value === (spec as { value: number }).value
        ? undefined
        : "value: Forbidden: may not be changed in an update.",
  },
};

export function isStoredKind(kind: string): kind is StoredKind {
  return Object.hasOwn(STORED, kind);
}

export function storedGroupResource(kind: StoredKind): string {
  return STORED[kind].groupResource;
}

export function storedTable<K extends StoredKind>(
  state: ClusterState,
  kind: K,
): Record<string, ApiObjects[K]> {
  return STORED[kind].table(state) as Record<string, ApiObjects[K]>;
}

/** Create or update one of the kinds above. */
export function applyStored(
  engine: Engine,
  decoded: Decoded<StoredKind>,
  expectedRv?: number,
): CommandResult {
  const def = STORED[decoded.kind] as unknown as StoredDefinition<StoredKind>;
  const table = def.table(engine.state);
  const name = decoded.metadata.name;
  const key = objectKey("namespace" in decoded.metadata ? decoded.metadata.namespace : undefined, name);
  const existing = table[key];
  const kindName = decoded.kind;
  if (!existing) {
    const object = def.create(engine, decoded);
    table[key] = object;
    engine.written(kindName, key, object);
    return { ok: true, message: `${def.prefix}/${name} created` };
  }
  if (expectedRv !== undefined && expectedRv !== existing.metadata.resourceVersion)
    return conflict(kindName, name);
  const spec = def.specOf(existing, decoded);
  const specChanged = !same(def.currentSpec(existing), spec);
  const metaChanged =
    !same(existing.metadata.labels, decoded.metadata.labels) ||
    !same(existing.metadata.annotations, decoded.metadata.annotations);
  if (!specChanged && !metaChanged) return { ok: true, message: `${def.prefix}/${name} unchanged` };
  const refused = specChanged ? def.immutable?.(existing, spec) : undefined;
  if (refused) {
    return { ok: false, code: "Invalid", message: `The ${kindName} "${name}" is invalid: ${refused}` };
  }
  existing.metadata.labels = { ...decoded.metadata.labels };
  existing.metadata.annotations = { ...decoded.metadata.annotations };
  if (specChanged) {
    def.setSpec(existing, spec);
    if (existing.metadata.generation !== undefined) existing.metadata.generation++;
  }
  engine.written(kindName, key, existing);
  return { ok: true, message: `${def.prefix}/${name} configured` };
}

/** Deletes one of the kinds above; its dependents go through the garbage collector. */
export function deleteStored(
  engine: Engine,
  kind: StoredKind,
  namespace: string | undefined,
  name: string,
): CommandResult {
  const def = STORED[kind] as unknown as StoredDefinition<StoredKind>;
  const table = def.table(engine.state);
  const key = objectKey(namespace, name);
  const object = table[key];
  if (!object) return { ok: false, code: "NotFound", message: `${def.groupResource} "${name}" not found` };
  engine.deleted(kind, key, object);
  delete table[key];
  return { ok: true, message: `${def.prefix} "${name}" deleted` };
}
