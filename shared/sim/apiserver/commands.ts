import { z } from "zod";
import { kindInfo } from "../api/gvk.ts";
import { type ApiRequest, defineCommand, name, namespaceOf, nodeName, notFound } from "../commands/define.ts";
import { rolloutUndo } from "../controllers/deployment/undo.ts";
import { applyManifest, applyObject, deleteObject, setUnschedulable } from "./apiserver.ts";
import { evictThroughApi } from "./eviction.ts";
import { resourceInfo } from "./resources.ts";
import { scaleWorkload, setImage } from "./workloads.ts";

/**
 * What the cluster's user asks the API server with kubectl (`apply`, `delete`, `cordon`, `scale`,
 * `set image`, `rollout undo`, evictions): every one an audited API request.
 */

/** `kubectl apply` of one manifest, as the API server's PATCH of it. */
export const apply = defineCommand({
  schema: z.strictObject({
    type: z.literal("Apply"),
    /** A Kubernetes manifest as parsed from YAML or JSON; the API server validates it. */
    manifest: z.unknown(),
  }),
  roles: ["user"],
  timeline: true,
  request(command): ApiRequest {
    const m = command.manifest as {
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
    } | null;
    const kind = typeof m?.kind === "string" ? m.kind : "unknown";
    const info = resourceInfo(kind);
    const namespace =
      typeof m?.metadata?.namespace === "string"
        ? m.metadata.namespace
        : info?.namespaced
          ? "default"
          : undefined;
    return {
      verb: "patch",
      resource: info?.plural ?? kind.toLowerCase(),
      namespace,
      name: String(m?.metadata?.name ?? ""),
    };
  },
  handle: (engine, command) => applyManifest(engine, command.manifest),
});

export const deleteCommand = defineCommand({
  schema: z.strictObject({
    type: z.literal("Delete"),
    kind: z.string().min(1),
    name,
    namespace: name.optional(),
    /** Pods: override terminationGracePeriodSeconds; 0 removes the pod from the API at once (--force). */
    gracePeriodSeconds: z.number().int().min(0).max(86_400).optional(),
  }),
  roles: ["user"],
  timeline: true,
  request(command) {
    const info = resourceInfo(command.kind);
    return {
      verb: "delete",
      resource: info?.plural ?? kindInfo(command.kind)?.plural ?? command.kind,
      namespace: (info?.namespaced ?? kindInfo(command.kind)?.namespaced) ? namespaceOf(command) : undefined,
      name: command.name,
    };
  },
  handle: (engine, command) =>
    deleteObject(engine, command.kind, command.name, command.namespace, command.gracePeriodSeconds),
});

const nodePatch = (command: { node: string }): ApiRequest => ({
  verb: "patch",
  resource: "nodes",
  name: command.node,
});

export const cordonNode = defineCommand({
  schema: z.strictObject({ type: z.literal("CordonNode"), node: nodeName }),
  roles: ["user"],
  timeline: true,
  request: nodePatch,
  handle: (engine, command) => setUnschedulable(engine, command.node, true),
});

export const uncordonNode = defineCommand({
  schema: z.strictObject({ type: z.literal("UncordonNode"), node: nodeName }),
  roles: ["user"],
  timeline: true,
  request: nodePatch,
  handle: (engine, command) => setUnschedulable(engine, command.node, false),
});

export const scaleCommand = defineCommand({
  schema: z.strictObject({
    type: z.literal("Scale"),
    kind: z.string().min(1),
    name,
    namespace: name.optional(),
    replicas: z.number().int().min(0).max(10_000),
  }),
  roles: ["user"],
  timeline: true,
  request: (command) => ({
    verb: "scale",
    resource: resourceInfo(command.kind)?.plural ?? command.kind,
    namespace: namespaceOf(command),
    name: command.name,
  }),
  handle: (engine, command) =>
    scaleWorkload(engine, command.kind, namespaceOf(command), command.name, command.replicas),
});

export const setImageCommand = defineCommand({
  schema: z.strictObject({
    type: z.literal("SetImage"),
    kind: z.string().min(1),
    name,
    namespace: name.optional(),
    container: name,
    image: z.string().min(1).max(1000),
  }),
  roles: ["user"],
  timeline: true,
  request: (command) => ({
    verb: "patch",
    resource: resourceInfo(command.kind)?.plural ?? command.kind,
    namespace: namespaceOf(command),
    name: command.name,
  }),
  handle: (engine, command) =>
    setImage(engine, command.kind, namespaceOf(command), command.name, command.container, command.image),
});

export const rolloutUndoCommand = defineCommand({
  schema: z.strictObject({
    type: z.literal("RolloutUndo"),
    name,
    namespace: name.optional(),
    toRevision: z.number().int().min(0).optional(),
  }),
  roles: ["user"],
  timeline: true,
  request: (command) => ({
    verb: "patch",
    resource: "deployments",
    namespace: namespaceOf(command),
    name: command.name,
  }),
  handle: (engine, command) => rolloutUndo(engine, namespaceOf(command), command.name, command.toRevision),
});

/** The Eviction API: a user's drain, the controller manager's move, a scripted drain in a timeline. */
export const evict = defineCommand({
  schema: z.strictObject({ type: z.literal("Evict"), pod: name, namespace: name.optional() }),
  roles: ["user", "controller-manager", "scenario"],
  request: (command) => ({
    verb: "evict",
    resource: "pods/eviction",
    namespace: namespaceOf(command),
    name: command.pod,
  }),
  handle(engine, command) {
    const pod = engine.podByName(command.namespace, command.pod);
    if (!pod) return notFound("pods", command.pod);
    return evictThroughApi(engine, pod);
  },
});

export const USER_COMMANDS = [
  apply,
  deleteCommand,
  cordonNode,
  uncordonNode,
  scaleCommand,
  setImageCommand,
  rolloutUndoCommand,
] as const;

/** The Eviction API, which the user and the controller manager share. */
export const EVICTION_COMMANDS = [evict] as const;

/**
 * The teacher's undo for a bare pod gone wrong (a bind its node rejected, a Failed pod): what
 * `kubectl replace --force` does, delete it at once and create it again from its own spec, unbound,
 * so it goes back to the scheduler. A pod a controller owns is refused: deleting it is enough, its
 * controller makes a new one.
 */
export const recreatePod = defineCommand({
  schema: z.strictObject({ type: z.literal("RecreatePod"), pod: name, namespace: name.optional() }),
  roles: [],
  request: (command) => ({
    verb: "create",
    resource: "pods",
    namespace: namespaceOf(command),
    name: command.pod,
  }),
  handle(engine, command) {
    const pod = engine.podByName(command.namespace, command.pod);
    if (!pod) return notFound("pods", command.pod);
    const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
    if (owner) {
      return {
        ok: false,
        code: "Invalid",
        message: `pod ${command.pod} is managed by ${owner.kind} ${owner.name}: delete it and the controller creates another`,
      };
    }
    const { nodeName: _bound, ...spec } = pod.spec;
    deleteObject(engine, "Pod", pod.metadata.name, pod.metadata.namespace, 0);
    const created = applyObject(engine, {
      kind: "Pod",
      metadata: {
        name: pod.metadata.name,
        namespace: pod.metadata.namespace,
        labels: { ...pod.metadata.labels },
        annotations: { ...pod.metadata.annotations },
      },
      spec: structuredClone(spec),
    });
    return created.ok ? { ok: true, message: `pod/${command.pod} replaced` } : created;
  },
});

export const INSTRUCTOR_COMMANDS = [recreatePod] as const;
