/** The kubelet's own memory on one node. Lost when the node's machine fails, as a process restart would. */
export interface BackoffEntry {
  /** Current back-off duration, ms. */
  delayMs: number;
  /** Time the back-off counts from (the failure), ms. */
  since: number;
}

export interface KubeletState {
  /** Pods (by uid) the kubelet has admitted. */
  admitted: Record<string, true>;
  /** Image pull back-off by "podUID_image", as the kubelet keys it. */
  pullBackoff: Record<string, BackoffEntry>;
  /** Container restart back-off by "podUID/container". */
  crashBackoff: Record<string, BackoffEntry>;
  /** Pods (uid) whose containers it has been told to stop, with the time the grace period ends. */
  terminating: Record<string, number>;
  /** Next time the bot renews the node Lease. */
  nextLeaseRenewal: number;
}
