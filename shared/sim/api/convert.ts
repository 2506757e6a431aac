import type { Labels, OwnerReference } from "../model/meta.ts";
import type {
  Affinity,
  Container,
  ContainerPort,
  EnvFromSource,
  EnvVar,
  NodeAffinity,
  NodeSelectorTerm,
  PodAffinity,
  PodAffinityTerm,
  PodSpec,
  PullPolicy,
  ResourceRequirements,
  RestartPolicy,
  Toleration,
  TopologySpreadConstraint,
  Volume,
  VolumeMount,
} from "../model/pod.ts";
import type { LabelSelector, PodTemplate } from "../model/workload.ts";
import { defaultPullPolicy } from "../registry/imageref.ts";
import { probe } from "./probes.ts";
import { isPlainObject } from "./schema.ts";

/**
 * Raw decoded JSON (types already checked by the strict decoder) to the model's shapes, with the API
 * server's defaults applied (`pkg/apis/core/v1/defaults.go`, `pkg/apis/apps/v1/defaults.go`).
 */
export type Raw = Record<string, unknown>;

export const obj = (v: unknown): Raw => (isPlainObject(v) ? v : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
export const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

export function labelMap(v: unknown): Labels | undefined {
  if (!isPlainObject(v)) return undefined;
  const out: Labels = {};
  for (const [k, value] of Object.entries(v)) if (typeof value === "string") out[k] = value;
  return out;
}

/** Omits undefined values so decoded objects compare and hash as the JSON they stand for. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function ownerReferences(v: unknown): OwnerReference[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((item) => {
    const r = obj(item);
    return compact({
      apiVersion: str(r.apiVersion) ?? "",
      kind: str(r.kind) ?? "",
      name: str(r.name) ?? "",
      uid: str(r.uid) ?? "",
      controller: typeof r.controller === "boolean" ? r.controller : undefined,
      blockOwnerDeletion: typeof r.blockOwnerDeletion === "boolean" ? r.blockOwnerDeletion : undefined,
    });
  });
}

/** Quantities are kept as written (a YAML number becomes its decimal text). */
function resourceMap(v: unknown): Record<string, string> | undefined {
  if (!isPlainObject(v) || Object.keys(v).length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v))
    if (value !== null && value !== undefined) out[k] = String(value);
  return out;
}

function resources(v: unknown): ResourceRequirements | undefined {
  const r = obj(v);
  const out = compact({ requests: resourceMap(r.requests), limits: resourceMap(r.limits) });
  return out.requests || out.limits ? out : undefined;
}

function keySelector(v: unknown) {
  if (!isPlainObject(v)) return undefined;
  return compact({
    name: str(v.name) ?? "",
    key: str(v.key) ?? "",
    optional: typeof v.optional === "boolean" ? v.optional : undefined,
  });
}

function env(v: unknown): EnvVar[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((item) => {
    const e = obj(item);
    const from = obj(e.valueFrom);
    const valueFrom = isPlainObject(e.valueFrom)
      ? compact({
          configMapKeyRef: keySelector(from.configMapKeyRef),
          secretKeyRef: keySelector(from.secretKeyRef),
          fieldRef: isPlainObject(from.fieldRef)
            ? { fieldPath: str(from.fieldRef.fieldPath) ?? "" }
            : undefined,
          resourceFieldRef: isPlainObject(from.resourceFieldRef)
            ? compact({
                containerName: str(from.resourceFieldRef.containerName),
                resource: str(from.resourceFieldRef.resource) ?? "",
                divisor:
                  from.resourceFieldRef.divisor === undefined
                    ? undefined
                    : String(from.resourceFieldRef.divisor),
              })
            : undefined,
        })
      : undefined;
    return compact({ name: str(e.name) ?? "", value: str(e.value), valueFrom });
  });
}

function envFrom(v: unknown): EnvFromSource[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((item) => {
    const e = obj(item);
    const ref = (r: unknown) =>
      isPlainObject(r)
        ? compact({
            name: str(r.name) ?? "",
            optional: typeof r.optional === "boolean" ? r.optional : undefined,
          })
        : undefined;
    return compact({ prefix: str(e.prefix), configMapRef: ref(e.configMapRef), secretRef: ref(e.secretRef) });
  });
}

