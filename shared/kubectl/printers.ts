import type { ClusterEvent } from "../sim/model/event.ts";
import type { Node } from "../sim/model/node.ts";
import type { ContainerStatus, Pod } from "../sim/model/pod.ts";
import { humanDuration } from "../time/format.ts";
import { byLastSeen, eventSeries } from "./events.ts";
import { formatTable } from "./table.ts";

/**
 * The human-readable printers of `kubectl get` (pkg/printers/internalversion/printers.go): the same
 * columns, the same STATUS logic (a waiting reason such as CrashLoopBackOff wins over the phase), the
 * same AGE. Each kind has a `...Table` giving headers and cells, and a `print...` giving the text.
 */
export interface PrintOptions {
  now: number;
  wide?: boolean;
  allNamespaces?: boolean;
}

export interface Table {
  headers: string[];
  rows: string[][];
}

/** The reason the node lifecycle controller gives pods of a lost node (NodeUnreachablePodReason). */
const NODE_LOST = "NodeLost";

function isTerminal(pod: Pod): boolean {
  return pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
}

/** The STATUS column of `kubectl get pods`, as printPod computes it (init containers first). */
export function podStatusReason(pod: Pod): string {
  let reason: string = pod.status.reason || pod.status.phase;
  if (pod.status.conditions.some((c) => c.type === "PodScheduled" && c.reason === "SchedulingGated"))
    reason = "SchedulingGated";
  const init = pod.spec.initContainers ?? [];
  let initializing = false;
  const initStatuses = pod.status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const s = initStatuses[i] as ContainerStatus;
    const state = s.state;
    const sidecar = init.find((c) => c.name === s.name)?.restartPolicy === "Always";
    if ("terminated" in state && state.terminated.exitCode === 0) continue;
    if (sidecar && s.started) continue;
    if ("terminated" in state) {
      reason = state.terminated.reason
        ? `Init:${state.terminated.reason}`
        : `Init:ExitCode:${state.terminated.exitCode}`;
    } else if ("waiting" in state && state.waiting.reason && state.waiting.reason !== "PodInitializing") {
      reason = `Init:${state.waiting.reason}`;
    } else reason = `Init:${i}/${init.length}`;
    initializing = true;
    break;
  }
  const initialized = pod.status.conditions.some((c) => c.type === "Initialized" && c.status === "True");
  if (!initializing || initialized) {
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
  }
  if (pod.metadata.deletionTimestamp !== undefined && pod.status.reason === NODE_LOST) reason = "Unknown";
  else if (pod.metadata.deletionTimestamp !== undefined && !isTerminal(pod)) reason = "Terminating";
  return reason;
}

/** READY: ready running containers and started ready sidecars, out of the containers and sidecars. */
export function podReady(pod: Pod): string {
  const sidecars = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always");
  let ready = 0;
  for (const s of pod.status.containerStatuses) if (s.ready && "running" in s.state) ready++;
  for (const s of pod.status.initContainerStatuses ?? []) {
    if (sidecars.some((c) => c.name === s.name) && s.started && s.ready) ready++;
  }
  return `${ready}/${pod.spec.containers.length + sidecars.length}`;
}

/**
 * RESTARTS: every container's restarts while the pod initializes; once initialized, the app
 * containers' and sidecars' (a completed init container's restarts no longer count).
 */
export function podRestarts(pod: Pod, now: number): string {
  const sidecars = new Set(
    (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === "Always").map((c) => c.name),
  );
  const initialized =
    !pod.spec.initContainers?.length ||
    pod.status.conditions.some((c) => c.type === "Initialized" && c.status === "True");
  let restarts = 0;
  let last: number | undefined;
  const count = (s: ContainerStatus) => {
    restarts += s.restartCount;
    if ("terminated" in s.lastState) {
      const finished = s.lastState.terminated.finishedAt;
      if (last === undefined || finished > last) last = finished;
    }
  };
  for (const s of pod.status.initContainerStatuses ?? []) if (!initialized || sidecars.has(s.name)) count(s);
  for (const s of pod.status.containerStatuses) count(s);
  return last !== undefined && restarts > 0
    ? `${restarts} (${humanDuration(now - last)} ago)`
    : String(restarts);
}

