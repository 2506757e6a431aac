import type { Engine } from "../../shared/sim/engine/Engine.ts";

/**
 * Properties that must hold of the engine after anything a player sends, checked from the outside
 * (state only, no engine internals):
 * - a pod is on at most one node: its key is indexed under one node at most, that node is its
 *   spec.nodeName, and its containers run on one live machine at most;
 * - after the kubelet's admission, the requests of the pods a node admitted (and still runs) fit its
 *   allocatable cpu, memory and pod count;
 * - every event is well-formed: increasing seq, Normal or Warning, a CamelCase reason, an object, a
 *   reporting component, a time within the simulation.
 * Returns one sentence per violation (empty when all hold).
 */
export function checkInvariants(engine: Engine): string[] {
  const problems: string[] = [];
  const state = engine.state;

  const indexedOn = new Map<string, string[]>();
  for (const node of Object.keys(state.nodes)) {
    for (const pod of engine.podsOnNode(node)) {
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      indexedOn.set(key, [...(indexedOn.get(key) ?? []), node]);
    }
  }
  for (const [key, nodes] of indexedOn) {
    if (nodes.length > 1) problems.push(`pod ${key} is on ${nodes.length} nodes: ${nodes.join(", ")}`);
    const bound = state.pods[key]?.spec.nodeName;
    if (bound !== nodes[0]) problems.push(`pod ${key} is indexed on ${nodes[0]} but bound to ${bound}`);
  }

  const runningOn = new Map<string, Set<string>>();
  for (const [node, machine] of Object.entries(state.machines)) {
    if (!machine.up) continue;
    for (const c of Object.values(machine.containers)) {
      if (c.startedAt === undefined || c.finishedAt !== undefined) continue;
      const nodes = runningOn.get(c.podUID) ?? new Set<string>();
      nodes.add(node);
      runningOn.set(c.podUID, nodes);
    }
  }
  for (const [uid, nodes] of runningOn) {
    if (nodes.size > 1) problems.push(`pod uid ${uid} runs containers on ${[...nodes].join(", ")}`);
  }

  for (const [name, node] of Object.entries(state.nodes)) {
    const admitted = state.kubelets[name]?.admitted ?? {};
    let cpu = 0;
    let memory = 0;
    let count = 0;
    for (const pod of engine.podsOnNode(name)) {
      if (!admitted[pod.metadata.uid]) continue;
      if (pod.status.phase === "Succeeded" || pod.status.phase === "Failed") continue;
      cpu += pod.requests.cpu;
      memory += pod.requests.memory;
      count++;
    }
    const a = node.status.allocatable;
    if (cpu > a.cpu) problems.push(`node ${name}: admitted cpu ${cpu}m > allocatable ${a.cpu}m`);
    if (memory > a.memory) problems.push(`node ${name}: admitted memory ${memory} > allocatable ${a.memory}`);
    if (count > a.pods) problems.push(`node ${name}: ${count} admitted pods > allocatable ${a.pods}`);
  }

  let previous = 0;
  for (const event of state.events) {
    const where = `event #${event.seq} (${event.reason})`;
    if (!Number.isInteger(event.seq) || event.seq <= previous) problems.push(`${where}: seq not increasing`);
    previous = event.seq;
    if (event.type !== "Normal" && event.type !== "Warning") problems.push(`${where}: type "${event.type}"`);
    if (typeof event.reason !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(event.reason)) {
      problems.push(`${where}: reason is not CamelCase`);
    }
    if (typeof event.message !== "string") problems.push(`${where}: message is not a string`);
    const object = event.involvedObject;
    if (
      !object ||
      typeof object.kind !== "string" ||
      !object.kind ||
      typeof object.name !== "string" ||
      !object.name
    ) {
      problems.push(`${where}: involvedObject lacks kind or name`);
    }
    if (!event.source || typeof event.source.component !== "string" || !event.source.component) {
      problems.push(`${where}: no source.component`);
    }
    if (
      !Number.isFinite(event.eventTime) ||
      event.eventTime < state.startTime ||
      event.eventTime > state.now
    ) {
      problems.push(`${where}: eventTime ${event.eventTime} outside [start, now]`);
    }
  }
  if (state.events.length > 0 && previous > state.eventSeq) problems.push("eventSeq behind the last event");
  return problems;
}
