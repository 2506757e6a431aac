import type { WorkloadView } from "./state.ts";

/**
 * How a workload is synced in a room: its available replicas as how many of its ready ones are not
 * available yet (0 nearly always: a pod counts as available minReadySeconds after it is ready), so a
 * pod that goes or comes changes one count on the wire, not two. A client reads it back as
 * WorkloadView's `availableReplicas`.
 */
export type SyncedWorkload = Omit<WorkloadView, "availableReplicas"> & { readyNotAvailable: number };

export function syncedWorkload(view: WorkloadView): SyncedWorkload {
  const { availableReplicas, ...rest } = view;
  return { ...rest, readyNotAvailable: view.readyReplicas - availableReplicas };
}

/** A synced workload as a plain WorkloadView (a test's reading of the room's state). */
export function workloadOf(synced: SyncedWorkload): WorkloadView {
  const { readyNotAvailable, ...rest } = synced;
  return { ...rest, availableReplicas: synced.readyReplicas - readyNotAvailable };
}

const RECEIVED = Symbol("received");

/** What a client does with the workloads of each patch: gives each new one its `availableReplicas`. */
export function receiveWorkload(workload: SyncedWorkload): void {
  const item = workload as SyncedWorkload & { [RECEIVED]?: boolean };
  if (item[RECEIVED]) return;
  item[RECEIVED] = true;
  Object.defineProperty(item, "availableReplicas", {
    get: () => workload.readyReplicas - workload.readyNotAvailable,
    enumerable: true,
    configurable: true,
  });
}
