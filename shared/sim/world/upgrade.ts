/** A node version rollout (see upgrades.ts). */
export interface UpgradeState {
  version: string;
  /** Nodes still to upgrade, in order. */
  queue: string[];
  /** Who drains each node: the rollout itself, or the student at the user seat (kubectl drain). */
  drainBy: "bot" | "user";
  current?: { node: string; phase: "draining" | "upgrading"; since: number; readyAt?: number };
  done: string[];
}
