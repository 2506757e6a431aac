import { schema, t } from "@colyseus/schema";

/**
 * The synced projection of the cluster (see shared/protocol/state.ts for the documented shape). Only
 * what the board and the panels draw: a few scalar fields per object, updated from the engine's change
 * feed, so a patch carries the fields that changed and nothing else.
 */

/** Tag of the fields only some views receive (StateView): the machine behind a node. */
export const MACHINE_VIEW = 2;
/**
 * Tag of a workload's status counts (ready, available, up to date, a Job's active/succeeded/failed, a
 * CronJob's last time): only the controller manager's panel and the instructor show them.
 */
export const WORKLOAD_VIEW = 8;

export const LayerState = schema(
  {
    digest: t.string().default(""),
    size: t.number().default(0),
    cached: t.boolean().default(false),
  },
  "LayerState",
);

export const PullState = schema(
  {
    id: t.number().default(0),
    image: t.string().default(""),
    ref: t.string().default(""),
    pod: t.string().default(""),
    container: t.string().default(""),
    registry: t.string().default(""),
    enqueuedAt: t.number().default(0),
    startedAt: t.number().default(0),
    downloadStartAt: t.number().default(0),
    bandwidth: t.number().default(0),
    doneAt: t.number().default(0),
    error: t.string().default(""),
    layers: t.array(LayerState),
  },
  "PullState",
);

export const RuntimeContainerState = schema(
  {
    id: t.string().default(""),
    pod: t.string().default(""),
    name: t.string().default(""),
    image: t.string().default(""),
    state: t.string().default(""),
    startedAt: t.number().default(0),
    finishedAt: t.number().default(0),
    exitCode: t.number().default(0),
    reason: t.string().default(""),
  },
  "RuntimeContainerState",
);

export const ProbeState = schema(
  {
    type: t.string().default(""),
    result: t.string().default(""),
    lastResult: t.string().default(""),
    run: t.number().default(0),
    threshold: t.number().default(0),
    nextAt: t.number().default(0),
    output: t.string().default(""),
  },
  "ProbeState",
);

export const KubeletStepState = schema(
  {
    key: t.string().default(""),
    pod: t.string().default(""),
    container: t.string().default(""),
    step: t.string().default(""),
    reason: t.string().default(""),
    message: t.string().default(""),
    until: t.number().default(0),
    init: t.boolean().default(false),
    probes: t.array(ProbeState),
  },
  "KubeletStepState",
);

export const RuntimeState = schema(
  {
    up: t.boolean().default(true),
    networkUp: t.boolean().default(true),
    pulls: t.map(PullState),
    containers: t.map(RuntimeContainerState),
    images: t.set("string"),
    steps: t.map(KubeletStepState),
  },
  "RuntimeState",
);

export const NodeState = schema(
  {
    name: t.string().default(""),
    ready: t.string().default("Unknown"),
    unschedulable: t.boolean().default(false),
    taints: t.array("string"),
    labels: t.map("string"),
    cpu: t.number().default(0),
    memory: t.number().default(0),
    maxPods: t.number().default(0),
    capacityCpu: t.number().default(0),
    capacityMemory: t.number().default(0),
    images: t.set("string"),
    // no requestedCpu, requestedMemory or pods: each client sums them from the pods (nodeWire.ts)
    internalIP: t.string().default(""),
    provider: t.string().default(""),
    instanceType: t.string().default(""),
    region: t.string().default(""),
    runtime: t.string().default(""),
    leaseRenewed: t.number().default(0),
    machine: t.ref(RuntimeState).view(MACHINE_VIEW),
  },
  "NodeState",
);

/**
 * A pod and a container as shared/protocol/syncedPod.ts says (SyncedPod, SyncedContainer): no identity,
 * words as codes and dictionary indices, the first container as fields of the pod. Scalars have no
 * schema default: a new pod does not carry its zeros ("", 0, false) on the wire, writeView leaves a zero
 * unwritten on a new object, and a client reads an absent scalar as its zero.
 */
export const ContainerStatusState = schema(
  {
    nameWord: t.number(),
    imageWord: t.number(),
    stateReason: t.number(),
    reasonText: t.string(),
    message: t.string(),
    lastState: t.string(),
    ready: t.boolean(),
    restarts: t.number(),
    sidecar: t.boolean(),
  },
  "ContainerStatusState",
);

