import { writeNode, writePodStatus } from "../apiserver/apiserver.ts";
import { readyNodeConditions } from "../apiserver/objects.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { KubeletState } from "../model/kubelet.ts";
import type { MachineState } from "../model/machine.ts";
import type { Node } from "../model/node.ts";
import { allContainers } from "../model/podcontainers.ts";
import { kubeletSeat } from "../model/seat.ts";
import { reportNodeImages } from "../runtime/puller.ts";
import { containerStatus, defaultWaitingReason } from "./status.ts";

/**
 * The kubelet coming and going with its machine: its memory (lost when the machine fails, as a process
 * restart would lose it), its seat, its Lease in kube-node-lease and the heartbeat that renews it, and
 * forgetting a pod the API no longer has.
 */
export const LEASE_DURATION_SECONDS = 40;
export const LEASE_RENEW_INTERVAL_MS = 10_000;
const LEASE_NAMESPACE = "kube-node-lease";

function freshKubelet(now: number): KubeletState {
  return {
    admitted: {},
    pullBackoff: {},
    crashBackoff: {},
    pulled: {},
    announced: {},
    probes: {},
    mounts: {},
    nextLeaseRenewal: now,
  };
}

/**
 * The kubelet starts on a machine that has booted (world/machines.ts): fresh memory, its seat, the
 * node's Lease in kube-node-lease, the images already on disk reported in node.status.images.
 */
export function startKubelet(engine: Engine, node: Node): void {
  const state = engine.state;
  const name = node.metadata.name;
  const machine = state.machines[name] as MachineState;
  state.kubelets[name] = freshKubelet(engine.now);
  engine.changed("Kubelet", name, "ADDED");
  const seat = kubeletSeat(name);
  if (!state.seats[seat]) {
    state.seats[seat] = { driver: "bot" };
    engine.changed("Seat", seat, "ADDED");
  }
  const leaseKey = `${LEASE_NAMESPACE}/${name}`;
  state.leases[leaseKey] = {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      name,
      namespace: LEASE_NAMESPACE,
      uid: engine.uid(),
      labels: {},
      annotations: {},
      creationTimestamp: engine.now,
      resourceVersion: 0,
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name, uid: node.metadata.uid }],
    },
    spec: {
      holderIdentity: name,
      leaseDurationSeconds: LEASE_DURATION_SECONDS,
      acquireTime: engine.now,
      renewTime: engine.now,
      leaseTransitions: 0,
    },
  };
  engine.written("Lease", leaseKey, state.leases[leaseKey]);
  if (Object.keys(machine.images).length > 0) reportNodeImages(engine, node, machine);
  for (const [reason, message] of [
    ["Starting", "Starting kubelet."],
    ["NodeAllocatableEnforced", "Updated Node Allocatable limit across pods"],
    ["RegisteredNode", `Node ${name} event: Registered Node ${name} in Controller`],
    ["NodeReady", `Node ${name} status is now: NodeReady`],
  ] as const) {
    engine.emit({
      type: "Normal",
      reason,
      message,
      involvedObject: { kind: "Node", name, uid: node.metadata.uid },
      source:
        reason === "RegisteredNode" ? { component: "node-controller" } : { component: "kubelet", host: name },
    });
  }
  engine.wake(`node:${name}`);
}

/** The node is gone: its kubelet's memory, seat and Lease go with it. */
export function stopKubelet(engine: Engine, name: string): void {
  const state = engine.state;
  if (state.kubelets[name]) {
    delete state.kubelets[name];
    engine.changed("Kubelet", name, "DELETED");
  }
  const leaseKey = `${LEASE_NAMESPACE}/${name}`;
  const lease = state.leases[leaseKey];
  if (lease) {
    engine.deleted("Lease", leaseKey, lease);
    delete state.leases[leaseKey];
  }
  const seat = kubeletSeat(name);
  if (state.seats[seat]) {
    delete state.seats[seat];
    engine.changed("Seat", seat, "DELETED");
  }
}

