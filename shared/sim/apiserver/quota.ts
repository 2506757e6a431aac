import type { CommandResult } from "../commands/define.ts";
import type { Engine } from "../engine/Engine.ts";
import type { ClusterSpec } from "../engine/spec.ts";
import type { ClusterState } from "../model/state.ts";

/**
 * What one session may hold, enforced by the API server as a ResourceQuota is: a create past the limit
 * is refused with the quota's own words (`exceeded quota: kubeclass-session, requested: pods=1, used:
 * pods=1000, limited: pods=1000`), whoever asks (kubectl, a controller making pods, the timeline, the
 * teacher). Nodes and a workload's replicas have no ResourceQuota in Kubernetes; the game bounds them
 * the same way and says so in the error. The server sets the limits through the record (SetQuota), so a
 * replay meets the same ones; without it nothing is limited (tests, benchmarks, the CLIs).
 */
export interface SessionQuota {
  /** Pods stored at once. */
  pods?: number;
  /** Nodes, joined or being provisioned. */
  nodes?: number;
  /** API objects of every kind stored at once (Pods, Nodes, workloads, Services, Endpoints …). */
  objects?: number;
  /** Replicas one workload may ask for. */
  replicas?: number;
}

export const QUOTA_NAME = "kubeclass-session";

/** The tables of stored API objects (what `objects` counts). */
function objectCount(state: ClusterState): number {
  return (
    Object.keys(state.namespaces).length +
    Object.keys(state.nodes).length +
    Object.keys(state.pods).length +
    Object.keys(state.leases).length +
    Object.keys(state.deployments).length +
    Object.keys(state.replicasets).length +
    Object.keys(state.services).length +
    Object.keys(state.endpoints).length +
    Object.keys(state.daemonsets).length +
    Object.keys(state.statefulsets).length +
    Object.keys(state.jobs).length +
    Object.keys(state.cronjobs).length +
    Object.keys(state.horizontalpodautoscalers).length +
    Object.keys(state.poddisruptionbudgets).length +
    Object.keys(state.priorityClasses).length +
    Object.keys(state.configmaps).length +
    Object.keys(state.secrets).length +
    Object.keys(state.serviceaccounts).length +
    Object.keys(state.persistentvolumeclaims).length +
    Object.keys(state.persistentvolumes).length +
    Object.keys(state.storageclasses).length +
    Object.keys(state.unstructured ?? {}).length
  );
}

const exceeded = (
  plural: string,
  name: string,
  resource: string,
  used: number,
  limit: number,
): CommandResult => ({
  ok: false,
  code: "Forbidden",
  message: `${plural} "${name}" is forbidden: exceeded quota: ${QUOTA_NAME}, requested: ${resource}=1, used: ${resource}=${used}, limited: ${resource}=${limit}`,
});

/** May an object of this kind be created now? (Only new objects count; an update never does.) */
export function admitCreate(
  engine: Engine,
  kind: string,
  plural: string,
  name: string,
): CommandResult | undefined {
  const quota = engine.state.quota;
  if (!quota) return undefined;
  const state = engine.state;
  if (kind === "Pod" && quota.pods !== undefined) {
    const used = Object.keys(state.pods).length;
    if (used >= quota.pods) return exceeded(plural, name, "pods", used, quota.pods);
  }
  if (kind === "Node" && quota.nodes !== undefined) {
    const used = Object.keys(state.nodes).length + state.pendingNodes.length;
    if (used >= quota.nodes) return exceeded(plural, name, "nodes", used, quota.nodes);
  }
  if (quota.objects !== undefined) {
    const used = objectCount(state);
    if (used >= quota.objects) return exceeded(plural, name, "objects", used, quota.objects);
  }
  return undefined;
}

/** A workload asking for more replicas than the session allows is invalid, as a field past its bound is. */
export function admitReplicas(
  engine: Engine,
  kind: string,
  name: string,
  replicas: number,
): CommandResult | undefined {
  const limit = engine.state.quota?.replicas;
  if (limit === undefined || replicas <= limit) return undefined;
  const group =
    kind === "Deployment" || kind === "ReplicaSet" || kind === "StatefulSet" ? `${kind}.apps` : kind;
  return {
    ok: false,
    code: "Invalid",
    message: `${group} "${name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be less than or equal to ${limit} (this class's limit, set by kubeclass)`,
  };
}

/** What a cluster spec (a scenario file) asks for beyond the limits, before an engine is built for it. */
export function specBeyondQuota(spec: ClusterSpec, quota: SessionQuota): string[] {
  const problems: string[] = [];
  const count = (kind: string) => spec.objects.filter((o) => o.kind === kind).length;
  // a node group's minimum size is Nodes the cluster starts with
  const nodes = count("Node") + (spec.autoscaling?.nodeGroups ?? []).reduce((n, g) => n + g.min, 0);
  if (quota.nodes !== undefined && nodes > quota.nodes)
    problems.push(`${nodes} Nodes: this server allows at most ${quota.nodes} per class`);
  if (quota.pods !== undefined && count("Pod") > quota.pods)
    problems.push(`${count("Pod")} Pods: this server allows at most ${quota.pods} per class`);
  if (quota.objects !== undefined && spec.objects.length > quota.objects)
    problems.push(`${spec.objects.length} objects: this server allows at most ${quota.objects} per class`);
  for (const o of spec.objects) {
    if (
      (o.kind === "Deployment" || o.kind === "ReplicaSet" || o.kind === "StatefulSet") &&
      quota.replicas !== undefined
    ) {
      if (o.spec.replicas > quota.replicas) {
        problems.push(
          `${o.kind} ${o.metadata.name}: ${o.spec.replicas} replicas: this server allows at most ${quota.replicas}`,
        );
      }
    }
  }
  return problems;
}
