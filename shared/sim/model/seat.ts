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

/** How fast a bot acts: as the real component does, or about as fast as a student would. */
export type Pace = "instant" | "human";

export interface SeatState {
  driver: Driver;
  /** Bots only; "instant" when absent. */
  pace?: Pace;
  /** A bot at human pace takes its next step no sooner than this (simulated ms). */
  nextActionAt?: number;
}

/** At human pace, a bot takes one step per this many simulated ms. */
export const HUMAN_PACE_MS: Record<string, number> = { scheduler: 2_000, kubelet: 1_500 };

export function kubeletSeat(node: string): SeatId {
  return `kubelet:${node}`;
}

export function nodeOfSeat(seat: string): string | undefined {
  const colon = seat.indexOf(":");
  return colon > 0 ? seat.slice(colon + 1) : undefined;
}
