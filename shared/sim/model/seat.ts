/**
 * A seat is a role in the game: a component of the cluster. Each is driven by a human or a bot.
 * "kubelet:<node>" and "kube-proxy:<node>" exist per node.
 */
export type SeatId =
  | "scheduler"
  | "controller-manager"
  | "user"
  | "instructor"
  | "scenario"
  | `kubelet:${string}`
  | `kube-proxy:${string}`;

export type Driver = "bot" | "human";

export interface SeatState {
  driver: Driver;
}

export function kubeletSeat(node: string): SeatId {
  return `kubelet:${node}`;
}

export function nodeOfSeat(seat: string): string | undefined {
  const colon = seat.indexOf(":");
  return colon > 0 ? seat.slice(colon + 1) : undefined;
}
