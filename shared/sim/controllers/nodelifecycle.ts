import { evictPod, writeNode, writePodStatus } from "../apiserver/apiserver.ts";
import { recordAudit } from "../apiserver/audit.ts";
import type { Engine } from "../engine/Engine.ts";
import type { NodeConditionType, Taint } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import { kubeletSeat } from "../model/seat.ts";
import { tolerationsTolerateTaint } from "../scheduler/tainttoleration/tainttoleration.ts";

/**
 * The node lifecycle controller (pkg/controller/nodelifecycle) and the taint eviction controller:
 * every 5 s it looks at each node's Lease; a node whose Lease has not been renewed for the grace period
 * (40 s) goes Ready=Unknown and gets the unreachable taints (NoExecute at a rate of 0.1 node/s, none in
 * a full disruption); pods are evicted when their toleration of that taint runs out (300 s by default).
 */
export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_MS = 40_000;
export const EVICTION_INTERVAL_MS = 10_000;
export const UNREACHABLE = "node.kubernetes.io/unreachable";
const NODE_SOURCE = { component: "node-controller" };
const CONDITIONS: NodeConditionType[] = ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"];

export function monitorNodes(engine: Engine): void {
  const state = engine.state;
  const memory = state.controllers;
  const now = engine.now;
  if (now < memory.nextNodeMonitorAt) return;
  memory.nextNodeMonitorAt = now + NODE_MONITOR_PERIOD_MS;
  engine.wake("controllers", memory.nextNodeMonitorAt);
  const names = Object.keys(state.nodes).sort();
  let notReady = 0;
  for (const name of names) {
    const node = state.nodes[name];
    if (!node) continue;
    const lease = state.leases[`kube-node-lease/${name}`];
    const renewTime = lease?.spec.renewTime ?? node.metadata.creationTimestamp;
    let health = memory.nodeHealth[name];
    if (!health || health.renewTime !== renewTime) {
      health = { probeTimestamp: now, renewTime };
      memory.nodeHealth[name] = health;
    }
    const ready = node.status.conditions.find((c) => c.type === "Ready");
    if (now - health.probeTimestamp > NODE_MONITOR_GRACE_MS) {
      notReady++;
      if (ready?.status !== "Unknown") markUnknown(engine, name);
    } else if (ready?.status === "Unknown" || node.spec.taints.some((t) => t.key === UNREACHABLE)) {
      markReady(engine, name);
    }
  }
  for (const name of Object.keys(memory.nodeHealth)) if (!state.nodes[name]) delete memory.nodeHealth[name];
  // Full disruption (every node unreachable): the controller assumes its own network is the problem
  // and stops tainting for eviction.
  const fullDisruption = names.length > 0 && notReady === names.length;
  memory.taintQueue = memory.taintQueue.filter((n) =>
    state.nodes[n]?.status.conditions.some((c) => c.type === "Ready" && c.status === "Unknown"),
  );
  if (
    !fullDisruption &&
    memory.taintQueue.length > 0 &&
    (memory.lastTaintAt === undefined || now - memory.lastTaintAt >= EVICTION_INTERVAL_MS)
  ) {
    const name = memory.taintQueue.shift() as string;
    addTaint(engine, name, { key: UNREACHABLE, effect: "NoExecute", timeAdded: now });
    memory.lastTaintAt = now;
  }
}

function addTaint(engine: Engine, name: string, taint: Taint): void {
  const node = engine.state.nodes[name];
  if (!node || node.spec.taints.some((t) => t.key === taint.key && t.effect === taint.effect)) return;
  node.spec.taints.push(taint);
  writeNode(engine, node);
}

function markUnknown(engine: Engine, name: string): void {
  const node = engine.state.nodes[name];
  if (!node) return;
  const now = engine.now;
  for (const type of CONDITIONS) {
    const c = node.status.conditions.find((x) => x.type === type);
    if (!c) continue;
    c.status = "Unknown";
    c.reason = "NodeStatusUnknown";
    c.message = "Kubelet stopped posting node status.";
    c.lastTransitionTime = now;
  }
  writeNode(engine, node);
  addTaint(engine, name, { key: UNREACHABLE, effect: "NoSchedule", timeAdded: now });
  engine.state.controllers.taintQueue.push(name);
  engine.emit({
    type: "Normal",
    reason: "NodeNotReady",
    message: `Node ${name} status is now: NodeNotReady`,
    involvedObject: { kind: "Node", name, uid: node.metadata.uid },
    source: NODE_SOURCE,
  });
  for (const pod of engine.podsOnNode(name)) markPodNotReady(engine, pod);
  // The kubelet answers for a lost node only when the heartbeat was its job and its machine and
  // network were fine: not for the teacher's fault, and not when the kubelet renews the Lease itself.
  const machine = engine.state.machines[name];
  const seat = engine.state.seats[kubeletSeat(name)];
  const human = seat?.driver === "human";
  if (machine?.up && machine.networkUp && (!human || engine.state.manualHeartbeats)) {
    engine.judge({
      seat: kubeletSeat(name),
      kind: "node-lost",
      subject: name,
      value: 1,
      detail: "the node went NotReady: no heartbeat for 40 s",
    });
  }
}