function volumeMounts(v: unknown): VolumeMount[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((item) => {
    const m = obj(item);
    return compact({
      name: str(m.name) ?? "",
      mountPath: str(m.mountPath) ?? "",
      subPath: str(m.subPath) || undefined,
      readOnly: typeof m.readOnly === "boolean" ? m.readOnly : undefined,
    });
  });
}

const items = (v: unknown) =>
  Array.isArray(v) ? v.map((i) => ({ key: str(obj(i).key) ?? "", path: str(obj(i).path) ?? "" })) : undefined;

function volume(v: unknown): Volume {
  const s = obj(v);
  const optional = (x: Raw) => (typeof x.optional === "boolean" ? x.optional : undefined);
  const cm = isPlainObject(s.configMap) ? s.configMap : undefined;
  const secret = isPlainObject(s.secret) ? s.secret : undefined;
  const pvc = isPlainObject(s.persistentVolumeClaim) ? s.persistentVolumeClaim : undefined;
  const other = Object.keys(s).find(
    (k) =>
      !["name", "configMap", "secret", "persistentVolumeClaim", "emptyDir", "downwardAPI"].includes(k) &&
      s[k] != null,
  );
  const downward = isPlainObject(s.downwardAPI) ? s.downwardAPI : undefined;
  return compact({
    name: str(s.name) ?? "",
    configMap: cm
      ? compact({ name: str(cm.name) ?? "", items: items(cm.items), optional: optional(cm) })
      : undefined,
    secret: secret
      ? compact({
          secretName: str(secret.secretName) ?? "",
          items: items(secret.items),
          optional: optional(secret),
        })
      : undefined,
    persistentVolumeClaim: pvc
      ? compact({ claimName: str(pvc.claimName) ?? "", readOnly: pvc.readOnly === true ? true : undefined })
      : undefined,
    emptyDir: isPlainObject(s.emptyDir) ? { ...s.emptyDir } : undefined,
    downwardAPI: downward
      ? {
          items: (Array.isArray(downward.items) ? downward.items : []).map((i) => {
            const item = obj(i);
            const field = isPlainObject(item.fieldRef) ? item.fieldRef : undefined;
            const resource = isPlainObject(item.resourceFieldRef) ? item.resourceFieldRef : undefined;
            return compact({
              path: str(item.path) ?? "",
              fieldRef: field ? { fieldPath: str(field.fieldPath) ?? "" } : undefined,
              resourceFieldRef: resource
                ? compact({
                    containerName: str(resource.containerName),
                    resource: str(resource.resource) ?? "",
                    divisor: resource.divisor === undefined ? undefined : String(resource.divisor),
                  })
                : undefined,
            });
          }),
        }
      : undefined,
    other,
  });
}

function ports(v: unknown): ContainerPort[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((item) => {
    const p = obj(item);
    return compact({
      name: str(p.name) || undefined,
      containerPort: num(p.containerPort) ?? 0,
      hostPort: num(p.hostPort) || undefined,
      // SetDefaults_ContainerPort
      protocol: (str(p.protocol) || "TCP") as ContainerPort["protocol"],
    });
  });
}

export function container(v: unknown): Container {
  const c = obj(v);
  const image = str(c.image) ?? "";
  return compact({
    name: str(c.name) ?? "",
    image,
    command: strings(c.command),
    args: strings(c.args),
    env: env(c.env),
    envFrom: envFrom(c.envFrom),
    volumeMounts: volumeMounts(c.volumeMounts),
    ports: ports(c.ports),
    resources: resources(c.resources),
    // SetDefaults_Container: ":latest" or no tag pulls Always, anything else IfNotPresent.
    imagePullPolicy: (str(c.imagePullPolicy) || defaultPullPolicy(image)) as PullPolicy,
    livenessProbe: probe(c.livenessProbe),
    readinessProbe: probe(c.readinessProbe),
    startupProbe: probe(c.startupProbe),
    restartPolicy: str(c.restartPolicy) as "Always" | undefined,
  });
}

