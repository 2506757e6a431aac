import type { Command, CommandResult } from "../commands.ts";
import { createReplicaSetFor, scaleReplicaSetFor } from "../controllers/deployment/replicasets.ts";
import { rolloutUndo } from "../controllers/deployment/undo.ts";
import { evictPod } from "../controllers/nodelifecycle.ts";
import { createReplica, deleteReplica } from "../controllers/replicaset.ts";
import { failMaster, recoverMaster, setEtcdMember } from "../controlplane/etcd.ts";
import { activeLeader } from "../controlplane/leaderelection.ts";
import type { Engine } from "../engine/Engine.ts";
import { pullImage, startContainer } from "../kubelet/actions.ts";
import { renewLease } from "../kubelet/lifecycle.ts";
import type { AuditEntry } from "../model/audit.ts";
import { objectKey } from "../model/meta.ts";
import { syncProxyRules } from "../proxy/kubeproxy.ts";
import { setTraffic } from "../proxy/traffic.ts";
import { judgePlacement } from "../scheduler/judge.ts";
import { addNode, removeNode } from "../world/cloud.ts";
import { failMachine, recoverMachine, setNetwork } from "../world/machines.ts";
import { rateLimitRegistry, registryOutage, setCredential } from "../world/registryfaults.ts";
import { crashDeployment } from "../world/runtimefaults.ts";
import { applyManifest, bindPod, deleteObject, setUnschedulable } from "./apiserver.ts";
import { recordAudit } from "./audit.ts";
import { apiUnavailable } from "./availability.ts";
import { resourceInfo } from "./resources.ts";
import { scaleWorkload, setImage } from "./workloads.ts";

type Request = Pick<AuditEntry, "verb" | "resource" | "namespace" | "name">;

/** The API request a command makes, if it makes one (faults and node-local moves do not). */
function requestOf(command: Command): Request | undefined {
  const ns = (n?: string) => n ?? "default";
  switch (command.type) {
    case "Apply": {
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
    }
    case "Delete": {
      const info = resourceInfo(command.kind);
      return {
        verb: "delete",
        resource: info?.plural ?? command.kind,
        namespace: info?.namespaced ? ns(command.namespace) : undefined,
        name: command.name,
      };
    }
    case "Bind":
      return { verb: "bind", resource: "pods/binding", namespace: ns(command.namespace), name: command.pod };
    case "CordonNode":
    case "UncordonNode":
      return { verb: "patch", resource: "nodes", name: command.node };
    case "Scale":
      return {
        verb: "scale",
        resource: resourceInfo(command.kind)?.plural ?? command.kind,
        namespace: ns(command.namespace),
        name: command.name,
      };
    case "SetImage":
      return {
        verb: "patch",
        resource: resourceInfo(command.kind)?.plural ?? command.kind,
        namespace: ns(command.namespace),
        name: command.name,
      };
    case "RolloutUndo":
      return { verb: "patch", resource: "deployments", namespace: ns(command.namespace), name: command.name };
    case "Evict":
      return {
        verb: "evict",
        resource: "pods/eviction",
        namespace: ns(command.namespace),
        name: command.pod,
      };
    case "CreateReplica":
      return {
        verb: "create",
        resource: "pods",
        namespace: ns(command.namespace),
        name: `${command.replicaSet}-`,
      };
    case "DeleteReplica":
      return { verb: "delete", resource: "pods", namespace: ns(command.namespace), name: command.pod };
    case "CreateReplicaSet":
      return {
        verb: "create",
        resource: "replicasets",
        namespace: ns(command.namespace),
        name: `${command.deployment}-`,
      };
    case "ScaleReplicaSet":
      return {
        verb: "scale",
        resource: "replicasets",
        namespace: ns(command.namespace),
        name: command.replicaSet,
      };
    default:
      return undefined;
  }
}

/** Routes an authorised command; API requests are refused when etcd cannot write, and audited. */
export function dispatch(engine: Engine, seat: string, command: Command, player?: string): CommandResult {
  const request = requestOf(command);
  if (!request) return carryOut(engine, seat, command);
  const result =
    apiUnavailable(engine.state) ?? componentInactive(engine, seat) ?? carryOut(engine, seat, command);
  recordAudit(engine, seat, request, result, player);
  return result;
}

/** A player's scheduler or controller manager acts as the leading instance; without one, nothing runs. */
function componentInactive(engine: Engine, seat: string): CommandResult | undefined {
  const component =
    seat === "scheduler"
      ? "kube-scheduler"
      : seat === "controller-manager"
        ? "kube-controller-manager"
        : undefined;
  if (!component || activeLeader(engine, component)) return undefined;
  return {
    ok: false,
    code: "Unavailable",
    message: `no ${component} instance is leading: its leader election is in progress (the Lease in kube-system has expired)`,
  };
}

