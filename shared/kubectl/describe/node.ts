import { stateHash } from "../../sim/hash.ts";
import type { Node } from "../../sim/model/node.ts";
import type { Pod } from "../../sim/model/pod.ts";
import type { ClusterState } from "../../sim/model/state.ts";
import { parseBytes, parseCpu } from "../../sim/quantity.ts";
import { humanDuration, rfc1123z } from "../../time/format.ts";
import { eventsFor } from "../events.ts";
import { canonicalBytes, canonicalCpu } from "../format.ts";
import { nodeJson } from "../json.ts";
import { nodeRoleList } from "../printers.ts";
import {
  describeEvents,
  describeWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
} from "./writer.ts";

/**
 * `kubectl describe node` (describeNode): conditions, addresses, capacity, system info, the pods that
 * still hold resources there and what they request of the allocatable, and the node's events.
 */
const ZERO_TIME = "Mon, 01 Jan 0001 00:00:00 +0000";

function uuidFrom(seed: string): string {
  const hex = (stateHash(`${seed}:a`) + stateHash(`${seed}:b`)).slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface PodResources {
  cpuReq: number;
  cpuLim: number;
  memReq: number;
  memLim: number;
}

/** Sums of container requests (defaulted from limits, as the API server stores them) and limits. */
export function podResources(pod: Pod): PodResources {
  const r: PodResources = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const c of pod.spec.containers) {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    r.cpuReq += parseCpu(requests.cpu ?? "0") ?? 0;
    r.cpuLim += parseCpu(limits.cpu ?? "0") ?? 0;
    r.memReq += parseBytes(requests.memory ?? "0") ?? 0;
    r.memLim += parseBytes(limits.memory ?? "0") ?? 0;
  }
  return r;
}

const percent = (value: number, total: number) => (total === 0 ? 0 : Math.trunc((value / total) * 100));

export function describeNode(node: Node, state: ClusterState, showEvents = true): string {
  const w = describeWriter();
  const name = node.metadata.name;
  const annotations = (nodeJson(node).metadata as { annotations?: Record<string, string> }).annotations;
  w.write(0, `Name:\t${name}\n`);
  const roles = nodeRoleList(node);
  w.write(0, `Roles:\t${roles.length ? roles.join(",") : "<none>"}\n`);
  printLabelsMultiline(w, "Labels", node.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, "Taints", node.spec.taints);
  w.write(0, `Unschedulable:\t${node.spec.unschedulable}\n`);
  const lease = state.leases[`kube-node-lease/${name}`];
  if (lease) {
    w.write(0, "Lease:\n");
    w.write(1, `HolderIdentity:\t${lease.spec.holderIdentity || "<unset>"}\n`);
    w.write(1, `AcquireTime:\t${lease.spec.acquireTime ? rfc1123z(lease.spec.acquireTime) : "<unset>"}\n`);
    w.write(1, `RenewTime:\t${lease.spec.renewTime ? rfc1123z(lease.spec.renewTime) : "<unset>"}\n`);
  } else w.write(0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${name}" not found\n`);
  if (node.status.conditions.length > 0) {
    w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
    w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n");
    for (const c of node.status.conditions) {
      const heartbeat = c.lastHeartbeatTime === undefined ? ZERO_TIME : rfc1123z(c.lastHeartbeatTime);
      w.write(
        1,
        `${c.type} \t${c.status} \t${heartbeat} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`,
      );
    }
  }
  w.write(0, "Addresses:\n");
  for (const a of node.status.addresses) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, r] of [
    ["Capacity", node.status.capacity],
    ["Allocatable", node.status.allocatable],
  ] as const) {
    w.write(0, `${title}:\n`);
    w.write(0, `  cpu:\t${canonicalCpu(r.cpu)}\n`);
    w.write(0, `  memory:\t${canonicalBytes(r.memory)}\n`);
    w.write(0, `  pods:\t${r.pods}\n`);
  }
  const info = node.status.nodeInfo;
  const uid = node.metadata.uid;
  w.write(0, "System Info:\n");
  w.write(0, `  Machine ID:\t${uuidFrom(`${uid}:machine`).replaceAll("-", "")}\n`);
  w.write(0, `  System UUID:\t${uuidFrom(`${uid}:system`)}\n`);
  w.write(0, `  Boot ID:\t${uuidFrom(`${uid}:boot`)}\n`);
  w.write(0, `  Kernel Version:\t${info.kernelVersion}\n`);
  w.write(0, `  OS Image:\t${info.osImage}\n`);
  w.write(0, `  Operating System:\t${info.operatingSystem}\n`);
  w.write(0, `  Architecture:\t${info.architecture}\n`);
  w.write(0, `  Container Runtime Version:\t${info.containerRuntimeVersion}\n`);
  w.write(0, `  Kubelet Version:\t${info.kubeletVersion}\n`);
  if (node.spec.podCIDR) {
    w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
    w.write(0, `PodCIDRs:\t${node.spec.podCIDR}\n`);
  }
  if (node.spec.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);

  const pods = Object.keys(state.pods)
    .sort()
    .map((k) => state.pods[k] as Pod)
    .filter((p) => p.spec.nodeName === name && p.status.phase !== "Succeeded" && p.status.phase !== "Failed");
  const alloc = node.status.allocatable;
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  const total: PodResources = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const pod of pods) {
    const r = podResources(pod);
    total.cpuReq += r.cpuReq;
    total.cpuLim += r.cpuLim;
    total.memReq += r.memReq;
    total.memLim += r.memLim;
    w.write(
      1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t\t` +
        `${canonicalCpu(r.cpuReq)} (${percent(r.cpuReq, alloc.cpu)}%)\t` +
        `${canonicalCpu(r.cpuLim)} (${percent(r.cpuLim, alloc.cpu)}%)\t` +
        `${canonicalBytes(r.memReq)} (${percent(r.memReq, alloc.memory)}%)\t` +
        `${canonicalBytes(r.memLim)} (${percent(r.memLim, alloc.memory)}%)\t` +
        `${humanDuration(state.now - pod.metadata.creationTimestamp)}\n`,
    );
  }
  w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.write(1, "Resource\tRequests\tLimits\n");
  w.write(1, "--------\t--------\t------\n");
  w.write(
    1,
    `cpu\t${canonicalCpu(total.cpuReq)} (${percent(total.cpuReq, alloc.cpu)}%)\t${canonicalCpu(total.cpuLim)} (${percent(total.cpuLim, alloc.cpu)}%)\n`,
  );
  w.write(
    1,
    `memory\t${canonicalBytes(total.memReq)} (${percent(total.memReq, alloc.memory)}%)\t${canonicalBytes(total.memLim)} (${percent(total.memLim, alloc.memory)}%)\n`,
  );
  w.write(1, "ephemeral-storage\t0 (0%)\t0 (0%)\n");
  if (showEvents) describeEvents(w, eventsFor(state.events, { kind: "Node", name }), state.now);
  return w.text();
}