function tolerations(v: unknown): Toleration[] {
  return arr(v).map((item) => {
    const t = obj(item);
    return compact({
      key: str(t.key),
      operator: str(t.operator) as Toleration["operator"],
      value: str(t.value),
      effect: str(t.effect) as Toleration["effect"],
      tolerationSeconds: num(t.tolerationSeconds),
    });
  });
}

function requirements(v: unknown) {
  if (!Array.isArray(v)) return undefined;
  return v.map((item) => {
    const r = obj(item);
    return compact({
      key: str(r.key) ?? "",
      operator: (str(r.operator) ?? "") as "In",
      values: strings(r.values),
    });
  });
}

function selectorTerm(v: unknown): NodeSelectorTerm {
  const t = obj(v);
  return compact({
    matchExpressions: requirements(t.matchExpressions),
    matchFields: requirements(t.matchFields),
  });
}

function nodeAffinity(v: unknown): NodeAffinity | undefined {
  if (!isPlainObject(v)) return undefined;
  const required = isPlainObject(v.requiredDuringSchedulingIgnoredDuringExecution)
    ? {
        nodeSelectorTerms: arr(v.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).map(
          selectorTerm,
        ),
      }
    : undefined;
  const preferred = Array.isArray(v.preferredDuringSchedulingIgnoredDuringExecution)
    ? v.preferredDuringSchedulingIgnoredDuringExecution.map((item) => {
        const p = obj(item);
        return { weight: num(p.weight) ?? 0, preference: selectorTerm(p.preference) };
      })
    : undefined;
  return compact({
    requiredDuringSchedulingIgnoredDuringExecution: required,
    preferredDuringSchedulingIgnoredDuringExecution: preferred,
  });
}

function podAffinityTerm(v: unknown): PodAffinityTerm {
  const t = obj(v);
  return compact({
    labelSelector: isPlainObject(t.labelSelector) ? labelSelector(t.labelSelector) : undefined,
    namespaces: strings(t.namespaces),
    namespaceSelector: isPlainObject(t.namespaceSelector) ? labelSelector(t.namespaceSelector) : undefined,
    topologyKey: str(t.topologyKey) ?? "",
    matchLabelKeys: strings(t.matchLabelKeys),
    mismatchLabelKeys: strings(t.mismatchLabelKeys),
  });
}

function podAffinity(v: unknown): PodAffinity | undefined {
  if (!isPlainObject(v)) return undefined;
  const required = Array.isArray(v.requiredDuringSchedulingIgnoredDuringExecution)
    ? v.requiredDuringSchedulingIgnoredDuringExecution.map(podAffinityTerm)
    : undefined;
  const preferred = Array.isArray(v.preferredDuringSchedulingIgnoredDuringExecution)
    ? v.preferredDuringSchedulingIgnoredDuringExecution.map((item) => {
        const w = obj(item);
        return { weight: num(w.weight) ?? 0, podAffinityTerm: podAffinityTerm(w.podAffinityTerm) };
      })
    : undefined;
  return compact({
    requiredDuringSchedulingIgnoredDuringExecution: required,
    preferredDuringSchedulingIgnoredDuringExecution: preferred,
  });
}

