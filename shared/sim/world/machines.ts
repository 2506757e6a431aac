import type { CommandResult } from "../commands.ts";
import { NODE_MONITOR_GRACE_MS } from "../controllers/nodelifecycle.ts";
import type { Engine } from "../engine/Engine.ts";
import { restartKubelet, startKubelet, stopKubelet } from "../kubelet/lifecycle.ts";
import type { MachineState } from "../model/machine.ts";
import type { Node } from "../model/node.ts";
import { startKubeProxy, stopKubeProxy } from "../proxy/kubeproxy.ts";
import { parseImageReference } from "../registry/imageref.ts";
import { findManifest } from "../registry/images.ts";
import { announceFault } from "./announce.ts";

/**
 * The machines behind the nodes, outside Kubernetes: a Node that appears is backed by a machine that
 * boots (its disk holding the images the Node declared) and runs the node's agents, the kubelet and
 * kube-proxy; a Node deleted takes its machine with it. The instructor's machine faults live here too:
 * a machine that fails or comes back, a network cut.
 */
export function watchForMachines(engine: Engine): void {
  engine.watch("Node", ({ type, key, object: node }) => {
    if (type === "ADDED") provisionMachine(engine, node);
    else if (type === "DELETED") decommissionMachine(engine, key);
  });
}

function provisionMachine(engine: Engine, node: Node): void {
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
  for (const imageName of node.machine.preloadedImages ?? []) {
    const parsed = parseImageReference(imageName);
    const manifest = parsed.ok ? findManifest(state, parsed.ref.normalized) : undefined;
    if (!parsed.ok || !manifest) continue;
    for (const layer of manifest.layers) machine.layers[layer] = true;
    machine.images[parsed.ref.normalized] = manifest.digest;
  }
  state.machines[name] = machine;
  engine.changed("Machine", name, "ADDED");
  startKubelet(engine, node);
  startKubeProxy(engine, node);
}

function decommissionMachine(engine: Engine, name: string): void {
  if (engine.state.machines[name]) {
    delete engine.state.machines[name];
    engine.changed("Machine", name, "DELETED");
  }
  stopKubelet(engine, name);
  stopKubeProxy(engine, name);
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
  engine.changed("Machine", name);
  announceFault(engine, {
    warning: true,
    reason: "MachineDown",
    message: `The machine behind ${name} went down: its kubelet stops renewing the node's Lease, and the node controller marks the Node NotReady after ${NODE_MONITOR_GRACE_MS / 1000}s without a renewal`,
    kind: "Node",
    name,
    uid: engine.state.nodes[name]?.metadata.uid,
  });
  return { ok: true, message: `node/${name} failed` };
}

/** The machine boots again: a fresh kubelet re-admits its pods and restarts their containers. */
export function recoverMachine(engine: Engine, name: string): CommandResult {
  const machine = engine.state.machines[name];
  const node = engine.state.nodes[name];
  if (!machine || !node) return { ok: false, code: "NotFound", message: `nodes "${name}" not found` };
  if (machine.up) return { ok: true, message: `node/${name} is already up` };
  machine.up = true;
  engine.changed("Machine", name);
  announceFault(engine, {
    warning: false,
    reason: "MachineUp",
    message: `The machine behind ${name} is back: a fresh kubelet renews the node's Lease and restarts the containers of the pods still bound to it`,
    kind: "Node",
    name,
    uid: node.metadata.uid,
  });
  restartKubelet(engine, node);
  return { ok: true, message: `node/${name} recovered` };
}

/** The node's network is cut (or restored): it keeps running but cannot reach the API server or registries. */
export function setNetwork(engine: Engine, name: string, up: boolean): CommandResult {
  const machine = engine.state.machines[name];
  if (!machine) return { ok: false, code: "NotFound", message: `nodes "${name}" not found` };
  if (machine.networkUp === up)
    return { ok: true, message: `node/${name} network already ${up ? "up" : "cut"}` };
  machine.networkUp = up;
  engine.changed("Machine", name);
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
