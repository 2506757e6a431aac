/** The kubelet's own memory on one node. Lost when the node's machine fails, as a process restart would. */
export interface BackoffEntry {
  /** Current back-off duration, ms. */
  delayMs: number;
  /** Time the back-off counts from (the failure), ms. */
  since: number;
  /** The error that started it (image pulls), repeated in the ImagePullBackOff message. */
  error?: string;
}

/** One probe worker of the kubelet's prober (pkg/kubelet/prober/worker.go), by "podUID/container/type". */
export interface ProbeWorker {
  /** When the worker started (the kubelet added the pod): probes fall on its period's grid from here. */
  since: number;
  /** The container instance probed; a new one resets the result. */
  containerID?: string;
  /** What the results manager holds: liveness starts at success, readiness at failure, startup unknown. */
  result: "success" | "failure" | "unknown";
  /** The last probe's outcome and how many in a row (against success/failureThreshold). */
  lastResult?: "success" | "failure";
  run: number;
  /** The last failed probe's output (what its Unhealthy event said), cleared by a success. */
  output?: string;
  /** A liveness or startup failure killed the container: no probing until a new one runs. */
  onHold?: boolean;
  /** When the next probe runs, once the container runs and its initial delay has passed. */
  nextAt?: number;
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
  /**
   * The volume manager's memory by pod uid: mounted once every volume could be; else since when it
   * tries, each volume's next retry (back-off), and when WaitForAttachAndMount last timed out.
   */
  mounts?: Record<
    string,
    {
      mounted: boolean;
      since?: number;
      retries?: Record<string, { next: number; delayMs: number }>;
      timedOutAt?: number;
    }
  >;
  /** Probe workers by "podUID/container/type" (absent in states saved before probes were simulated). */
  probes?: Record<string, ProbeWorker>;
  /** Back-off already announced (BackOff event) for this key and failure time, so it is said once. */
  announced: Record<string, number>;
  /** Pods (by uid) whose containers the bot started for an idle student: not the student's to score. */
  assisted?: Record<string, true>;
  /** The Lease renewTime already judged late (a heartbeat is judged late once). */
  lateHeartbeatFor?: number;
  /** Next time the bot renews the node Lease. */
  nextLeaseRenewal: number;
}