export function age(now: number, since: number): string {
  return humanDuration(now - since);
}

export function podTable(pods: Pod[], options: PrintOptions): Table {
  const headers = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
  if (options.wide) headers.push("IP", "NODE", "NOMINATED NODE", "READINESS GATES");
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = pods.map((pod) => {
    const row = [
      pod.metadata.name,
      podReady(pod),
      podStatusReason(pod),
      podRestarts(pod, options.now),
      age(options.now, pod.metadata.creationTimestamp),
    ];
    if (options.wide) {
      row.push(
        pod.status.podIP || "<none>",
        pod.spec.nodeName || "<none>",
        pod.status.nominatedNodeName || "<none>",
        "<none>",
      );
    }
    if (options.allNamespaces) row.unshift(pod.metadata.namespace);
    return row;
  });
  return { headers, rows };
}

export function printPods(pods: Pod[], options: PrintOptions): string {
  const t = podTable(pods, options);
  return formatTable(t.headers, t.rows);
}

/** STATUS of a node: its Ready condition (Ready / NotReady, Unknown counts as not ready), then cordoning. */
export function nodeStatus(node: Node): string {
  const ready = node.status.conditions.find((c) => c.type === "Ready");
  const parts = ready ? [ready.status === "True" ? "Ready" : "NotReady"] : ["Unknown"];
  if (node.spec.unschedulable) parts.push("SchedulingDisabled");
  return parts.join(",");
}

const ROLE_PREFIX = "node-role.kubernetes.io/";

/** findNodeRoles: `node-role.kubernetes.io/<role>` labels and the `kubernetes.io/role` label. */
export function nodeRoleList(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels)) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === "kubernetes.io/role" && v !== "") roles.add(v);
  }
  return [...roles].sort();
}

export function nodeRoles(node: Node): string {
  const roles = nodeRoleList(node);
  return roles.length ? roles.join(",") : "<none>";
}

export function nodeTable(nodes: Node[], options: PrintOptions): Table {
  const headers = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"];
  if (options.wide) {
    headers.push("INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME");
  }
  const rows = nodes.map((node) => {
    const row = [
      node.metadata.name,
      nodeStatus(node),
      nodeRoles(node),
      age(options.now, node.metadata.creationTimestamp),
      node.status.nodeInfo.kubeletVersion,
    ];
    if (options.wide) {
      const info = node.status.nodeInfo;
      const ip = node.status.addresses.find((a) => a.type === "InternalIP")?.address ?? "<none>";
      row.push(ip, "<none>", info.osImage, info.kernelVersion, info.containerRuntimeVersion);
    }
    return row;
  });
  return { headers, rows };
}

export function printNodes(nodes: Node[], options: PrintOptions): string {
  const t = nodeTable(nodes, options);
  return formatTable(t.headers, t.rows);
}

export function eventObject(event: Pick<ClusterEvent, "involvedObject">): string {
  const o = event.involvedObject;
  return o.name ? `${o.kind.toLowerCase()}/${o.name}` : o.kind.toLowerCase();
}

/**
 * `kubectl get events` for `npm run simulate`: one row per event series (the recorder folds repeats of
 * the same event into one Event whose count grows), oldest last occurrence first.
 */
export function printEvents(events: ClusterEvent[], options: PrintOptions): string {
  const headers = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = eventSeries(events)
    .sort(byLastSeen)
    .map((e) => {
      const row = [
        humanDuration(options.now - e.lastTime),
        e.type,
        e.reason,
        eventObject(e),
        e.message.trim(),
      ];
      if (options.allNamespaces) row.unshift(e.metadata.namespace);
      return row;
    });
  return formatTable(headers, rows);
}
