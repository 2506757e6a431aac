import { writeNode, writePodStatus } from "../apiserver/apiserver.ts";
import { readyNodeConditions } from "../apiserver/objects.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { KubeletState } from "../model/kubelet.ts";
import type { MachineState } from "../model/machine.ts";
import type { ContainerImage, Node } from "../model/node.ts";
import { nodeSeats } from "../model/seat.ts";
import { newProxy } from "../proxy/kubeproxy.ts";
import { parseImageReference } from "../registry/imageref.ts";
import { reportNodeImages } from "../runtime/puller.ts";
import { containerStatus } from "./status.ts";

/**
 * A node's agents coming and going: the machine (container runtime and disk), the kubelet's memory,
 * its Lease in kube-node-lease, and the two seats (kubelet, kube-proxy) that play it.
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
    nextLeaseRenewal: now,
  };
}

export function startNodeAgents(engine: Engine, node: Node, preloaded: ContainerImage[]): void {
  const state = engine.state;
  const name = node.metadata.name;
  const machine: MachineState = {
    up: true,
    networkUp: true,
    layers: {},
    images: {},
    pulls: [],
    sandboxes: {},
    containers: {},
    previous: {},
    nextPodIP: 2,
    nextContainerSeq: 1,
    nextPullId: 1,
  };
  for (const image of preloaded) {
    for (const imageName of image.names) {
      const parsed = parseImageReference(imageName);
      const manifest = parsed.ok ? state.images[parsed.ref.normalized] : undefined;
      if (!parsed.ok || !manifest) continue;
      for (const layer of manifest.layers) machine.layers[layer] = true;
      machine.images[parsed.ref.normalized] = manifest.digest;
    }
  }
  state.machines[name] = machine;
  state.kubelets[name] = freshKubelet(engine.now);
  const mode = node.metadata.annotations["kubeclass.dev/proxy-mode"] === "ipvs" ? "ipvs" : "iptables";
  state.proxies[name] = { ...newProxy(mode), syncDueAt: engine.now };
  for (const seat of nodeSeats(name)) state.seats[seat] ??= { driver: "bot" };
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
  engine.written("Lease", leaseKey, state.leases[leaseKey].metadata);
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

export function stopNodeAgents(engine: Engine, name: string): void {
  const state = engine.state;
  delete state.machines[name];
  delete state.kubelets[name];
  delete state.proxies[name];
  delete state.leases[`${LEASE_NAMESPACE}/${name}`];
  engine.deleted("Lease", `${LEASE_NAMESPACE}/${name}`);
  for (const seat of nodeSeats(name)) delete state.seats[seat];
}

/** The machine dies: its processes and memory are gone; its disk (images) survives; the API goes stale. */
export function failMachine(engine: Engine, name: string): CommandResult {
  const machine = engine.state.machines[name];
  if (!machine) return { ok: false, code: "NotFound", message: `nodes "${name}" not found` };
  if (!machine.up) return { ok: true, message: `node/${name} is already down` };
  machine.up = false;
  machine.pulls = [];
  machine.containers = {};
  machine.previous = {};
  machine.sandboxes = {};
  return { ok: true, message: `node/${name} failed` };
}

/** The machine boots again: a fresh kubelet re-admits its pods and restarts their containers. */
export function recoverMachine(engine: Engine, name: string): CommandResult {
  const machine = engine.state.machines[name];
  const node = engine.state.nodes[name];
  if (!machine || !node) return { ok: false, code: "NotFound", message: `nodes "${name}" not found` };
  if (machine.up) return { ok: true, message: `node/${name} is already up` };
  machine.up = true;
  engine.state.kubelets[name] = freshKubelet(engine.now);
  for (const pod of engine.podsOnNode(name)) {
    if (pod.status.phase === "Succeeded" || pod.status.phase === "Failed") continue;
    for (const container of pod.spec.containers) {
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
      status.state = { waiting: { reason: "ContainerCreating" } };
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
  return { ok: true, message: `node/${name} recovered` };
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
  engine.written("Lease", `${LEASE_NAMESPACE}/${name}`, lease.metadata);
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
  }
  if (!kubelet) return;
  delete kubelet.admitted[uid];
  for (const table of [kubelet.pullBackoff, kubelet.crashBackoff, kubelet.pulled, kubelet.announced]) {
    for (const key of Object.keys(table)) if (key.startsWith(uid)) delete table[key];
  }
}

/** The node's network is cut (or restored): it keeps running but cannot reach the API server or registries. */
export function setNetwork(engine: Engine, name: string, up: boolean): CommandResult {
  const machine = engine.state.machines[name];
  if (!machine) return { ok: false, code: "NotFound", message: `nodes "${name}" not found` };
  if (machine.networkUp === up)
    return { ok: true, message: `node/${name} network already ${up ? "up" : "cut"}` };
  machine.networkUp = up;
  engine.emit({
    type: up ? "Normal" : "Warning",
    reason: up ? "NetworkRestored" : "NetworkPartition",
    message: up
      ? `Node ${name} can reach the API server again`
      : `Node ${name} is cut off from the network: its pods keep running`,
    involvedObject: { kind: "Node", name, uid: engine.state.nodes[name]?.metadata.uid },
    source: { component: "kubeclass" },
  });
  engine.wake(`node:${name}`);
  return { ok: true, message: `node/${name} network ${up ? "restored" : "cut"}` };
}
