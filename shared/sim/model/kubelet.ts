/** The kubelet's own memory on one node. Lost when the node's machine fails, as a process restart would. */
export interface BackoffEntry {
  /** Current back-off duration, ms. */
  delayMs: number;
  /** Time the back-off counts from (the failure), ms. */
  since: number;
  /** The error that started it (image pulls), repeated in the ImagePullBackOff message. */
  error?: string;
}

export interface KubeletState {
  /** Pods (by uid) the kubelet has admitted. */
  admitted: Record<string, true>;
  /** Image pull back-off by "podUID_image", as the kubelet keys it. */
  pullBackoff: Record<string, BackoffEntry>;
  /** Container restart back-off by "podUID/container". */
  crashBackoff: Record<string, BackoffEntry>;
  /** Containers ("podUID/name") whose image was pulled for their next start (pull policy Always). */
  pulled: Record<string, true>;
  /** Back-off already announced (BackOff event) for this key and failure time, so it is said once. */
  announced: Record<string, number>;
  /** Pods (by uid) whose containers the bot started for an idle student: not the student's to score. */
  assisted?: Record<string, true>;
  /** The Lease renewTime already judged late (a heartbeat is judged late once). */
  lateHeartbeatFor?: number;
  /** Next time the bot renews the node Lease. */
  nextLeaseRenewal: number;
}
