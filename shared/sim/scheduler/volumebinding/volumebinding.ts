import type { Pod } from "../../model/pod.ts";
import type { ClusterState } from "../../model/state.ts";
import { fitErrorMessage } from "../scheduleone.ts";

/**
 * The VolumeBinding plugin's PreFilter (pkg/scheduler/framework/plugins/volumebinding): a pod whose
 * claim does not exist, is being deleted, or is unbound with Immediate binding (no class, or an
 * Immediate class whose volume is not there yet) is UnschedulableAndUnresolvable before any node is
 * looked at. A WaitForFirstConsumer claim does not stop scheduling: the pod's node chooses where the
 * volume is provisioned. (Node affinity of bound volumes is not simulated: volumes follow the pod.)
 */
export const NAME = "VolumeBinding";
export const UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";

export function volumeBindingPreFilter(state: ClusterState, pod: Pod): string | undefined {
  let unboundImmediate = false;
  for (const v of pod.spec.volumes ?? []) {
    const name = v.persistentVolumeClaim?.claimName;
    if (name === undefined) continue;
    const claim = state.persistentvolumeclaims[`${pod.metadata.namespace}/${name}`];
    if (!claim) return `persistentvolumeclaim "${name}" not found`;
    if (claim.metadata.deletionTimestamp !== undefined)
      return `persistentvolumeclaim "${name}" is being deleted`;
    if (claim.status.phase === "Bound") continue;
    const className = claim.spec.storageClassName;
    const storageClass = className ? state.storageclasses[className] : undefined;
    if (storageClass?.volumeBindingMode !== "WaitForFirstConsumer") unboundImmediate = true;
  }
  return unboundImmediate ? UNBOUND_IMMEDIATE : undefined;
}

/**
 * FitError for a PreFilter rejection, with DefaultPreemption's PostFilter sentence: a rejection no
 * node can resolve makes preemption pointless on every node.
 */
export function preFilterFitError(numAllNodes: number, message: string): string {
  const fit = fitErrorMessage(numAllNodes, {}, message);
  return `${fit} preemption: 0/${numAllNodes} nodes are available: ${numAllNodes} Preemption is not helpful for scheduling.`;
}
