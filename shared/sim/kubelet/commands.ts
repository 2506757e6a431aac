import { z } from "zod";
import { defineCommand, name, namespaceOf, nodeName } from "../commands/define.ts";
import { pullImage, runProbe, startContainer } from "./actions.ts";
import { renewLease } from "./lifecycle.ts";

/**
 * A kubelet's moves on its own node (the NodeRestriction admission plugin keeps it there): pull an
 * image, create and start a container, run a probe that is due, renew the node's Lease. Node-local
 * work, not audited.
 */
const containerMove = {
  node: nodeName,
  pod: name,
  namespace: name.optional(),
  container: name,
};

export const pullImageCommand = defineCommand({
  schema: z.strictObject({ type: z.literal("PullImage"), ...containerMove }),
  roles: ["kubelet"],
  handle: (engine, c) => pullImage(engine, c.node, namespaceOf(c), c.pod, c.container),
});

export const startContainerCommand = defineCommand({
  schema: z.strictObject({ type: z.literal("StartContainer"), ...containerMove }),
  roles: ["kubelet"],
  handle: (engine, c) => startContainer(engine, c.node, namespaceOf(c), c.pod, c.container),
});

export const runProbeCommand = defineCommand({
  schema: z.strictObject({
    type: z.literal("RunProbe"),
    ...containerMove,
    probe: z.enum(["liveness", "readiness", "startup"]),
  }),
  roles: ["kubelet"],
  handle: (engine, c) => runProbe(engine, c.node, namespaceOf(c), c.pod, c.container, c.probe),
});

export const renewLeaseCommand = defineCommand({
  schema: z.strictObject({ type: z.literal("RenewLease"), node: nodeName }),
  roles: ["kubelet"],
  handle: (engine, c) => renewLease(engine, c.node),
});

export const KUBELET_COMMANDS = [
  pullImageCommand,
  startContainerCommand,
  runProbeCommand,
  renewLeaseCommand,
] as const;