export const PodState = schema(
  {
    phaseStatus: t.number(),
    statusText: t.string(),
    nodeWord: t.number(),
    nominatedWord: t.number(),
    message: t.string(),
    ipOffset: t.number(),
    ipText: t.string(),
    cpu: t.number(),
    memoryMi: t.number(),
    memoryBytes: t.number(),
    createdOffset: t.number(),
    deleting: t.boolean(),
    priority: t.number(),
    ownerKind: t.number(),
    ownerText: t.string(),
    // empty for most pods: not created (nor sent) until a view has something in them
    nodeSelector: t.map("string").optional(),
    nodeAffinity: t.array("string").optional(),
    tolerations: t.array("string").optional(),
    defaultTolerationsMissing: t.number(),
    firstNameWord: t.number(),
    firstImageWord: t.number(),
    firstStateReason: t.number(),
    firstReasonText: t.string(),
    firstMessage: t.string(),
    firstLastState: t.string(),
    firstReady: t.boolean(),
    firstRestarts: t.number(),
    firstSidecar: t.boolean(),
    moreContainers: t.array(ContainerStatusState).optional(),
    initContainers: t.array(ContainerStatusState).optional(),
  },
  "PodState",
);

export const TemplateContainerState = schema(
  {
    name: t.string().default(""),
    image: t.string().default(""),
  },
  "TemplateContainerState",
);

export const WorkloadState = schema(
  {
    kind: t.string().default(""),
    key: t.string().default(""),
    name: t.string().default(""),
    namespace: t.string().default(""),
    replicas: t.number().default(0),
    readyReplicas: t.number().default(0).view(WORKLOAD_VIEW),
    // availableReplicas as readyReplicas less it (shared/protocol/workloadWire.ts)
    readyNotAvailable: t.number().default(0).view(WORKLOAD_VIEW),
    updatedReplicas: t.number().default(0).view(WORKLOAD_VIEW),
    active: t.number().default(0).view(WORKLOAD_VIEW),
    succeeded: t.number().default(0).view(WORKLOAD_VIEW),
    failed: t.number().default(0).view(WORKLOAD_VIEW),
    schedule: t.string().default(""),
    lastTime: t.number().default(0).view(WORKLOAD_VIEW),
    owner: t.string().default(""),
    currentReplicaSet: t.string().default(""),
    containers: t.array(TemplateContainerState),
  },
  "WorkloadState",
);

export const ServiceState = schema(
  {
    key: t.string().default(""),
    name: t.string().default(""),
    namespace: t.string().default(""),
    type: t.string().default("ClusterIP"),
    clusterIP: t.string().default(""),
    // no endpoints: the size of addresses, which the client counts (shared/protocol/receive.ts)
    addresses: t.set("string"),
    notReadyAddresses: t.set("string"),
  },
  "ServiceState",
);

/** An event as eventWire.ts sends it: no defaults, so what is zero or empty is not sent. */
export const EventState = schema(
  {
    typeWord: t.number(),
    reasonWord: t.number(),
    code: t.number(),
    params: t.string(),
    message: t.string(),
    kindWord: t.number(),
    namePrefixWord: t.number(),
    name: t.string(),
    namespaceWord: t.number(),
    componentWord: t.number(),
    hostWord: t.number(),
    timeOffset: t.number(),
    count: t.number(),
    firstOffset: t.number(),
  },
  "EventState",
);

/** As shared/protocol/requestWire.ts says: no seq (the map key), strings as dictionary indices, no defaults. */
export const RequestState = schema(
  {
    namePrefixWord: t.number(),
    name: t.string(),
    code: t.number(),
    timeOffset: t.number(),
    seatWord: t.number(),
    verbWord: t.number(),
    resourceWord: t.number(),
    namespaceWord: t.number(),
  },
  "RequestState",
);

export type NodeState = InstanceType<typeof NodeState>;
export type RuntimeState = InstanceType<typeof RuntimeState>;
export type PullState = InstanceType<typeof PullState>;
export type RuntimeContainerState = InstanceType<typeof RuntimeContainerState>;
export type KubeletStepState = InstanceType<typeof KubeletStepState>;
export type PodState = InstanceType<typeof PodState>;
export type ContainerStatusState = InstanceType<typeof ContainerStatusState>;
export type TemplateContainerState = InstanceType<typeof TemplateContainerState>;
export type WorkloadState = InstanceType<typeof WorkloadState>;
export type ServiceState = InstanceType<typeof ServiceState>;
export type EventState = InstanceType<typeof EventState>;
