import type { DecodedObject } from "../api/decode.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { DaemonSet } from "../model/daemonset.ts";
import { objectKey } from "../model/meta.ts";
import type { Service } from "../model/service.ts";
import type { StatefulSet } from "../model/statefulset.ts";
import type { Deployment, ReplicaSet } from "../model/workload.ts";
import { nextInt } from "../prng.ts";
import { allocateNodePorts } from "./nodeports.ts";
import { admitReplicas } from "./quota.ts";
import { resourceInfo } from "./resources.ts";

/**
 * Deployments, ReplicaSets and Services in the API server: create, update (a spec change bumps
 * metadata.generation, which the controllers act on), optimistic concurrency on resourceVersion.
 */
type Decoded<K extends string> = Extract<DecodedObject, { kind: K }>;

const ok = (message: string): CommandResult => ({ ok: true, message });

export const GROUP_RESOURCE: Record<string, string> = {
  Pod: "pods",
  Node: "nodes",
  Namespace: "namespaces",
  Service: "services",
  Deployment: "deployments.apps",
  ReplicaSet: "replicasets.apps",
  DaemonSet: "daemonsets.apps",
  StatefulSet: "statefulsets.apps",
  Job: "jobs.batch",
  CronJob: "cronjobs.batch",
  HorizontalPodAutoscaler: "horizontalpodautoscalers.autoscaling",
  PodDisruptionBudget: "poddisruptionbudgets.policy",
  PriorityClass: "priorityclasses.scheduling.k8s.io",
};

