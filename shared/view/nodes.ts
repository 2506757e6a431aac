import type { NodeView, RuntimeView } from "../protocol/state.ts";
import type { Engine } from "../sim/engine/Engine.ts";
import type { Taint } from "../sim/model/node.ts";

const NODE_LEASE_NAMESPACE = "kube-node-lease";

export function taintText(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ""}:${taint.effect}`;
}

/**
 * A Node as the board draws it: kubectl's readiness, its capacity and what the pods bound to it request
 * (those not Succeeded or Failed), its Lease's last renewal, and the machine it runs on (only for the
 * views that may see it: the node's kubelet team and the instructor).
 */
export function nodeView(
  engine: Engine,
  name: string,
  machine: RuntimeView | undefined,
): NodeView | undefined {
  const node = engine.state.nodes[name];
  if (!node) return undefined;
  const ready = node.status.conditions.find((c) => c.type === "Ready")?.status;
  let cpu = 0;
  let memory = 0;
  let pods = 0;
  for (const pod of engine.podsOnNode(name)) {
    if (pod.status.phase === "Succeeded" || pod.status.phase === "Failed") continue;
    cpu += pod.requests.cpu;
    memory += pod.requests.memory;
    pods++;
  }
  return {
    name,
    ready: ready === "True" ? "Ready" : ready === "False" ? "NotReady" : "Unknown",
    unschedulable: node.spec.unschedulable,
    taints: node.spec.taints.map(taintText),
    labels: new Map(Object.entries(node.metadata.labels)),
    cpu: node.status.allocatable.cpu,
    memory: node.status.allocatable.memory,
    maxPods: node.status.allocatable.pods,
    capacityCpu: node.status.capacity.cpu,
    capacityMemory: node.status.capacity.memory,
    images: new Set(node.status.images.flatMap((i) => i.names.filter((n) => !n.includes("@")))),
    requestedCpu: cpu,
    requestedMemory: memory,
    pods,
    internalIP: node.status.addresses.find((a) => a.type === "InternalIP")?.address ?? "",
    provider: node.machine?.provider ?? "",
    instanceType: node.machine?.instanceType ?? "",
    region: node.machine?.region ?? "",
    runtime: node.machine?.runtime ?? "",
    leaseRenewed: engine.state.leases[`${NODE_LEASE_NAMESPACE}/${name}`]?.spec.renewTime ?? 0,
    ...(machine ? { machine } : {}),
  };
}