function carryOut(engine: Engine, seat: string, command: Command): CommandResult {
  const state = engine.state;
  const ns = (n?: string) => n ?? "default";
  switch (command.type) {
    case "Apply":
      return applyManifest(engine, command.manifest);
    case "Delete":
      return deleteObject(engine, command.kind, command.name, command.namespace, command.gracePeriodSeconds);
    case "Bind": {
      const pod = engine.podByName(command.namespace, command.pod);
      const verdict =
        seat === "scheduler" && !engine.isBot(seat) && pod && !pod.spec.nodeName
          ? judgePlacement(engine, pod, command.node)
          : undefined;
      const result = bindPod(engine, ns(command.namespace), command.pod, command.node);
      if (!result.ok || !verdict) return result;
      return { ...result, judgement: engine.judge(verdict) };
    }
    case "CordonNode":
      return setUnschedulable(engine, command.node, true);
    case "UncordonNode":
      return setUnschedulable(engine, command.node, false);
    case "Scale":
      return scaleWorkload(engine, command.kind, ns(command.namespace), command.name, command.replicas);
    case "SetImage":
      return setImage(
        engine,
        command.kind,
        ns(command.namespace),
        command.name,
        command.container,
        command.image,
      );
    case "RolloutUndo":
      return rolloutUndo(engine, ns(command.namespace), command.name, command.toRevision);
    case "Evict": {
      const pod = engine.podByName(command.namespace, command.pod);
      if (!pod) return { ok: false, code: "NotFound", message: `pods "${command.pod}" not found` };
      evictPod(engine, pod, "EvictionByEvictionAPI", "Eviction API: evicting");
      return { ok: true, message: `pod/${command.pod} evicted` };
    }
    case "CreateReplica": {
      const rs = state.replicasets[objectKey(ns(command.namespace), command.replicaSet)];
      if (!rs)
        return { ok: false, code: "NotFound", message: `replicasets.apps "${command.replicaSet}" not found` };
      return { ok: true, message: `pod/${createReplica(engine, rs)} created` };
    }
    case "DeleteReplica": {
      const pod = engine.podByName(command.namespace, command.pod);
      const owner = pod?.metadata.ownerReferences?.find((o) => o.controller && o.kind === "ReplicaSet");
      const rs = owner && pod ? state.replicasets[objectKey(pod.metadata.namespace, owner.name)] : undefined;
      if (!pod) return { ok: false, code: "NotFound", message: `pods "${command.pod}" not found` };
      if (!rs)
        return { ok: false, code: "Forbidden", message: `pod ${command.pod} is not owned by a ReplicaSet` };
      deleteReplica(engine, rs, pod);
      return { ok: true, message: `pod "${command.pod}" deleted` };
    }
    case "CreateReplicaSet": {
      const d = state.deployments[objectKey(ns(command.namespace), command.deployment)];
      if (!d)
        return { ok: false, code: "NotFound", message: `deployments.apps "${command.deployment}" not found` };
      return createReplicaSetFor(engine, d);
    }
    case "ScaleReplicaSet": {
      const rs = state.replicasets[objectKey(ns(command.namespace), command.replicaSet)];
      if (!rs)
        return { ok: false, code: "NotFound", message: `replicasets.apps "${command.replicaSet}" not found` };
      return scaleReplicaSetFor(engine, rs, command.replicas);
    }
    case "FailNode":
      return failMachine(engine, command.node);
    case "RecoverNode":
      return recoverMachine(engine, command.node);
    case "PartitionNode":
      return setNetwork(engine, command.node, false);
    case "HealNode":
      return setNetwork(engine, command.node, true);
    case "RegistryOutage":
      return registryOutage(engine, command.registry, command.durationSeconds);
    case "RateLimitRegistry":
      return rateLimitRegistry(engine, command.registry, command.pulls, command.windowSeconds);
    case "RevokeCredential":
      return setCredential(engine, command.registry, command.secret, false);
    case "RestoreCredential":
      return setCredential(engine, command.registry, command.secret, true);
    case "CrashDeployment":
      return crashDeployment(engine, ns(command.namespace), command.name, command.exitCode ?? 1);
    case "FailEtcdMember":
      return setEtcdMember(engine, command.master, false);
    case "RecoverEtcdMember":
      return setEtcdMember(engine, command.master, true);
    case "FailMaster":
      return failMaster(engine, command.master);
    case "RecoverMaster":
      return recoverMaster(engine, command.master);
    case "AddNode":
      return addNode(engine, command.provider, command.instanceType, command.name);
    case "RemoveNode":
      return removeNode(engine, command.node);
    case "SetTraffic":
      return setTraffic(engine, ns(command.namespace), command.service, command.rps);
    case "SyncProxyRules":
      return syncProxyRules(
        engine,
        command.node,
        command.service ? objectKey(ns(command.namespace), command.service) : undefined,
      );
    case "PullImage":
      return pullImage(engine, command.node, ns(command.namespace), command.pod, command.container);
    case "StartContainer":
      return startContainer(engine, command.node, ns(command.namespace), command.pod, command.container);
    case "RenewLease":
      return renewLease(engine, command.node);
    case "SetDriver": {
      if (!state.seats[command.seat])
        return { ok: false, code: "NotFound", message: `seat "${command.seat}" not found` };
      state.seats[command.seat] = { driver: command.driver, ...(command.pace ? { pace: command.pace } : {}) };
      // the component the seat drives watches it, and looks at its work at once
      engine.changed("Seat", command.seat);
      return {
        ok: true,
        message: `${command.seat} is now played by ${command.driver === "bot" ? "a bot" : "a human"}`,
      };
    }
  }
  return { ok: false, code: "Invalid", message: `unsupported command for ${seat}` };
}
