/** kube-scheduler's queue memory for one pending pod. */
export interface QueuedPodInfo {
  /** Scheduling attempts so far. */
  attempts: number;
  /** When the pod was first seen by the queue (ms): the tie-break of the queue sort. */
  timestamp: number;
  /** Not retried before this time (ms). */
  backoffUntil: number;
  /** Set after a failed attempt: the pod waits for a cluster change (or the 5 min flush). */
  unschedulableSince?: number;
}

export interface SchedulerState {
  /** Pending, unbound pods the scheduler knows about, by pod key. */
  queue: Record<string, QueuedPodInfo>;
  /** Where the next filter pass starts, so large clusters spread the work (percentageOfNodesToScore). */
  nextStartNodeIndex: number;
  /** Set by a cluster change (node added or updated, pod gone): unschedulable pods get another try. */
  moveRequest: boolean;
}
