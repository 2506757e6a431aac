import type { Engine } from "../engine/Engine.ts";
import type { Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import { compileNodeAffinity, matchesRequired } from "../scheduler/nodeaffinity/nodeaffinity.ts";
import { isTerminal } from "./status.ts";

/**
 * The kubelet's admission: the last line of defence. A pod bound to a node it does not fit (a player
 * scheduler can do that; the API server does not check) is rejected and goes Failed with OutOfcpu,
 * OutOfmemory or OutOfpods, computed against the pods this kubelet has already admitted.
 */
export interface AdmissionRejection {
  reason: string;
  message: string;
}

export function admitPod(engine: Engine, node: Node, pod: Pod): AdmissionRejection | undefined {
  const kubelet = engine.state.kubelets[node.metadata.name];
  let cpu = 0;
  let memory = 0;
  let pods = 0;
  for (const other of engine.podsOnNode(node.metadata.name)) {
    if (other === pod || isTerminal(other) || !kubelet?.admitted[other.metadata.uid]) continue;
    cpu += other.requests.cpu;
    memory += other.requests.memory;
    pods++;
  }
  const allocatable = node.status.allocatable;
  const checks: [string, number, number, number][] = [
    ["pods", 1, pods, allocatable.pods],
    ["cpu", pod.requests.cpu, cpu, allocatable.cpu],
    ["memory", pod.requests.memory, memory, allocatable.memory],
  ];
  for (const [resource, requested, used, capacity] of checks) {
    if (requested > 0 && requested + used > capacity) {
      return {
        reason: `OutOf${resource}`,
        message: `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`,
      };
    }
  }
  if (!matchesRequired(compileNodeAffinity(pod), node)) {
    return {
      reason: "NodeAffinity",
      message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
    };
  }
  return undefined;
}