/** MarkPodsNotReady: the kubelet cannot say, so the controller does: Ready=False. */
function markPodNotReady(engine: Engine, pod: Pod): void {
  if (pod.status.phase === "Succeeded" || pod.status.phase === "Failed") return;
  const ready = pod.status.conditions.find((c) => c.type === "Ready");
  if (ready && ready.status !== "False") {
    ready.status = "False";
    ready.reason = undefined;
    ready.message = undefined;
    ready.lastTransitionTime = engine.now;
    for (const s of pod.status.containerStatuses) s.ready = false;
    writePodStatus(engine, pod);
  }
  engine.emit({
    type: "Warning",
    reason: "NodeNotReady",
    message: "Node is not ready",
    involvedObject: {
      kind: "Pod",
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      uid: pod.metadata.uid,
    },
    source: NODE_SOURCE,
  });
}

/** The kubelet posts status again: Ready, and the controller lifts the unreachable taints. */
function markReady(engine: Engine, name: string): void {
  const node = engine.state.nodes[name];
  if (!node) return;
  const now = engine.now;
  const healthy: Record<string, [string, string, string]> = {
    MemoryPressure: ["False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
    DiskPressure: ["False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
    PIDPressure: ["False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
    Ready: ["True", "KubeletReady", "kubelet is posting ready status"],
  };
  const wasUnknown = node.status.conditions.some((c) => c.type === "Ready" && c.status === "Unknown");
  for (const c of node.status.conditions) {
    const next = healthy[c.type];
    if (!next || !wasUnknown) continue;
    c.status = next[0] as "True" | "False";
    c.reason = next[1];
    c.message = next[2];
    c.lastTransitionTime = now;
    c.lastHeartbeatTime = now;
  }
  node.spec.taints = node.spec.taints.filter((t) => t.key !== UNREACHABLE);
  writeNode(engine, node);
  engine.state.controllers.taintQueue = engine.state.controllers.taintQueue.filter((n) => n !== name);
  if (!wasUnknown) return;
  engine.emit({
    type: "Normal",
    reason: "NodeReady",
    message: `Node ${name} status is now: NodeReady`,
    involvedObject: { kind: "Node", name, uid: node.metadata.uid },
    source: { component: "kubelet", host: name },
  });
}

/** When a pod on a NoExecute-tainted node must go: now, or when its tolerationSeconds run out. */
export function evictionTime(pod: Pod, taints: Taint[]): number | undefined {
  let at: number | undefined;
  for (const taint of taints) {
    if (taint.effect !== "NoExecute") continue;
    const added = taint.timeAdded ?? 0;
    const tolerations = pod.spec.tolerations.filter((t) => tolerationsTolerateTaint([t], taint));
    if (tolerations.length === 0) return added;
    if (tolerations.some((t) => t.tolerationSeconds === undefined)) continue;
    const seconds = Math.min(...tolerations.map((t) => Math.max(0, t.tolerationSeconds ?? 0)));
    at = at === undefined ? added + seconds * 1000 : Math.min(at, added + seconds * 1000);
  }
  return at;
}

/**
 * The taint eviction controller: deletes pods whose toleration of a NoExecute taint has run out.
 * Returns when it next has something to do.
 */
export function evictTaintedPods(engine: Engine): number | undefined {
  let next: number | undefined;
  for (const node of Object.values(engine.state.nodes)) {
    if (!node.spec.taints.some((t) => t.effect === "NoExecute")) continue;
    for (const pod of engine.podsOnNode(node.metadata.name)) {
      if (pod.metadata.deletionTimestamp !== undefined) continue;
      const at = evictionTime(pod, node.spec.taints);
      if (at === undefined) continue;
      if (at > engine.now) {
        next = next === undefined ? at : Math.min(next, at);
        continue;
      }
      evictPod(engine, pod, "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint");
      const request = {
        verb: "delete",
        resource: "pods",
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
      } as const;
      recordAudit(engine, "controller-manager", request, { ok: true });
      engine.emit({
        type: "Normal",
        reason: "TaintManagerEviction",
        message: `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`,
        involvedObject: {
          kind: "Pod",
          name: pod.metadata.name,
          namespace: pod.metadata.namespace,
          uid: pod.metadata.uid,
        },
        source: { component: "taint-eviction-controller" },
      });
    }
  }
  return next;
}
