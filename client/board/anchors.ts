import type * as Phaser from "phaser";
import type { ClusterView } from "../state/view.ts";
import type { BoardModel, PullLine } from "./BoardModel.ts";
import { mastersOf } from "./drawControlPlane.ts";
import type { Endpoint } from "./flows.ts";
import {
  type BoardLayout,
  center,
  chipGrid,
  chipRect,
  masterRow,
  nodeParts,
  type Point,
  type Rect,
} from "./layout.ts";
import { COLORS, hex } from "./theme.ts";

/**
 * Where requests start and end on the board: the components of the leading control-plane machine
 * (the API server of the first one up), a node's kubelet or kube-proxy, a pod's chip, a registry; and
 * how an image pull is drawn between a registry and a node.
 */
export function anchorOf(
  e: Endpoint,
  l: BoardLayout,
  view: ClusterView,
  model: BoardModel,
): Point | undefined {
  const masters = mastersOf(view.controlPlane);
  const leader = (flag: "schedulerLeader" | "controllerManagerLeader" | "etcdLeader") => {
    const i = masters.findIndex((m) => m[flag]);
    return l.masters[Math.max(i, 0)];
  };
  const apiIndex = Math.max(
    0,
    masters.findIndex((m) => m.up),
  );
  switch (e.kind) {
    case "apiserver":
      return centerOf(l.masters[apiIndex], "apiserver", l.leftScale);
    case "etcd":
      return centerOf(leader("etcdLeader"), "etcd", l.leftScale);
    case "scheduler":
      return centerOf(leader("schedulerLeader"), "scheduler", l.leftScale);
    case "controller-manager":
      return centerOf(leader("controllerManagerLeader"), "controller-manager", l.leftScale);
    case "user":
      return { x: l.user.x + l.user.w / 2, y: l.user.y + l.user.h };
    case "clients":
      return { x: l.clients.x + l.clients.w, y: l.clients.y + l.clients.h / 2 };
    case "autoscaler":
      // without its card (a cluster with nothing to autoscale), from outside, as kubectl
      return l.autoscaler.w > 0
        ? { x: l.autoscaler.x + l.autoscaler.w / 2, y: l.autoscaler.y + l.autoscaler.h }
        : { x: l.user.x + l.user.w / 2, y: l.user.y + l.user.h };
    case "kubelet":
    case "proxy": {
      const r = l.nodes.get(e.node);
      if (!r) return undefined;
      return center(e.kind === "kubelet" ? nodeParts(r).kubelet : nodeParts(r).proxy);
    }
    case "registry": {
      const r = l.registry.get(e.name);
      return r ? { x: r.x + r.w / 2, y: r.y } : undefined;
    }
    case "pod":
      return podPoint(e.key, l, view, model);
  }
}

export function podPoint(
  key: string,
  l: BoardLayout,
  view: ClusterView,
  model: BoardModel,
): Point | undefined {
  const pod = view.pods.get(key);
  if (!pod?.node) return undefined;
  const entry = model.nodes.get(pod.node);
  const r = l.nodes.get(pod.node);
  if (!entry || !r) return undefined;
  const area = nodeParts(r).pods;
  const grid = chipGrid(area, entry.pods.length);
  const index = entry.pods.findIndex((p) => p.key === key);
  if (index < 0 || index >= grid.capacity) return center(area);
  return center(chipRect(area, grid, index));
}

function centerOf(
  master: Rect | undefined,
  row: "apiserver" | "etcd" | "scheduler" | "controller-manager",
  scale: number,
): Point | undefined {
  return master ? center(masterRow(master, row, scale)) : undefined;
}

export function drawPull(
  g: Phaser.GameObjects.Graphics,
  from: Point,
  to: Point,
  pull: PullLine,
  seconds: number,
): void {
  const color = hex(pull.failed ? COLORS.bad : COLORS.pull);
  g.lineStyle(3, color, 0.35);
  g.lineBetween(from.x, from.y, to.x, to.y);
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return;
  if (pull.progress >= 0) {
    g.lineStyle(5, color, 0.9);
    g.lineBetween(from.x, from.y, from.x + dx * pull.progress, from.y + dy * pull.progress);
  }
  // packets flowing from the registry to the node
  g.fillStyle(color, 0.95);
  const step = 60;
  const offset = (seconds * 120) % step;
  for (let d = offset; d < len; d += step) {
    g.fillCircle(from.x + (dx * d) / len, from.y + (dy * d) / len, 4);
  }
}
