import type { EventView, RequestView } from "../../shared/protocol/state.ts";
import { eventComponentOf } from "../../shared/view/eventTemplates.ts";

/**
 * Which requests an event stands for, as paths between components. Every component talks only to the
 * API server, and only the API server talks to etcd: a Scheduled event is the scheduler's Binding
 * (scheduler -> API server -> etcd) followed by the kubelet's watch seeing the pod (API server ->
 * kubelet); a kubelet's event is its status update (kubelet -> API server -> etcd), and so on.
 */
export type Endpoint =
  | { kind: "apiserver" }
  | { kind: "etcd" }
  | { kind: "scheduler" }
  | { kind: "controller-manager" }
  | { kind: "user" }
  | { kind: "autoscaler" }
  | { kind: "clients" }
  | { kind: "kubelet"; node: string }
  | { kind: "proxy"; node: string }
  | { kind: "registry"; name: string }
  | { kind: "pod"; key: string };

export type FlowTone = "normal" | "warning" | "heartbeat" | "pull" | "traffic" | "failed";

export interface FlowSpec {
  path: Endpoint[];
  /** Seconds after the event before this leg starts (a watch follows the write). */
  delay: number;
  tone: FlowTone;
}

const API: Endpoint = { kind: "apiserver" };
const ETCD: Endpoint = { kind: "etcd" };
const SCHEDULER: Endpoint = { kind: "scheduler" };
const CM: Endpoint = { kind: "controller-manager" };

/**
 * Who stands behind a seat on the board. The instructor's and the scenario's requests come in as
 * kubectl does: from outside the cluster.
 */
export function endpointOfSeat(seat: string): Endpoint {
  const colon = seat.indexOf(":");
  const role = colon > 0 ? seat.slice(0, colon) : seat;
  const node = colon > 0 ? seat.slice(colon + 1) : "";
  switch (role) {
    case "scheduler":
      return SCHEDULER;
    case "controller-manager":
      return CM;
    case "kubelet":
      return { kind: "kubelet", node };
    case "kube-proxy":
      return { kind: "proxy", node };
    case "autoscaler":
      return { kind: "autoscaler" };
    default:
      return { kind: "user" };
  }
}

/**
 * An API request of the audit log: from its seat to the API server, which stores what it accepted in
 * etcd; what it refused goes no further. Watches then carry the change on: a binding to the kubelet of
 * the pod's node, a new pod to the scheduler.
 */
export function flowsForRequest(r: RequestView, podNode: (key: string) => string | undefined): FlowSpec[] {
  const from = endpointOfSeat(r.seat);
  if (r.code >= 300) return [{ path: [from, API], delay: 0, tone: "failed" }];
  const flows: FlowSpec[] = [{ path: [from, API, ETCD], delay: 0, tone: "normal" }];
  if (r.resource === "pods/binding") {
    const node = podNode(`${r.namespace}/${r.name}`);
    if (node) flows.push({ path: [API, { kind: "kubelet", node }], delay: 0.7, tone: "normal" });
  } else if (r.resource === "pods" && r.verb === "create") {
    flows.push({ path: [API, SCHEDULER], delay: 0.7, tone: "normal" });
  }
  return flows;
}

/**
 * The writes the audit log leaves out, seen through the Events they come with: a kubelet's pod status
 * updates, the scheduler's "no node fits" status, the node lifecycle and Deployment controllers' own
 * updates. (Bindings and the ReplicaSet controller's pods are drawn from the audit log instead.)
 */
export function flowsForEvent(e: EventView, nodes: ReadonlySet<string>): FlowSpec[] {
  const tone: FlowTone = e.type === "Warning" ? "warning" : "normal";
  switch (eventComponentOf(e)) {
    case "kubelet":
      return e.host && nodes.has(e.host)
        ? [{ path: [{ kind: "kubelet", node: e.host }, API, ETCD], delay: 0, tone }]
        : [];
    case "default-scheduler":
      return e.reason === "Scheduled" ? [] : [{ path: [SCHEDULER, API, ETCD], delay: 0, tone }];
    case "replicaset-controller":
      return [];
    case "deployment-controller":
    case "node-controller":
    case "taint-eviction-controller":
      return [{ path: [CM, API, ETCD], delay: 0, tone }];
    default:
      return [];
  }
}

/** A kubelet's heartbeat: the Lease renewal is a write like any other. */
export function heartbeatFlow(node: string): FlowSpec {
  return { path: [{ kind: "kubelet", node }, API, ETCD], delay: 0, tone: "heartbeat" };
}

/** A kubectl read: a request to the API server that changes nothing (writes come back as audited requests). */
export function kubectlReadFlow(): FlowSpec {
  return { path: [{ kind: "user" }, API], delay: 0, tone: "normal" };
}

/** "Pulling image "nginx:1.27"" -> nginx:1.27 */
export function pulledImage(message: string): string | undefined {
  return /image "([^"]+)"/.exec(message)?.[1];
}
