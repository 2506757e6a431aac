import type { DaemonSet } from "../../model/daemonset.ts";
import type { Node } from "../../model/node.ts";
import type { Affinity, Pod, PodSpec, Toleration } from "../../model/pod.ts";
import {
  compileNodeAffinity,
  matchesRequired,
  OBJECT_NAME_FIELD,
} from "../../scheduler/nodeaffinity/nodeaffinity.ts";
import {
  findUntoleratedTaint,
  tolerationsTolerateTaint,
} from "../../scheduler/tainttoleration/tainttoleration.ts";

/**
 * Where a DaemonSet's pods belong (pkg/controller/daemon/util and NodeShouldRunDaemonPod): the nodes
 * its pod template's node name, nodeSelector and required node affinity admit and whose NoSchedule and
 * NoExecute taints it tolerates, counting the tolerations every daemon pod gets. The pods are placed by
 * the default scheduler, pinned to their node by a node affinity on metadata.name.
 */
const exists = (key: string, effect: Toleration["effect"]): Toleration => ({
  key,
  operator: "Exists",
  effect,
});

/** util.AddOrUpdateDaemonPodTolerations: what every daemon pod tolerates, so node problems do not evict it. */
export function daemonPodTolerations(spec: PodSpec): Toleration[] {
  const automatic = [
    exists("node.kubernetes.io/not-ready", "NoExecute"),
    exists("node.kubernetes.io/unreachable", "NoExecute"),
    exists("node.kubernetes.io/disk-pressure", "NoSchedule"),
    exists("node.kubernetes.io/memory-pressure", "NoSchedule"),
    exists("node.kubernetes.io/pid-pressure", "NoSchedule"),
    exists("node.kubernetes.io/unschedulable", "NoSchedule"),
  ];
  // hostNetwork pods also run where the network is not ready yet (the CNI's own DaemonSet).
  if ((spec as PodSpec & { hostNetwork?: boolean }).hostNetwork) {
    automatic.push(exists("node.kubernetes.io/network-unavailable", "NoSchedule"));
  }
  const out = [...spec.tolerations];
  for (const t of automatic) {
    const same = out.findIndex((o) => o.key === t.key && o.effect === t.effect);
    if (same >= 0) out[same] = t;
    else out.push(t);
  }
  return out;
}

/** util.ReplaceDaemonSetPodNodeNameNodeAffinity: the required node affinity becomes "this node". */
export function pinnedAffinity(affinity: Affinity | undefined, node: string): Affinity {
  return {
    ...affinity,
    nodeAffinity: {
      ...affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: [{ key: OBJECT_NAME_FIELD, operator: "In", values: [node] }] }],
      },
    },
  };
}

/** util.GetTargetNodeName: the node a daemon pod is bound to, or pinned to before it is bound. */
export function targetNode(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const field = terms?.[0]?.matchFields?.find((f) => f.key === OBJECT_NAME_FIELD && f.operator === "In");
  return field?.values?.[0];
}

export interface ShouldRun {
  /** A daemon pod should be created here. */
  shouldRun: boolean;
  /** A daemon pod already here may stay (it tolerates the NoExecute taints). */
  shouldContinueRunning: boolean;
}

/** NodeShouldRunDaemonPod. */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): ShouldRun {
  const spec = ds.spec.template.spec;
  if (spec.nodeName && spec.nodeName !== node.metadata.name)
    return { shouldRun: false, shouldContinueRunning: false };
  const tolerations = daemonPodTolerations(spec);
  const pod = { spec: { ...spec, tolerations } } as Pod;
  if (!matchesRequired(compileNodeAffinity(pod), node))
    return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec.taints;
  if (!findUntoleratedTaint(taints, tolerations)) return { shouldRun: true, shouldContinueRunning: true };
  const untoleratedNoExecute = taints.some(
    (t) => t.effect === "NoExecute" && !tolerationsTolerateTaint(tolerations, t),
  );
  return { shouldRun: false, shouldContinueRunning: !untoleratedNoExecute };
}
