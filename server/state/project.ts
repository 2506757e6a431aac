import type { MapSchema } from "@colyseus/schema";
import { podStatusReason } from "../../shared/kubectl/printers.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { type ContainerStep, containerStep } from "../../shared/sim/kubelet/step.ts";
import type { ClusterEvent } from "../../shared/sim/model/event.ts";
import type { ImagePull, MachineState, RuntimeContainer } from "../../shared/sim/model/machine.ts";
import type { Node, Taint } from "../../shared/sim/model/node.ts";
import type { Pod } from "../../shared/sim/model/pod.ts";
import type { Endpoints, Service } from "../../shared/sim/model/service.ts";
import type { Deployment, ReplicaSet } from "../../shared/sim/model/workload.ts";
import {
  ContainerStatusState,
  type EventState,
  KubeletStepState,
  LayerState,
  type NodeState,
  type PodState,
  PullState,
  RuntimeContainerState,
  type RuntimeState,
  type ServiceState,
  TemplateContainerState,
  type WorkloadState,
} from "./cluster.ts";
import { syncSchemaMap, syncStringArray, syncStringMap, syncStringSet } from "./sync.ts";

/** Engine objects -> synced fields. Each function writes every field, relying on no-op same-value sets. */

export function taintText(taint: Taint): string {
  return `${taint.key}${taint.value ? `=${taint.value}` : ""}:${taint.effect}`;
}

export function projectNode(target: NodeState, node: Node): void {
  const ready = node.status.conditions.find((c) => c.type === "Ready")?.status;
  target.name = node.metadata.name;
  target.ready = ready === "True" ? "Ready" : ready === "False" ? "NotReady" : "Unknown";
  target.unschedulable = node.spec.unschedulable;
  syncStringArray(target.taints, node.spec.taints.map(taintText));
  syncStringMap(target.labels, node.metadata.labels);
  target.cpu = node.status.allocatable.cpu;
  target.memory = node.status.allocatable.memory;
  target.maxPods = node.status.allocatable.pods;
  target.internalIP = node.status.addresses.find((a) => a.type === "InternalIP")?.address ?? "";
  target.provider = node.machine?.provider ?? "";
  target.instanceType = node.machine?.instanceType ?? "";
  target.region = node.machine?.region ?? "";
  target.runtime = node.machine?.runtime ?? "";
}

/** Requests of the pods bound to a node that still hold resources (not Succeeded or Failed). */
export function projectAllocation(target: NodeState, pods: readonly Pod[]): void {
  let cpu = 0;
  let memory = 0;
  let count = 0;
  for (const pod of pods) {
    if (pod.status.phase === "Succeeded" || pod.status.phase === "Failed") continue;
    cpu += pod.requests.cpu;
    memory += pod.requests.memory;
    count++;
  }
  target.requestedCpu = cpu;
  target.requestedMemory = memory;
  target.pods = count;
}

function containerState(state: Pod["status"]["containerStatuses"][number]["state"]): [string, string] {
  if ("running" in state) return ["running", ""];
  if ("terminated" in state) return ["terminated", state.terminated.reason ?? ""];
  return ["waiting", state.waiting.reason ?? ""];
}

export function projectPod(target: PodState, key: string, pod: Pod): void {
  const statuses = pod.status.containerStatuses;
  target.key = key;
  target.name = pod.metadata.name;
  target.namespace = pod.metadata.namespace;
  target.uid = pod.metadata.uid;
  target.phase = pod.status.phase;
  target.status = podStatusReason(pod);
  target.node = pod.spec.nodeName ?? "";
  target.nominatedNode = pod.status.nominatedNodeName ?? "";
  const unscheduled = pod.status.conditions.find((c) => c.type === "PodScheduled" && c.status === "False");
  target.message = pod.status.message ?? unscheduled?.message ?? "";
  target.readyContainers = statuses.filter((s) => s.ready).length;
  target.totalContainers = pod.spec.containers.length;
  target.restarts = statuses.reduce((sum, s) => sum + s.restartCount, 0);
  target.ip = pod.status.podIP ?? "";
  target.cpu = pod.requests.cpu;
  target.memory = pod.requests.memory;
  target.created = pod.metadata.creationTimestamp;
  target.deleting = pod.metadata.deletionTimestamp !== undefined;
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  target.owner = owner ? `${owner.kind}/${owner.name}` : "";
  syncStringMap(target.labels, pod.metadata.labels);
  const containers = target.containers;
  while (containers.length > pod.spec.containers.length) containers.pop();
  pod.spec.containers.forEach((spec, i) => {
    let item = containers.at(i);
    if (!item) {
      item = new ContainerStatusState();
      containers.push(item);
    }
    const status = statuses.find((s) => s.name === spec.name);
    const [state, reason] = status ? containerState(status.state) : ["waiting", "ContainerCreating"];
    item.name = spec.name;
    item.image = spec.image;
    item.state = state;
    item.reason = reason;
    item.ready = status?.ready ?? false;
    item.restarts = status?.restartCount ?? 0;
  });
}

function projectPull(target: PullState, pull: ImagePull): void {
  target.id = pull.id;
  target.image = pull.image;
  target.ref = pull.ref;
  target.pod = pull.podKey;
  target.container = pull.container;
  target.registry = pull.registry ?? "";
  target.enqueuedAt = pull.enqueuedAt;
  target.startedAt = pull.startedAt ?? 0;
  target.downloadStartAt = pull.downloadStartAt ?? 0;
  target.bandwidth = pull.bandwidth ?? 0;
  target.doneAt = pull.doneAt ?? 0;
  target.error = pull.error ?? "";
  const layers = pull.layers ?? [];
  if (target.layers.length !== layers.length) {
    target.layers.clear();
    for (const layer of layers) {
      const item = new LayerState();
      item.digest = layer.digest;
      item.size = layer.size;
      item.cached = layer.cached;
      target.layers.push(item);
    }
  }
}

