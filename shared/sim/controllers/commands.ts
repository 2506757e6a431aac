import { z } from "zod";
import { defineCommand, name, namespaceOf } from "../commands/define.ts";
import { objectKey } from "../model/meta.ts";
import { createReplicaSetFor, scaleReplicaSetFor } from "./deployment/replicasets.ts";
import { createReplica, deleteReplica } from "./replicaset.ts";

/**
 * The controller manager's moves a player makes in its seat (the bot makes the same requests): the
 * ReplicaSet controller creates and deletes pods, the Deployment controller creates and scales
 * ReplicaSets. Evictions are the Eviction API's (apiserver/commands.ts).
 */
const notFoundApps = (plural: string, objectName: string) => ({
  ok: false as const,
  code: "NotFound" as const,
  message: `${plural}.apps "${objectName}" not found`,
});

export const createReplicaCommand = defineCommand({
  schema: z.strictObject({ type: z.literal("CreateReplica"), replicaSet: name, namespace: name.optional() }),
  roles: ["controller-manager"],
  request: (c) => ({ verb: "create", resource: "pods", namespace: namespaceOf(c), name: `${c.replicaSet}-` }),
  handle(engine, c) {
    const rs = engine.state.replicasets[objectKey(namespaceOf(c), c.replicaSet)];
    if (!rs) return notFoundApps("replicasets", c.replicaSet);
    return createReplica(engine, rs);
  },
});

export const deleteReplicaCommand = defineCommand({
  schema: z.strictObject({ type: z.literal("DeleteReplica"), pod: name, namespace: name.optional() }),
  roles: ["controller-manager"],
  request: (c) => ({ verb: "delete", resource: "pods", namespace: namespaceOf(c), name: c.pod }),
  handle(engine, c) {
    const pod = engine.podByName(c.namespace, c.pod);
    const owner = pod?.metadata.ownerReferences?.find((o) => o.controller && o.kind === "ReplicaSet");
    const rs =
      owner && pod ? engine.state.replicasets[objectKey(pod.metadata.namespace, owner.name)] : undefined;
    if (!pod) return { ok: false, code: "NotFound", message: `pods "${c.pod}" not found` };
    if (!rs) return { ok: false, code: "Forbidden", message: `pod ${c.pod} is not owned by a ReplicaSet` };
    deleteReplica(engine, rs, pod);
    return { ok: true, message: `pod "${c.pod}" deleted` };
  },
});

/** The Deployment controller's first move for a new template: its ReplicaSet. */
export const createReplicaSetCommand = defineCommand({
  schema: z.strictObject({
    type: z.literal("CreateReplicaSet"),
    deployment: name,
    namespace: name.optional(),
  }),
  roles: ["controller-manager"],
  request: (c) => ({
    verb: "create",
    resource: "replicasets",
    namespace: namespaceOf(c),
    name: `${c.deployment}-`,
  }),
  handle(engine, c) {
    const d = engine.state.deployments[objectKey(namespaceOf(c), c.deployment)];
    if (!d) return notFoundApps("deployments", c.deployment);
    return createReplicaSetFor(engine, d);
  },
});

export const scaleReplicaSetCommand = defineCommand({
  schema: z.strictObject({
    type: z.literal("ScaleReplicaSet"),
    replicaSet: name,
    namespace: name.optional(),
    replicas: z.number().int().min(0).max(10_000),
  }),
  roles: ["controller-manager"],
  request: (c) => ({ verb: "scale", resource: "replicasets", namespace: namespaceOf(c), name: c.replicaSet }),
  handle(engine, c) {
    const rs = engine.state.replicasets[objectKey(namespaceOf(c), c.replicaSet)];
    if (!rs) return notFoundApps("replicasets", c.replicaSet);
    return scaleReplicaSetFor(engine, rs, c.replicas);
  },
});

export const CONTROLLER_MANAGER_COMMANDS = [
  createReplicaCommand,
  createReplicaSetCommand,
  deleteReplicaCommand,
  scaleReplicaSetCommand,
] as const;