/** The conflict error of optimistic concurrency: the write was based on an older resourceVersion. */
export function conflict(kind: string, name: string): CommandResult {
  return {
    ok: false,
    code: "Conflict",
    message: `Operation cannot be fulfilled on ${GROUP_RESOURCE[kind] ?? kind.toLowerCase()} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function newMeta(engine: Engine, decoded: Decoded<"Deployment" | "ReplicaSet" | "Service">) {
  return {
    name: decoded.metadata.name,
    namespace: decoded.metadata.namespace,
    uid: engine.uid(),
    labels: { ...decoded.metadata.labels },
    annotations: { ...decoded.metadata.annotations },
    creationTimestamp: engine.now,
    resourceVersion: 0,
    generation: 1,
    ...(decoded.metadata.ownerReferences ? { ownerReferences: decoded.metadata.ownerReferences } : {}),
  };
}

export function applyDeployment(
  engine: Engine,
  decoded: Decoded<"Deployment">,
  expectedRv?: number,
): CommandResult {
  const key = objectKey(decoded.metadata.namespace, decoded.metadata.name);
  const state = engine.state;
  const existing = state.deployments[key];
  const name = decoded.metadata.name;
  if (!existing) {
    const deployment: Deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: newMeta(engine, decoded),
      spec: decoded.spec,
      status: {
        observedGeneration: 0,
        replicas: 0,
        updatedReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        unavailableReplicas: 0,
        conditions: [],
      },
    };
    state.deployments[key] = deployment;
    engine.written("Deployment", key, deployment);
    return ok(`deployment.apps/${name} created`);
  }
  if (expectedRv !== undefined && expectedRv !== existing.metadata.resourceVersion)
    return conflict("Deployment", name);
  const specChanged = !sameJson(existing.spec, decoded.spec);
  const metaChanged =
    !sameJson(existing.metadata.labels, decoded.metadata.labels) ||
    !sameJson(userAnnotations(existing.metadata.annotations), decoded.metadata.annotations);
  if (!specChanged && !metaChanged) return ok(`deployment.apps/${name} unchanged`);
  if (specChanged && !sameJson(existing.spec.selector, decoded.spec.selector)) {
    return immutableSelector("Deployment", name, decoded.spec.selector);
  }
  existing.metadata.labels = { ...decoded.metadata.labels };
  existing.metadata.annotations = {
    ...systemAnnotations(existing.metadata.annotations),
    ...decoded.metadata.annotations,
  };
  if (specChanged) {
    existing.spec = decoded.spec;
    existing.metadata.generation = (existing.metadata.generation ?? 1) + 1;
  }
  engine.written("Deployment", key, existing);
  return ok(`deployment.apps/${name} configured`);
}

export function applyReplicaSet(
  engine: Engine,
  decoded: Decoded<"ReplicaSet">,
  expectedRv?: number,
): CommandResult {
  const key = objectKey(decoded.metadata.namespace, decoded.metadata.name);
  const state = engine.state;
  const existing = state.replicasets[key];
  const name = decoded.metadata.name;
  if (!existing) {
    const rs: ReplicaSet = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: newMeta(engine, decoded),
      spec: decoded.spec,
      status: {
        replicas: 0,
        fullyLabeledReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        observedGeneration: 0,
      },
    };
    state.replicasets[key] = rs;
    engine.written("ReplicaSet", key, rs);
    return ok(`replicaset.apps/${name} created`);
  }
  if (expectedRv !== undefined && expectedRv !== existing.metadata.resourceVersion)
    return conflict("ReplicaSet", name);
  if (sameJson(existing.spec, decoded.spec) && sameJson(existing.metadata.labels, decoded.metadata.labels)) {
    return ok(`replicaset.apps/${name} unchanged`);
  }
  if (!sameJson(existing.spec.selector, decoded.spec.selector)) {
    return immutableSelector("ReplicaSet", name, decoded.spec.selector);
  }
  existing.metadata.labels = { ...decoded.metadata.labels };
  if (!sameJson(existing.spec, decoded.spec))
    existing.metadata.generation = (existing.metadata.generation ?? 1) + 1;
  existing.spec = decoded.spec;
  engine.written("ReplicaSet", key, existing);
  return ok(`replicaset.apps/${name} configured`);
}

export function applyService(
  engine: Engine,
  decoded: Decoded<"Service">,
  expectedRv?: number,
): CommandResult {
  const key = objectKey(decoded.metadata.namespace, decoded.metadata.name);
  const state = engine.state;
  const existing = state.services[key];
  const name = decoded.metadata.name;
  const allocated = allocateNodePorts(engine, name, decoded.spec.type, decoded.spec.ports, existing);
  if (!("ports" in allocated)) return allocated;
  if (!existing) {
    const clusterIP = decoded.spec.clusterIP ?? allocateClusterIP(engine);
    const service: Service = {
      apiVersion: "v1",
      kind: "Service",
      metadata: newMeta(engine, decoded),
      spec: { ...decoded.spec, ports: allocated.ports, clusterIP },
    };
    delete service.metadata.generation;
    state.services[key] = service;
    engine.written("Service", key, service);
    return ok(`service/${name} created`);
  }
  if (expectedRv !== undefined && expectedRv !== existing.metadata.resourceVersion)
    return conflict("Service", name);
  const spec = { ...decoded.spec, ports: allocated.ports, clusterIP: existing.spec.clusterIP };
  if (decoded.spec.clusterIP && decoded.spec.clusterIP !== existing.spec.clusterIP) {
    return {
      ok: false,
      code: "Invalid",
      message: `The Service "${name}" is invalid: spec.clusterIPs[0]: Invalid value: []string{"${decoded.spec.clusterIP}"}: may not change once set`,
    };
  }
  if (sameJson(existing.spec, spec) && sameJson(existing.metadata.labels, decoded.metadata.labels)) {
    return ok(`service/${name} unchanged`);
  }
  existing.spec = spec;
  existing.metadata.labels = { ...decoded.metadata.labels };
  engine.written("Service", key, existing);
  return ok(`service/${name} configured`);
}

function immutableSelector(kind: string, name: string, selector: unknown): CommandResult {
  return {
    ok: false,
    code: "Invalid",
    message: `The ${kind} "${name}" is invalid: spec.selector: Invalid value: ${JSON.stringify(selector)}: field is immutable`,
  };
}

/** A random free address in the 10.96.0.0/16 part of the default service CIDR, as the allocator picks. */
function allocateClusterIP(engine: Engine): string {
  const used = new Set(Object.values(engine.state.services).map((s) => s.spec.clusterIP));
  for (;;) {
    const ip = `10.96.${nextInt(engine.state.rng, 256)}.${1 + nextInt(engine.state.rng, 254)}`;
    if (!used.has(ip) && ip !== "10.96.0.1" && ip !== "10.96.0.10") return ip;
  }
}

/** Annotations the controllers own (revision numbers) survive a user's apply. */
function systemAnnotations(annotations: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations).filter(([k]) => k.startsWith("deployment.kubernetes.io/")),
  );
}

function userAnnotations(annotations: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations).filter(([k]) => !k.startsWith("deployment.kubernetes.io/")),
  );
}

/** A workload named the way kubectl names it, or the refusal kubectl would print. */
interface Workload {
  object: Deployment | ReplicaSet | StatefulSet | DaemonSet;
  /** "deployment.apps/web", as kubectl prints it. */
  ref: string;
  /** Records a spec change: the next generation, written. */
  changed(): void;
}

function findWorkload(
  engine: Engine,
  kind: string,
  namespace: string,
  name: string,
  verb: string,
): Workload | CommandResult {
  const info = resourceInfo(kind.toLowerCase());
  // A DaemonSet has no scale subresource; its image can be set like the others'.
  const kinds =
    verb === "scale"
      ? ["Deployment", "ReplicaSet", "StatefulSet"]
      : ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"];
  if (!info || !kinds.includes(info.kind)) {
    return {
      ok: false,
      code: "Invalid",
      message: `error: ${verb} is not supported for kind "${kind}": use a ${kinds.map((k) => k.toLowerCase()).join(", a ")}`,
    } as const;
  }
  const key = objectKey(namespace, name);
  const s = engine.state;
  const object =
    info.kind === "Deployment"
      ? s.deployments[key]
      : info.kind === "ReplicaSet"
        ? s.replicasets[key]
        : info.kind === "StatefulSet"
          ? s.statefulsets[key]
          : s.daemonsets[key];
  if (!object) return { ok: false, code: "NotFound", message: `${info.plural}.apps "${name}" not found` };
  const changed = () => {
    object.metadata.generation = (object.metadata.generation ?? 1) + 1;
    engine.written(object.kind, key, object as never);
  };
  return { object, ref: `${info.kind.toLowerCase()}.apps/${name}`, changed };
}

/** `kubectl scale`: the scale subresource of Deployments and ReplicaSets. */
export function scaleWorkload(
  engine: Engine,
  kind: string,
  namespace: string,
  name: string,
  replicas: number,
): CommandResult {
  const found = findWorkload(engine, kind, namespace, name, "scale");
  if (!("object" in found)) return found;
  const tooMany = admitReplicas(engine, found.object.kind, name, replicas);
  if (tooMany) return tooMany;
  const spec = found.object.spec as { replicas: number };
  if (spec.replicas !== replicas) {
    spec.replicas = replicas;
    found.changed();
  }
  return ok(`${found.ref} scaled`);
}

/** `kubectl set image deployment/web nginx=nginx:1.27`. */
export function setImage(
  engine: Engine,
  kind: string,
  namespace: string,
  name: string,
  container: string,
  image: string,
): CommandResult {
  const found = findWorkload(engine, kind, namespace, name, "set image");
  if (!("object" in found)) return found;
  const spec = found.object.spec.template.spec;
  const target = spec.containers.find((c) => c.name === container);
  if (!target)
    return { ok: false, code: "NotFound", message: `error: unable to find container named "${container}"` };
  if (target.image !== image) {
    spec.containers = spec.containers.map((c) => (c.name === container ? { ...c, image } : c));
    found.changed();
  }
  return ok(`${found.ref} image updated`);
}
