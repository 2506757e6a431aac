import { z } from "zod";
import type { Judgement } from "./model/judgement.ts";

/**
 * Every change to the simulation is one of these commands, sent by a seat (a player, a bot, the
 * scenario timeline or the instructor). A match record is the list of accepted commands with their
 * tick; the engine re-derives everything else. Schemas are strict: a stray field is an error.
 */
const name = z.string().min(1).max(253);
const nodeName = name;

export const ApplyCommand = z.strictObject({
  type: z.literal("Apply"),
  /** A Kubernetes manifest as parsed from YAML or JSON; the API server validates it. */
  manifest: z.unknown(),
});
export const DeleteCommand = z.strictObject({
  type: z.literal("Delete"),
  kind: z.string().min(1),
  name,
  namespace: name.optional(),
  /** Pods: override terminationGracePeriodSeconds; 0 removes the pod from the API at once (--force). */
  gracePeriodSeconds: z.number().int().min(0).max(86_400).optional(),
});
export const FailNodeCommand = z.strictObject({ type: z.literal("FailNode"), node: nodeName });
export const RecoverNodeCommand = z.strictObject({ type: z.literal("RecoverNode"), node: nodeName });
export const CordonNodeCommand = z.strictObject({ type: z.literal("CordonNode"), node: nodeName });
export const UncordonNodeCommand = z.strictObject({ type: z.literal("UncordonNode"), node: nodeName });
export const RegistryOutageCommand = z.strictObject({
  type: z.literal("RegistryOutage"),
  registry: name,
  durationSeconds: z.number().positive().max(86_400),
});
export const BindCommand = z.strictObject({
  type: z.literal("Bind"),
  pod: name,
  namespace: name.optional(),
  node: nodeName,
});
export const PullImageCommand = z.strictObject({
  type: z.literal("PullImage"),
  node: nodeName,
  pod: name,
  namespace: name.optional(),
  container: name,
});
export const StartContainerCommand = z.strictObject({
  type: z.literal("StartContainer"),
  node: nodeName,
  pod: name,
  namespace: name.optional(),
  container: name,
});
export const RenewLeaseCommand = z.strictObject({ type: z.literal("RenewLease"), node: nodeName });
export const SetDriverCommand = z.strictObject({
  type: z.literal("SetDriver"),
  seat: z.string().min(1).max(300),
  driver: z.enum(["bot", "human"]),
  /** For bots: act like the real component ("instant") or about as fast as a student ("human"). */
  pace: z.enum(["instant", "human"]).optional(),
});

export const ScaleCommand = z.strictObject({
  type: z.literal("Scale"),
  kind: z.string().min(1),
  name,
  namespace: name.optional(),
  replicas: z.number().int().min(0).max(10_000),
});
export const SetImageCommand = z.strictObject({
  type: z.literal("SetImage"),
  kind: z.string().min(1),
  name,
  namespace: name.optional(),
  container: name,
  image: z.string().min(1).max(1000),
});
export const RolloutUndoCommand = z.strictObject({
  type: z.literal("RolloutUndo"),
  name,
  namespace: name.optional(),
  toRevision: z.number().int().min(0).optional(),
});
export const EvictCommand = z.strictObject({
  type: z.literal("Evict"),
  pod: name,
  namespace: name.optional(),
});
export const FailMasterCommand = z.strictObject({ type: z.literal("FailMaster"), master: name });
export const RecoverMasterCommand = z.strictObject({ type: z.literal("RecoverMaster"), master: name });
export const AddNodeCommand = z.strictObject({
  type: z.literal("AddNode"),
  provider: z.enum(["local", "aws", "gcp", "azure"]),
  instanceType: z.string().min(1).max(100).optional(),
  name: nodeName.optional(),
});
export const RemoveNodeCommand = z.strictObject({ type: z.literal("RemoveNode"), node: nodeName });
export const PartitionNodeCommand = z.strictObject({ type: z.literal("PartitionNode"), node: nodeName });
export const HealNodeCommand = z.strictObject({ type: z.literal("HealNode"), node: nodeName });
export const SetTrafficCommand = z.strictObject({
  type: z.literal("SetTraffic"),
  service: name,
  namespace: name.optional(),
  rps: z.number().min(0).max(100_000),
});
export const SyncProxyRulesCommand = z.strictObject({
  type: z.literal("SyncProxyRules"),
  node: nodeName,
  service: name.optional(),
  namespace: name.optional(),
});
export const CreateReplicaCommand = z.strictObject({
  type: z.literal("CreateReplica"),
  replicaSet: name,
  namespace: name.optional(),
});
export const DeleteReplicaCommand = z.strictObject({
  type: z.literal("DeleteReplica"),
  pod: name,
  namespace: name.optional(),
});
/** The Deployment controller's first move for a new template: its ReplicaSet (a human controller manager's). */
export const CreateReplicaSetCommand = z.strictObject({
  type: z.literal("CreateReplicaSet"),
  deployment: name,
  namespace: name.optional(),
});
export const ScaleReplicaSetCommand = z.strictObject({
  type: z.literal("ScaleReplicaSet"),
  replicaSet: name,
  namespace: name.optional(),
  replicas: z.number().int().min(0).max(10_000),
});

