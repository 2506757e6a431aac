import type { EventView } from "../../shared/protocol/state.ts";

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

const CONTROLLERS = /controller|node-lifecycle|garbage|taint|endpoint/;

/** The node a Scheduled event names: "Successfully assigned default/web to worker-1". */
export function scheduledNode(message: string): string | undefined {
  return / to (\S+?)\.?$/.exec(message)?.[1];
}

export function flowsForEvent(e: EventView, nodes: ReadonlySet<string>): FlowSpec[] {
  const tone: FlowTone = e.type === "Warning" ? "warning" : "normal";
  const component = e.component;
  if (component === "default-scheduler" || component === "kube-scheduler") {
    const flows: FlowSpec[] = [{ path: [SCHEDULER, API, ETCD], delay: 0, tone }];
    if (e.reason === "Scheduled") {
      const node = scheduledNode(e.message);
      if (node && nodes.has(node)) flows.push({ path: [API, { kind: "kubelet", node }], delay: 0.7, tone });
    }
    return flows;
  }
  if (component === "kubelet" && e.host && nodes.has(e.host)) {
    return [{ path: [{ kind: "kubelet", node: e.host }, API, ETCD], delay: 0, tone }];
  }
  if (CONTROLLERS.test(component)) {
    const flows: FlowSpec[] = [{ path: [CM, API, ETCD], delay: 0, tone }];
    if (e.reason === "SuccessfulCreate") flows.push({ path: [API, SCHEDULER], delay: 0.7, tone });
    return flows;
  }
  return [];
}

/** A kubelet's heartbeat: the Lease renewal is a write like any other. */
export function heartbeatFlow(node: string): FlowSpec {
  return { path: [{ kind: "kubelet", node }, API, ETCD], delay: 0, tone: "heartbeat" };
}

/** What the cluster user's kubectl does: a request to the API server, stored in etcd when it changes something. */
export function kubectlFlow(changes: boolean): FlowSpec {
  return {
    path: changes ? [{ kind: "user" }, API, ETCD] : [{ kind: "user" }, API],
    delay: 0,
    tone: "normal",
  };
}

/** "Pulling image "nginx:1.27"" -> nginx:1.27 */
export function pulledImage(message: string): string | undefined {
  return /image "([^"]+)"/.exec(message)?.[1];
}
