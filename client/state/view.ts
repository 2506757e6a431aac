import type { ClassroomStateView, NodeView, PodView, SeatView } from "../../shared/protocol/state.ts";
import { nodeOf, roleOf } from "../../shared/sim/model/seat.ts";

/**
 * What the board and the panels read: the room's synced state, or the same shape projected from a
 * replay's engine (client/replay/engineView.ts). Views added after the first server (control plane,
 * registries, traffic, proxies, judgements) are optional so an older server still draws.
 */
type LaterViews =
  | "controlPlane"
  | "registries"
  | "traffic"
  | "proxies"
  | "judgements"
  | "requests"
  | "horizontalPodAutoscalers"
  | "podDisruptionBudgets"
  | "autoscaling";

export type ClusterView = Omit<ClassroomStateView, LaterViews | "instructor"> &
  Partial<Pick<ClassroomStateView, LaterViews>>;

/** Kubernetes' natural order of names: worker-2 before worker-10. */
export function byName(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

export function sortedNodes(view: ClusterView): NodeView[] {
  const nodes: NodeView[] = [];
  view.nodes.forEach((n) => {
    nodes.push(n);
  });
  return nodes.sort((a, b) => byName(a.name, b.name));
}

/**
 * Pods the scheduler still has to place: no node, Pending, not being deleted; in the scheduling queue's
 * order (the higher priority first, then the oldest).
 */
export function pendingPods(view: ClusterView): PodView[] {
  const pods: PodView[] = [];
  view.pods.forEach((p) => {
    if (!p.node && p.phase === "Pending" && !p.deleting) pods.push(p);
  });
  return pods.sort(
    (a, b) => (b.priority ?? 0) - (a.priority ?? 0) || a.created - b.created || byName(a.key, b.key),
  );
}

export function podsOnNode(view: ClusterView, node: string): PodView[] {
  const pods: PodView[] = [];
  view.pods.forEach((p) => {
    if (p.node === node) pods.push(p);
  });
  return pods.sort((a, b) => byName(a.key, b.key));
}

export function seatsInOrder(view: ClusterView): SeatView[] {
  const order = ["scheduler", "controller-manager", "user", "autoscaler", "kubelet", "kube-proxy"];
  const seats: SeatView[] = [];
  view.seats.forEach((s) => {
    seats.push(s);
  });
  return seats.sort(
    (a, b) => order.indexOf(a.role) - order.indexOf(b.role) || byName(a.node, b.node) || byName(a.id, b.id),
  );
}

/** Node name of a "kubelet:worker-1" or "kube-proxy:worker-1" seat ("" for the others). */
export function nodeOfSeat(seat: string): string {
  return nodeOf(seat) ?? "";
}

export function roleOfSeat(seat: string): string {
  return roleOf(seat) ?? seat;
}

/** How a seat is called on screen: Kubernetes component names stay in English. */
export function seatTitle(seat: string): string {
  const role = roleOfSeat(seat);
  const node = nodeOfSeat(seat);
  switch (role) {
    case "scheduler":
      return "kube-scheduler";
    case "controller-manager":
      return "kube-controller-manager";
    case "user":
      return "kubectl";
    case "autoscaler":
      return "cluster-autoscaler · HPA";
    case "kubelet":
      return `kubelet · ${node}`;
    case "kube-proxy":
      return `kube-proxy · ${node}`;
    default:
      return seat;
  }
}

/**
 * kubectl's STATUS of a node: "Ready", or "NotReady" whether the Ready condition is False or Unknown,
 * with ",SchedulingDisabled" when cordoned.
 */
export function nodeStatus(node: { ready: string; unschedulable: boolean }): string {
  const base = node.ready === "Ready" ? "Ready" : "NotReady";
  return node.unschedulable ? `${base},SchedulingDisabled` : base;
}
