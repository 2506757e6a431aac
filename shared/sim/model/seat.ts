/**
 * A seat is a role in the game: a component of the cluster. Each is driven by a human or a bot.
 * "kubelet:<node>" and "kube-proxy:<node>" exist per node. This module is the one place seat ids are
 * built and read; the engine, the server and the client all go through it.
 */
export type SeatId =
  | "scheduler"
  | "controller-manager"
  | "user"
  | "autoscaler"
  | "instructor"
  | "scenario"
  | `kubelet:${string}`
  | `kube-proxy:${string}`;

/** Every role a seat can have, in the order the game lists them. */
export const ROLES = [
  "scheduler",
  "controller-manager",
  "user",
  /** The cluster autoscaler and the HPAs' decisions: a seat only in clusters with node groups or HPAs. */
  "autoscaler",
  "kubelet",
  "kube-proxy",
  "instructor",
  "scenario",
] as const;
export type Role = (typeof ROLES)[number];

/** Roles with one seat per node: the node's agents. */
export const NODE_ROLES = ["kubelet", "kube-proxy"] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

/** Seats of every match (students can take them); the node agents' seats come with each node. */
export const CLUSTER_SEATS = ["scheduler", "controller-manager", "user"] as const;

export type Driver = "bot" | "human";

/** How fast a bot acts: as the real component does, or about as fast as a student would. */
export type Pace = "instant" | "human";

export interface SeatState {
  driver: Driver;
  /** Bots only; "instant" when absent. */
  pace?: Pace;
  /** A bot at human pace takes its next step no sooner than this (simulated ms). */
  nextActionAt?: number;
  /**
   * Since when a human has driven the seat (simulated ms): what happened before is not theirs to
   * answer for (a Lease the bot renewed, a pod bound before they sat down).
   */
  humanSince?: number;
  /** Full minutes of the current human's turn the referee has judged (a kubelet's Node kept Ready). */
  minutesJudged?: number;
  /** The student's last move at this seat (simulated ms). */
  lastMoveAt?: number;
  /** The seat's bot is helping an idle student (shown on the board; cleared by their next move). */
  assisted?: boolean;
}

/** At human pace, a bot takes one step per this many simulated ms. */
export const HUMAN_PACE_MS: Record<string, number> = { scheduler: 2_000, kubelet: 1_500 };

/** Seats a cluster gets only when it has what they play (the autoscaler: node groups or HPAs). */
export const OPTIONAL_SEATS = ["autoscaler"] as const;

export function kubeletSeat(node: string): SeatId {
  return `kubelet:${node}`;
}

export function kubeProxySeat(node: string): SeatId {
  return `kube-proxy:${node}`;
}

/** The seats of a node's agents. */
export function nodeSeats(node: string): SeatId[] {
  return [kubeletSeat(node), kubeProxySeat(node)];
}

function isNodeRole(prefix: string): prefix is NodeRole {
  return prefix === "kubelet" || prefix === "kube-proxy";
}

/** The role of a seat id; undefined for a seat no role has ("kubelet:" without a node included). */
export function roleOf(seat: string): Role | undefined {
  const colon = seat.indexOf(":");
  if (colon >= 0) {
    const prefix = seat.slice(0, colon);
    return isNodeRole(prefix) && colon < seat.length - 1 ? prefix : undefined;
  }
  return (ROLES as readonly string[]).includes(seat) && !isNodeRole(seat) ? (seat as Role) : undefined;
}

/** The node of a kubelet or kube-proxy seat; undefined for the other seats. */
export function nodeOf(seat: string): string | undefined {
  return roleOf(seat) !== undefined && seat.includes(":") ? seat.slice(seat.indexOf(":") + 1) : undefined;
}
