import { z } from "zod";
import type { CommandDefinition } from "../commands/define.ts";
import { type CommandSchema, defineCommand, name, namespaceOf, nodeName } from "../commands/define.ts";
import { setTraffic } from "../proxy/traffic.ts";
import { addNode, removeNode } from "./cloud.ts";
import { failMachine, recoverMachine, setNetwork } from "./machines.ts";
import { failMaster, recoverMaster, setEtcdMember } from "./masters.ts";
import { rateLimitRegistry, registryOutage, setCredential } from "./registryfaults.ts";
import { crashDeployment } from "./runtimefaults.ts";
import { reclaimSpotNode } from "./spot.ts";
import { startUpgrade } from "./upgrades.ts";

/**
 * The world outside Kubernetes, as the instructor (or a scenario's timeline) changes it: machines that
 * fail, come back or lose their network, nodes asked of a cloud or given back, registries down,
 * rate-limited or refusing a credential, containers crashing, control-plane machines and etcd members
 * failing, client traffic. None is an API request.
 */
function fault<S extends CommandSchema>(
  schema: S,
  handle: CommandDefinition<S>["handle"],
): CommandDefinition<S> {
  return defineCommand({ schema, roles: [], timeline: true, handle });
}

const node = <T extends string>(type: T) => z.strictObject({ type: z.literal(type), node: nodeName });
const master = <T extends string>(type: T) => z.strictObject({ type: z.literal(type), master: name });
const credential = <T extends string>(type: T) =>
  z.strictObject({ type: z.literal(type), registry: name, secret: name });

export const WORLD_COMMANDS = [
  fault(node("FailNode"), (engine, c) => failMachine(engine, c.node)),
  fault(node("RecoverNode"), (engine, c) => recoverMachine(engine, c.node)),
  fault(node("PartitionNode"), (engine, c) => setNetwork(engine, c.node, false)),
  fault(node("HealNode"), (engine, c) => setNetwork(engine, c.node, true)),
  fault(
    z.strictObject({
      type: z.literal("AddNode"),
      provider: z.enum(["local", "aws", "gcp", "azure"]),
      instanceType: z.string().min(1).max(100).optional(),
      name: nodeName.optional(),
    }),
    (engine, c) => addNode(engine, c.provider, c.instanceType, c.name),
  ),
  fault(node("RemoveNode"), (engine, c) => removeNode(engine, c.node)),
  fault(
    z.strictObject({
      type: z.literal("RegistryOutage"),
      registry: name,
      durationSeconds: z.number().positive().max(86_400),
    }),
    (engine, c) => registryOutage(engine, c.registry, c.durationSeconds),
  ),
  fault(
    z.strictObject({
      type: z.literal("RateLimitRegistry"),
      registry: name,
      /** Pulls allowed per window; 0 lifts the limit. */
      pulls: z.number().int().min(0).max(1_000_000),
      windowSeconds: z.number().positive().max(86_400).optional(),
    }),
    (engine, c) => rateLimitRegistry(engine, c.registry, c.pulls, c.windowSeconds),
  ),
  fault(credential("RevokeCredential"), (engine, c) => setCredential(engine, c.registry, c.secret, false)),
  fault(credential("RestoreCredential"), (engine, c) => setCredential(engine, c.registry, c.secret, true)),
  fault(
    z.strictObject({
      type: z.literal("CrashDeployment"),
      name,
      namespace: name.optional(),
      exitCode: z.number().int().min(1).max(255).optional(),
    }),
    (engine, c) => crashDeployment(engine, namespaceOf(c), c.name, c.exitCode ?? 1),
  ),
  fault(master("FailMaster"), (engine, c) => failMaster(engine, c.master)),
  fault(master("RecoverMaster"), (engine, c) => recoverMaster(engine, c.master)),
  fault(master("FailEtcdMember"), (engine, c) => setEtcdMember(engine, c.master, false)),
  fault(master("RecoverEtcdMember"), (engine, c) => setEtcdMember(engine, c.master, true)),
  fault(
    z.strictObject({
      type: z.literal("ReclaimSpotNode"),
      /** The node; absent: the provider picks one of the group's spot nodes (the first by name). */
      node: nodeName.optional(),
      nodeGroup: name.optional(),
    }),
    (engine, c) => reclaimSpotNode(engine, c.node, c.nodeGroup),
  ),
  fault(
    z.strictObject({
      type: z.literal("UpgradeNodes"),
      /** The kubelet version the nodes go to, e.g. "v1.32.0". */
      version: z.string().regex(/^v\d+\.\d+\.\d+$/),
      /** Nodes in order; all nodes on another version when absent. */
      nodes: z.array(nodeName).max(1000).optional(),
      /** Who drains each node: the rollout (default), or the student at the user seat. */
      drainBy: z.enum(["bot", "user"]).optional(),
    }),
    (engine, c) => startUpgrade(engine, c.version, c.nodes, c.drainBy ?? "bot"),
  ),
  fault(
    z.strictObject({
      type: z.literal("SetTraffic"),
      service: name,
      namespace: name.optional(),
      rps: z.number().min(0).max(100_000),
    }),
    (engine, c) => setTraffic(engine, namespaceOf(c), c.service, c.rps),
  ),
] as const;
