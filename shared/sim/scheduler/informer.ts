import type { Engine } from "../engine/Engine.ts";
import type { Labels } from "../model/meta.ts";
import type { Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import { enqueuePod, forgetPod, onClusterChange } from "./bot.ts";

/**
 * kube-scheduler's informers (pkg/scheduler/eventhandlers.go): pods and nodes keep its cache (the
 * snapshot) current; an unscheduled pod joins the scheduling queue and leaves it once bound; a change
 * that may let a parked pod fit (a node added or made more welcoming, an assigned pod gone or finished)
 * moves the unschedulable pods back for another attempt, as the QueueingHints of its plugins decide:
 * a cordoned node, an added taint or new images help no pod, so they wake nobody.
 */
interface SchedulingProperties {
  unschedulable: boolean;
  labels: Labels;
  /** "key=value:effect" of each taint. */
  taints: string[];
  allocatable: { cpu: number; memory: number; pods: number };
}

function propertiesOf(node: Node): SchedulingProperties {
  return {
    unschedulable: node.spec.unschedulable,
    labels: { ...node.metadata.labels },
    taints: node.spec.taints.map((t) => `${t.key}=${t.value ?? ""}:${t.effect}`),
    allocatable: { ...node.status.allocatable },
  };
}

function sameLabels(a: Labels, b: Labels): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.hasOwn(b, key) || a[key] !== b[key]) return false;
  return true;
}

/** Could this node update let a pod that did not fit before fit now? */
function mayMakeSchedulable(before: SchedulingProperties, after: SchedulingProperties): boolean {
  if (before.unschedulable && !after.unschedulable) return true;
  if (!sameLabels(before.labels, after.labels)) return true;
  if (before.taints.some((t) => !after.taints.includes(t))) return true;
  const a = before.allocatable;
  const b = after.allocatable;
  return b.cpu > a.cpu || b.memory > a.memory || b.pods > a.pods;
}

/**
 * Pods whose rejection a newly placed pod may lift: required pod affinity (the pod it wants arrived)
 * or DoNotSchedule spread (another domain's count rose). Others wait for a pod to leave, as
 * InterPodAffinity's and PodTopologySpread's QueueingHints decide.
 */
function waitsForPods(pod: Pod): boolean {
  if ((pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0)
    return true;
  return pod.spec.topologySpreadConstraints?.some((c) => c.whenUnsatisfiable === "DoNotSchedule") ?? false;
}

function isTerminal(pod: Pod): boolean {
  return pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
}

export function watchForScheduler(engine: Engine): void {
  const snapshot = engine.snapshot;
  const nodes = new Map<string, SchedulingProperties>();
  for (const node of Object.values(engine.state.nodes)) nodes.set(node.metadata.name, propertiesOf(node));
  // Derived from the state, so a restored engine rebuilds it.
  const waiting = new Set<string>();
  for (const [key, pod] of Object.entries(engine.state.pods))
    if (!pod.spec.nodeName && waitsForPods(pod)) waiting.add(key);

  engine.watch("Node", ({ type, key, object: node }) => {
    if (type === "DELETED") {
      nodes.delete(key);
      snapshot.removeNode(key);
      return;
    }
    snapshot.setNode(node);
    const before = nodes.get(key);
    const after = propertiesOf(node);
    nodes.set(key, after);
    if (!before || mayMakeSchedulable(before, after)) onClusterChange(engine);
  });

  engine.watch("Pod", ({ type, key, object: pod }) => {
    const assigned = pod.spec.nodeName !== undefined && pod.spec.nodeName !== "";
    if (type === "DELETED") {
      forgetPod(engine, key);
      waiting.delete(key);
      if (snapshot.nominated.size > 0) snapshot.setNominated(pod, undefined);
      if (assigned) {
        snapshot.removePod(pod);
        onClusterChange(engine);
      }
      return;
    }
    if (!assigned) {
      if (pod.status.nominatedNodeName || snapshot.nominated.size > 0) {
        snapshot.setNominated(pod, pod.status.nominatedNodeName || undefined);
      }
      // Added, or its last scheduling gate removed: into the queue.
      if (type === "ADDED" || !engine.state.scheduler.queue[key]) {
        enqueuePod(engine, pod);
        if (type === "ADDED" && waitsForPods(pod)) waiting.add(key);
      }
      return;
    }
    // Bound: the pod leaves the queue and counts on its node until it finishes.
    if (engine.state.scheduler.queue[key]) forgetPod(engine, key);
    if (snapshot.nominated.size > 0) snapshot.setNominated(pod, undefined);
    waiting.delete(key);
    if (!isTerminal(pod)) {
      const info = snapshot.getNodeInfo(pod.spec.nodeName as string);
      const added = info !== undefined && !info.podUIDs.has(pod.metadata.uid);
      snapshot.addPod(pod);
      if (added && waiting.size > 0) onClusterChange(engine);
    } else if (snapshot.getNodeInfo(pod.spec.nodeName as string)?.podUIDs.has(pod.metadata.uid)) {
      snapshot.removePod(pod);
      onClusterChange(engine);
    }
  });

  // A claim created or bound may let a pod waiting for it through VolumeBinding's PreFilter.
  engine.watch("PersistentVolumeClaim", ({ type }) => {
    if (type !== "DELETED") onClusterChange(engine);
  });

  // A seat handed to the bot (or back): the scheduler looks at its queue at once.
  engine.watch("Seat", ({ type, key }) => {
    if (type === "MODIFIED" && key === "scheduler") engine.wake("scheduler");
  });
}