function affinity(v: unknown): Affinity | undefined {
  const a = obj(v);
  const out = compact({
    nodeAffinity: nodeAffinity(a.nodeAffinity),
    podAffinity: podAffinity(a.podAffinity),
    podAntiAffinity: podAffinity(a.podAntiAffinity),
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

function topologySpreadConstraints(v: unknown): TopologySpreadConstraint[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  return v.map((item) => {
    const c = obj(item);
    return compact({
      maxSkew: num(c.maxSkew) ?? 0,
      topologyKey: str(c.topologyKey) ?? "",
      whenUnsatisfiable: (str(c.whenUnsatisfiable) ?? "") as TopologySpreadConstraint["whenUnsatisfiable"],
      labelSelector: isPlainObject(c.labelSelector) ? labelSelector(c.labelSelector) : undefined,
      minDomains: num(c.minDomains),
      nodeAffinityPolicy: str(c.nodeAffinityPolicy) as TopologySpreadConstraint["nodeAffinityPolicy"],
      nodeTaintsPolicy: str(c.nodeTaintsPolicy) as TopologySpreadConstraint["nodeTaintsPolicy"],
      matchLabelKeys: strings(c.matchLabelKeys),
    });
  });
}

/** The Priority admission plugin's built-in classes (the API server creates them at start-up). */
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  "system-node-critical": 2_000_001_000,
  "system-cluster-critical": 2_000_000_000,
};

export function podSpec(v: unknown): PodSpec {
  const s = obj(v);
  const nodeSelector = labelMap(s.nodeSelector);
  const priorityClassName = str(s.priorityClassName) || undefined;
  const grace = num(s.terminationGracePeriodSeconds);
  const initContainers = arr(s.initContainers).map(container);
  const volumes = arr(s.volumes).map(volume);
  const serviceAccountName = str(s.serviceAccountName) || str(s.serviceAccount) || undefined;
  return compact({
    volumes: volumes.length > 0 ? volumes : undefined,
    schedulingGates: arr(s.schedulingGates).length
      ? arr(s.schedulingGates).map((g) => ({ name: str(obj(g).name) ?? "" }))
      : undefined,
    serviceAccountName: serviceAccountName === "default" ? undefined : serviceAccountName,
    initContainers: initContainers.length > 0 ? initContainers : undefined,
    containers: arr(s.containers).map(container),
    nodeName: str(s.nodeName) || undefined,
    nodeSelector: nodeSelector && Object.keys(nodeSelector).length ? nodeSelector : undefined,
    affinity: affinity(s.affinity),
    topologySpreadConstraints: topologySpreadConstraints(s.topologySpreadConstraints),
    tolerations: tolerations(s.tolerations),
    restartPolicy: (str(s.restartPolicy) || "Always") as RestartPolicy,
    imagePullSecrets: arr(s.imagePullSecrets).map((item) => ({ name: str(obj(item).name) ?? "" })),
    priority:
      (priorityClassName ? SYSTEM_PRIORITY_CLASSES[priorityClassName] : undefined) ?? num(s.priority) ?? 0,
    priorityClassName,
    preemptionPolicy: str(s.preemptionPolicy) as PodSpec["preemptionPolicy"],
    schedulerName: str(s.schedulerName) || "default-scheduler",
    // A negative grace period is raised to 1 s on create, as the pod strategy does.
    terminationGracePeriodSeconds: grace === undefined ? 30 : grace < 0 ? 1 : grace,
  });
}

/** SetDefaults_Pod: a container with limits but no request for a resource requests its limit. */
export function defaultRequestsFromLimits(spec: PodSpec): PodSpec {
  const defaulted = (c: Container): Container => {
    const limits = c.resources?.limits;
    if (!limits) return c;
    return { ...c, resources: { ...c.resources, requests: { ...limits, ...c.resources?.requests } } };
  };
  const containers = spec.containers.map(defaulted);
  return spec.initContainers
    ? { ...spec, initContainers: spec.initContainers.map(defaulted), containers }
    : { ...spec, containers };
}

export function labelSelector(v: unknown): LabelSelector {
  const s = obj(v);
  const matchExpressions = Array.isArray(s.matchExpressions)
    ? s.matchExpressions.map((item) => {
        const r = obj(item);
        return compact({
          key: str(r.key) ?? "",
          operator: (str(r.operator) ?? "") as "In",
          values: strings(r.values),
        });
      })
    : undefined;
  return compact({ matchLabels: labelMap(s.matchLabels), matchExpressions });
}

export function podTemplate(v: unknown): PodTemplate {
  const t = obj(v);
  const meta = obj(t.metadata);
  return {
    metadata: { labels: labelMap(meta.labels) ?? {}, annotations: labelMap(meta.annotations) ?? {} },
    spec: podSpec(t.spec),
  };
}
