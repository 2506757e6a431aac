import { deleteObject, setUnschedulable, writeNode } from "../apiserver/apiserver.ts";
import { evictThroughApi } from "../apiserver/eviction.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Node, ProviderName } from "../model/node.ts";
import { isSpotNode, SPOT_NOTICE_SECONDS } from "./nodegroups.ts";

/**
 * Spot capacity taken back by its cloud. The reclaim is announced as each cloud announces it (EC2's
 * two-minute Spot Instance interruption notice, which the AWS Node Termination Handler turns into a
 * taint, a cordon and a drain; GCP's and Azure's 30 s preemption notice), the node is drained through
 * the Eviction API while there is time, and then the machine is gone, whatever was still on it: the
 * cloud node lifecycle controller deletes the Node.
 */
const HANDLER: Record<ProviderName, string> = {
  local: "kubeclass-cloud",
  aws: "aws-node-termination-handler",
  gcp: "kubeclass-cloud",
  azure: "kubeclass-cloud",
};

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function notice(provider: ProviderName, node: Node, at: number): string {
  switch (provider) {
    case "aws":
      return `Spot Interruption event received. Instance ${node.spec.providerID?.split("/").at(-1) ?? node.metadata.name} will be interrupted at ${iso(at)}`;
    case "gcp":
      return `Compute Engine is preempting instance ${node.metadata.name}: it stops at ${iso(at)} (compute.instances.preempted)`;
    case "azure":
      return `Scheduled event Preempt: the Spot VM ${node.metadata.name} is evicted at ${iso(at)}`;
    default:
      return `The machine behind ${node.metadata.name} is reclaimed at ${iso(at)}`;
  }
}

/** ReclaimSpotNode: the provider's notice, then the drain; the machine goes when the notice runs out. */
export function reclaimSpotNode(
  engine: Engine,
  chosen: string | undefined,
  nodeGroup?: string,
): CommandResult {
  const name =
    chosen ??
    Object.keys(engine.state.nodes)
      .sort()
      .find((n) => {
        const labels = engine.state.nodes[n]?.metadata.labels ?? {};
        const reclaiming = engine.state.spotReclaims?.[n] !== undefined;
        return (
          isSpotNode(labels) &&
          !reclaiming &&
          (!nodeGroup || labels["kubeclass.dev/node-group"] === nodeGroup)
        );
      });
  if (!name)
    return {
      ok: false,
      code: "NotFound",
      message: `no spot node${nodeGroup ? ` in node group ${nodeGroup}` : ""} to reclaim`,
    };
  const node = engine.state.nodes[name];
  if (!node) return { ok: false, code: "NotFound", message: `nodes "${name}" not found` };
  if (!isSpotNode(node.metadata.labels)) {
    return {
      ok: false,
      code: "Invalid",
      message: `node ${name} is on-demand capacity: only spot nodes are reclaimed`,
    };
  }
  engine.state.spotReclaims ??= {};
  const reclaims = engine.state.spotReclaims;
  if (reclaims[name] !== undefined) return { ok: true, message: `node/${name} is already being reclaimed` };
  const provider = node.machine.provider;
  const at = engine.now + SPOT_NOTICE_SECONDS[provider] * 1000;
  reclaims[name] = at;
  engine.emit({
    type: "Warning",
    reason: "SpotInterruption",
    message: notice(provider, node, at),
    involvedObject: { kind: "Node", name, uid: node.metadata.uid },
    source: { component: HANDLER[provider] },
  });
  if (provider === "aws") {
    node.spec.taints = [
      ...node.spec.taints,
      { key: "aws-node-termination-handler/spot-itn", effect: "NoSchedule", timeAdded: engine.now },
    ];
    writeNode(engine, node);
  }
  setUnschedulable(engine, name, true);
  drainForReclaim(engine, name);
  engine.wake("cloud", at);
  engine.changed("Autoscaler", "spot");
  return { ok: true, message: `node/${name}: ${provider} reclaims it in ${SPOT_NOTICE_SECONDS[provider]}s` };
}

/** Evictions through the API: what a budget refuses now is tried again next tick, until the machine goes. */
function drainForReclaim(engine: Engine, name: string): void {
  for (const pod of engine.podsOnNode(name)) {
    if (
      pod.metadata.deletionTimestamp !== undefined ||
      pod.status.phase === "Succeeded" ||
      pod.status.phase === "Failed"
    )
      continue;
    if (pod.metadata.ownerReferences?.some((o) => o.controller && o.kind === "DaemonSet")) continue;
    evictThroughApi(engine, pod);
  }
}

export function runSpotReclaims(engine: Engine): void {
  const reclaims = engine.state.spotReclaims;
  if (!reclaims) return;
  for (const name of Object.keys(reclaims).sort()) {
    const at = reclaims[name] as number;
    const node = engine.state.nodes[name];
    if (!node) {
      delete reclaims[name];
      continue;
    }
    if (engine.now < at) {
      if (engine.state.tick % 50 === 0) drainForReclaim(engine, name);
      continue;
    }
    delete reclaims[name];
    engine.emit({
      type: "Normal",
      reason: "DeletingNode",
      message: `Deleting node ${name} because it does not exist in the cloud provider`,
      involvedObject: { kind: "Node", name, uid: node.metadata.uid },
      source: { component: "cloud-node-lifecycle-controller" },
    });
    deleteObject(engine, "Node", name);
    engine.changed("Autoscaler", "spot");
  }
}