function containerPhase(c: RuntimeContainer): string {
  if (c.finishedAt !== undefined) return "exited";
  if (c.startedAt !== undefined) return "running";
  return "created";
}

function projectContainer(target: RuntimeContainerState, c: RuntimeContainer): void {
  target.id = c.id;
  target.pod = c.podKey;
  target.name = c.name;
  target.image = c.image;
  target.state = containerPhase(c);
  target.startedAt = c.startedAt ?? 0;
  target.finishedAt = c.finishedAt ?? 0;
  target.exitCode = c.exitCode ?? 0;
  target.reason = c.reason ?? "";
}

export function projectMachine(target: RuntimeState, machine: MachineState | undefined): void {
  target.up = machine?.up ?? false;
  target.networkUp = machine?.networkUp ?? false;
  syncSchemaMap(
    target.pulls,
    new Map((machine?.pulls ?? []).map((p) => [String(p.id), p])),
    () => new PullState(),
    projectPull,
  );
  syncSchemaMap(
    target.containers,
    new Map(Object.entries(machine?.containers ?? {})),
    () => new RuntimeContainerState(),
    projectContainer,
  );
  syncStringArray(target.images, Object.keys(machine?.images ?? {}).sort());
}

interface StepSource {
  pod: string;
  container: string;
  step: ContainerStep;
}

function projectStep(target: KubeletStepState, source: StepSource, key: string): void {
  const step = source.step;
  target.key = key;
  target.pod = source.pod;
  target.container = source.container;
  target.step = step.step;
  target.reason = step.step === "wait" ? step.reason : step.step === "none" ? step.why : "";
  target.message = step.step === "wait" ? step.message : step.step === "none" ? "" : step.ref;
  target.until = step.step === "wait" ? (step.until ?? 0) : 0;
}

/**
 * The kubelet's next step for every container of the pods bound to the node (shared/sim/kubelet/step.ts):
 * what its bot would do, and what a player on the seat may do. None while the machine is down.
 */
export function projectSteps(target: MapSchema<KubeletStepState>, engine: Engine, node: string): void {
  const machine = engine.state.machines[node];
  const kubelet = engine.state.kubelets[node];
  const wanted = new Map<string, StepSource>();
  if (machine?.up && kubelet) {
    for (const pod of engine.podsOnNode(node)) {
      const podKey = `${pod.metadata.namespace}/${pod.metadata.name}`;
      for (const container of pod.spec.containers) {
        wanted.set(`${podKey}/${container.name}`, {
          pod: podKey,
          container: container.name,
          step: containerStep(engine, machine, kubelet, pod, container),
        });
      }
    }
  }
  syncSchemaMap(target, wanted, () => new KubeletStepState(), projectStep);
}

/**
 * `currentReplicaSet`: for a Deployment, the ReplicaSet running its current template ("" when none; see
 * ReplicaSetIndex), unused for a ReplicaSet.
 */
export function projectWorkload(
  target: WorkloadState,
  key: string,
  object: Deployment | ReplicaSet,
  currentReplicaSet = "",
): void {
  target.kind = object.kind;
  target.key = key;
  target.name = object.metadata.name;
  target.namespace = object.metadata.namespace;
  target.replicas = object.spec.replicas;
  target.readyReplicas = object.status?.readyReplicas ?? 0;
  target.availableReplicas = object.status?.availableReplicas ?? 0;
  target.updatedReplicas = object.kind === "Deployment" ? (object.status?.updatedReplicas ?? 0) : 0;
  const owner = object.metadata.ownerReferences?.find((o) => o.controller);
  target.owner = owner ? `${owner.kind}/${owner.name}` : "";
  target.currentReplicaSet = object.kind === "Deployment" ? currentReplicaSet : "";
  const containers = target.containers;
  const specs = object.spec.template.spec.containers;
  while (containers.length > specs.length) containers.pop();
  specs.forEach((spec, i) => {
    let item = containers.at(i);
    if (!item) {
      item = new TemplateContainerState();
      containers.push(item);
    }
    item.name = spec.name;
    item.image = spec.image;
  });
}

export function projectService(
  target: ServiceState,
  key: string,
  service: Service,
  endpoints?: Endpoints,
): void {
  target.key = key;
  target.name = service.metadata.name;
  target.namespace = service.metadata.namespace;
  target.type = service.spec.type;
  target.clusterIP = service.spec.clusterIP;
  const subsets = endpoints?.subsets ?? [];
  const ready = new Set(subsets.flatMap((s) => s.addresses.map((a) => a.ip)));
  target.endpoints = ready.size;
  syncStringSet(target.addresses, ready);
  syncStringSet(
    target.notReadyAddresses,
    subsets.flatMap((s) => s.notReadyAddresses.map((a) => a.ip)),
  );
}

export function projectEvent(target: EventState, event: ClusterEvent): void {
  target.seq = event.seq;
  target.type = event.type;
  target.reason = event.reason;
  target.message = event.message;
  target.kind = event.involvedObject.kind;
  target.name = event.involvedObject.name;
  target.namespace = event.involvedObject.namespace ?? "";
  target.component = event.source.component;
  target.host = event.source.host ?? "";
  target.time = event.eventTime;
}
