import { humanDuration } from "../sim/duration.ts";
import type { ClusterEvent } from "../sim/model/event.ts";
import type { Node } from "../sim/model/node.ts";
import type { Pod } from "../sim/model/pod.ts";
import { formatTable } from "./table.ts";

/**
 * The human-readable printers of `kubectl get` (pkg/printers/internalversion/printers.go): the same
 * columns, the same STATUS logic (a waiting reason such as CrashLoopBackOff wins over the phase), the
 * same AGE.
 */
export interface PrintOptions {
  now: number;
  wide?: boolean;
  allNamespaces?: boolean;
}

/** The STATUS column of `kubectl get pods`, as printPod computes it. */
export function podStatusReason(pod: Pod): string {
  let reason: string = pod.status.reason ?? pod.status.phase;
  let hasRunning = false;
  const statuses = pod.status.containerStatuses;
  for (let i = statuses.length - 1; i >= 0; i--) {
    const s = statuses[i];
    if (!s) continue;
    const state = s.state;
    if ("waiting" in state && state.waiting.reason) reason = state.waiting.reason;
    else if ("terminated" in state && state.terminated.reason) reason = state.terminated.reason;
    else if ("terminated" in state) reason = `ExitCode:${state.terminated.exitCode}`;
    else if (s.ready && "running" in state) hasRunning = true;
  }
  if (reason === "Completed" && hasRunning) {
    const ready = pod.status.conditions.find((c) => c.type === "Ready")?.status === "True";
    reason = ready ? "Running" : "NotReady";
  }
  if (pod.metadata.deletionTimestamp !== undefined) reason = "Terminating";
  return reason;
}

export function podRestarts(pod: Pod, now: number): string {
  let restarts = 0;
  let last: number | undefined;
  for (const s of pod.status.containerStatuses) {
    restarts += s.restartCount;
    if ("terminated" in s.lastState) {
      const finished = s.lastState.terminated.finishedAt;
      if (last === undefined || finished > last) last = finished;
    }
  }
  return last !== undefined && restarts > 0
    ? `${restarts} (${humanDuration(now - last)} ago)`
    : String(restarts);
}

export function printPods(pods: Pod[], options: PrintOptions): string {
  const headers = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
  if (options.wide) headers.push("IP", "NODE", "NOMINATED NODE", "READINESS GATES");
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = pods.map((pod) => {
    const ready = pod.status.containerStatuses.filter((s) => s.ready).length;
    const row = [
      pod.metadata.name,
      `${ready}/${pod.spec.containers.length}`,
      podStatusReason(pod),
      podRestarts(pod, options.now),
      humanDuration(options.now - pod.metadata.creationTimestamp),
    ];
    if (options.wide)
      row.push(pod.status.podIP ?? "<none>", pod.spec.nodeName ?? "<none>", "<none>", "<none>");
    if (options.allNamespaces) row.unshift(pod.metadata.namespace);
    return row;
  });
  return formatTable(headers, rows);
}

export function nodeStatus(node: Node): string {
  const ready = node.status.conditions.find((c) => c.type === "Ready");
  const parts = [ready?.status === "True" ? "Ready" : ready?.status === "False" ? "NotReady" : "Unknown"];
  if (node.spec.unschedulable) parts.push("SchedulingDisabled");
  return parts.join(",");
}

export function nodeRoles(node: Node): string {
  const roles = Object.keys(node.metadata.labels)
    .filter((k) => k.startsWith("node-role.kubernetes.io/"))
    .map((k) => k.slice("node-role.kubernetes.io/".length))
    .filter((r) => r.length > 0)
    .sort();
  return roles.length ? roles.join(",") : "<none>";
}

export function printNodes(nodes: Node[], options: PrintOptions): string {
  const headers = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"];
  if (options.wide) {
    headers.push("INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME");
  }
  const rows = nodes.map((node) => {
    const row = [
      node.metadata.name,
      nodeStatus(node),
      nodeRoles(node),
      humanDuration(options.now - node.metadata.creationTimestamp),
      node.status.nodeInfo.kubeletVersion,
    ];
    if (options.wide) {
      const info = node.status.nodeInfo;
      const ip = node.status.addresses.find((a) => a.type === "InternalIP")?.address ?? "<none>";
      row.push(ip, "<none>", info.osImage, info.kernelVersion, info.containerRuntimeVersion);
    }
    return row;
  });
  return formatTable(headers, rows);
}

export function eventObject(event: ClusterEvent): string {
  return `${event.involvedObject.kind.toLowerCase()}/${event.involvedObject.name}`;
}

export function printEvents(events: ClusterEvent[], options: PrintOptions): string {
  const headers = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = events.map((e) => {
    const row = [humanDuration(options.now - e.eventTime), e.type, e.reason, eventObject(e), e.message];
    if (options.allNamespaces) row.unshift(e.involvedObject.namespace ?? "default");
    return row;
  });
  return formatTable(headers, rows);
}