/**
 * The machine booted again (world/machines.ts): a fresh kubelet reports every container it had as
 * gone, re-admits its pods and restarts their containers.
 */
export function restartKubelet(engine: Engine, node: Node): void {
  const name = node.metadata.name;
  engine.state.kubelets[name] = freshKubelet(engine.now);
  engine.changed("Kubelet", name);
  for (const pod of engine.podsOnNode(name)) {
    if (pod.status.phase === "Succeeded" || pod.status.phase === "Failed") continue;
    for (const container of allContainers(pod.spec)) {
      const status = containerStatus(pod, container.name);
      if ("running" in status.state) {
        status.lastState = {
          terminated: {
            exitCode: 255,
            reason: "Unknown",
            startedAt: status.state.running.startedAt,
            finishedAt: engine.now,
            ...(status.containerID ? { containerID: status.containerID } : {}),
          },
        };
        status.restartCount++;
      }
      status.state = { waiting: { reason: defaultWaitingReason(pod) } };
      status.ready = false;
      status.started = false;
    }
    delete pod.status.podIP;
    writePodStatus(engine, pod);
  }
  node.status.conditions = readyNodeConditions(engine.now);
  writeNode(engine, node);
  for (const [type, reason, message] of [
    ["Normal", "Starting", "Starting kubelet."],
    ["Warning", "Rebooted", `Node ${name} has been rebooted, boot id: ${engine.uid()}`],
    ["Normal", "NodeReady", `Node ${name} status is now: NodeReady`],
  ] as const) {
    engine.emit({
      type,
      reason,
      message,
      involvedObject: { kind: "Node", name, uid: node.metadata.uid },
      source: { component: "kubelet", host: name },
    });
  }
  engine.wake(`node:${name}`);
}

/** The kubelet's heartbeat: renew the node's Lease. Fails when the node cannot reach the API server. */
export function renewLease(engine: Engine, name: string): CommandResult {
  const lease = engine.state.leases[`${LEASE_NAMESPACE}/${name}`];
  const machine = engine.state.machines[name];
  if (!lease || !machine) return { ok: false, code: "NotFound", message: `leases "${name}" not found` };
  if (!machine.up) return { ok: false, code: "Unavailable", message: `node ${name} is down` };
  if (!machine.networkUp) {
    return {
      ok: false,
      code: "Unavailable",
      message: `failed to update lease: Put "https://10.96.0.1:443/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}": dial tcp 10.96.0.1:443: i/o timeout`,
    };
  }
  lease.spec.renewTime = engine.now;
  engine.written("Lease", `${LEASE_NAMESPACE}/${name}`, lease);
  return { ok: true, message: `lease/${name} renewed` };
}

/** The kubelet hears that a pod is gone from the API: it forgets it and frees what the runtime held. */
export function forgetPodOnNode(engine: Engine, nodeName: string, uid: string): void {
  const kubelet = engine.state.kubelets[nodeName];
  const machine = engine.state.machines[nodeName];
  if (machine) {
    delete machine.sandboxes[uid];
    for (const key of Object.keys(machine.containers))
      if (key.startsWith(`${uid}/`)) delete machine.containers[key];
    machine.pulls = machine.pulls.filter((p, i) => i === 0 || p.podUID !== uid);
    engine.podChanged("Machine", nodeName, uid);
  }
  if (!kubelet) return;
  engine.podChanged("Kubelet", nodeName, uid);
  delete kubelet.admitted[uid];
  for (const table of [
    kubelet.pullBackoff,
    kubelet.crashBackoff,
    kubelet.pulled,
    kubelet.announced,
    kubelet.probes ?? {},
    kubelet.mounts ?? {},
  ]) {
    for (const key of Object.keys(table)) if (key.startsWith(uid)) delete table[key];
  }
}