export const RateLimitRegistryCommand = z.strictObject({
  type: z.literal("RateLimitRegistry"),
  registry: name,
  /** Pulls allowed per window; 0 lifts the limit. */
  pulls: z.number().int().min(0).max(1_000_000),
  windowSeconds: z.number().positive().max(86_400).optional(),
});
export const RevokeCredentialCommand = z.strictObject({
  type: z.literal("RevokeCredential"),
  registry: name,
  secret: name,
});
export const RestoreCredentialCommand = z.strictObject({
  type: z.literal("RestoreCredential"),
  registry: name,
  secret: name,
});
export const CrashDeploymentCommand = z.strictObject({
  type: z.literal("CrashDeployment"),
  name,
  namespace: name.optional(),
  exitCode: z.number().int().min(1).max(255).optional(),
});
export const FailEtcdMemberCommand = z.strictObject({ type: z.literal("FailEtcdMember"), master: name });
export const RecoverEtcdMemberCommand = z.strictObject({
  type: z.literal("RecoverEtcdMember"),
  master: name,
});

export const Command = z.discriminatedUnion("type", [
  RateLimitRegistryCommand,
  RevokeCredentialCommand,
  RestoreCredentialCommand,
  CrashDeploymentCommand,
  FailEtcdMemberCommand,
  RecoverEtcdMemberCommand,
  ScaleCommand,
  SetImageCommand,
  RolloutUndoCommand,
  EvictCommand,
  FailMasterCommand,
  RecoverMasterCommand,
  AddNodeCommand,
  RemoveNodeCommand,
  PartitionNodeCommand,
  HealNodeCommand,
  SetTrafficCommand,
  SyncProxyRulesCommand,
  CreateReplicaCommand,
  CreateReplicaSetCommand,
  DeleteReplicaCommand,
  ScaleReplicaSetCommand,
  ApplyCommand,
  DeleteCommand,
  FailNodeCommand,
  RecoverNodeCommand,
  CordonNodeCommand,
  UncordonNodeCommand,
  RegistryOutageCommand,
  BindCommand,
  PullImageCommand,
  StartContainerCommand,
  RenewLeaseCommand,
  SetDriverCommand,
]);
export type Command = z.infer<typeof Command>;
export type CommandType = Command["type"];

/** Commands a scenario timeline may run (as the "scenario" seat). */
export const SCENARIO_ACTIONS = [
  "Apply",
  "Delete",
  "FailNode",
  "RecoverNode",
  "CordonNode",
  "UncordonNode",
  "RegistryOutage",
  "FailMaster",
  "RecoverMaster",
  "AddNode",
  "RemoveNode",
  "PartitionNode",
  "HealNode",
  "SetTraffic",
  "Scale",
  "SetImage",
  "RolloutUndo",
  "RateLimitRegistry",
  "RevokeCredential",
  "RestoreCredential",
  "CrashDeployment",
  "FailEtcdMember",
  "RecoverEtcdMember",
] as const satisfies readonly CommandType[];

/** The outcome of a command: accepted, or refused with a reason a player can read. */
export type CommandResult =
  | { ok: true; message?: string; judgement?: Judgement }
  | { ok: false; code: RefusalCode; message: string };

export type RefusalCode =
  | "Forbidden"
  | "NotFound"
  | "Invalid"
  | "Conflict"
  | "AlreadyExists"
  | "BackOff"
  | "NotReady"
  | "Unavailable";
