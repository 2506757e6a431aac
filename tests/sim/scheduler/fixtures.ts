import type { OwnerReference } from "../../../shared/sim/model/meta.ts";
import type { ContainerImage, Node, Taint } from "../../../shared/sim/model/node.ts";
import type {
  Affinity,
  Container,
  ContainerPort,
  NodeAffinity,
  Pod,
  PodPhase,
  Toleration,
  TopologySpreadConstraint,
} from "../../../shared/sim/model/pod.ts";
import { Gi, parseBytes, parseCpu } from "../../../shared/sim/quantity.ts";
import { type SchedulerListers, Snapshot } from "../../../shared/sim/scheduler/snapshot.ts";

/** Small builders of valid Node and Pod objects for the scheduler's table-driven tests. */

export interface NodeOptions {
  /** Millicores. */
  cpu?: number;
  /** Bytes. */
  memory?: number;
  pods?: number;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: ContainerImage[];
}

export function makeNode(name: string, options: NodeOptions = {}): Node {
  const allocatable = {
    cpu: options.cpu ?? 4000,
    memory: options.memory ?? 8 * Gi,
    pods: options.pods ?? 110,
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      uid: `uid-node-${name}`,
      labels: { "kubernetes.io/hostname": name, ...options.labels },
      annotations: {},
      creationTimestamp: 0,
      resourceVersion: 1,
    },
    spec: { unschedulable: options.unschedulable ?? false, taints: options.taints ?? [] },
    status: {
      capacity: { ...allocatable },
      allocatable,
      conditions: [{ type: "Ready", status: "True", lastTransitionTime: 0, lastHeartbeatTime: 0 }],
      addresses: [{ type: "InternalIP", address: "10.0.0.1" }],
      images: options.images ?? [],
      nodeInfo: {
        kubeletVersion: "v1.33.0",
        containerRuntimeVersion: "containerd://2.0.0",
        osImage: "Ubuntu 24.04 LTS",
        kernelVersion: "6.8.0",
        architecture: "amd64",
        operatingSystem: "linux",
      },
    },
    machine: {
      provider: "local",
      instanceType: "local",
      region: "local",
      runtime: "containerd",
      bandwidth: 100_000_000,
      pricePerHour: 0,
    },
  };
}

export interface ContainerOptions {
  image?: string;
  /** Request quantities as written in a manifest ("500m", "1Gi"); absent = no request. */
  cpu?: string;
  memory?: string;
  ports?: ContainerPort[];
}

export interface PodOptions {
  namespace?: string;
  /** Shorthand for one container with these requests. */
  cpu?: string;
  memory?: string;
  image?: string;
  containers?: ContainerOptions[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  nodeAffinity?: NodeAffinity;
  tolerations?: Toleration[];
  priority?: number;
  phase?: PodPhase;
  labels?: Record<string, string>;
  /** Pod (anti-)affinity and node affinity together; nodeAffinity above is merged in. */
  affinity?: Affinity;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  ownerReferences?: OwnerReference[];
  deletionTimestamp?: number;
  /** status.startTime (preemption ranks victims by it). */
  startTime?: number;
  nominatedNodeName?: string;
  preemptionPolicy?: "PreemptLowerPriority" | "Never";
  uid?: string;
}

function container(options: ContainerOptions, index: number): Container {
  const requests: Record<string, string> = {};
  if (options.cpu !== undefined) requests.cpu = options.cpu;
  if (options.memory !== undefined) requests.memory = options.memory;
  return {
    name: `c${index}`,
    image: options.image ?? "nginx:1.27",
    ...(Object.keys(requests).length > 0 ? { resources: { requests } } : {}),
    ...(options.ports ? { ports: options.ports } : {}),
    imagePullPolicy: "IfNotPresent",
  };
}

let uidSeq = 0;

export function makePod(name: string, options: PodOptions = {}): Pod {
  const specs = options.containers ?? [{ image: options.image, cpu: options.cpu, memory: options.memory }];
  const containers = specs.map(container);
  let cpu = 0;
  let memory = 0;
  for (const c of containers) {
    cpu += parseCpu(c.resources?.requests?.cpu ?? "0") ?? 0;
    memory += parseBytes(c.resources?.requests?.memory ?? "0") ?? 0;
  }
  const namespace = options.namespace ?? "default";
  const affinity: Affinity = {
    ...options.affinity,
    ...(options.nodeAffinity ? { nodeAffinity: options.nodeAffinity } : {}),
  };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace,
      uid: options.uid ?? `uid-pod-${namespace}-${name}-${uidSeq++}`,
      labels: { ...options.labels },
      annotations: {},
      creationTimestamp: 0,
      resourceVersion: 1,
      ...(options.ownerReferences ? { ownerReferences: options.ownerReferences } : {}),
      ...(options.deletionTimestamp !== undefined ? { deletionTimestamp: options.deletionTimestamp } : {}),
    },
    spec: {
      containers,
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
      ...(Object.keys(affinity).length > 0 ? { affinity } : {}),
      ...(options.topologySpreadConstraints
        ? { topologySpreadConstraints: options.topologySpreadConstraints }
        : {}),
      ...(options.preemptionPolicy ? { preemptionPolicy: options.preemptionPolicy } : {}),
      tolerations: options.tolerations ?? [],
      restartPolicy: "Always",
      imagePullSecrets: [],
      priority: options.priority ?? 0,
      schedulerName: "default-scheduler",
      terminationGracePeriodSeconds: 30,
    },
    status: {
      phase: options.phase ?? (options.nodeName ? "Running" : "Pending"),
      conditions: [],
      containerStatuses: [],
      qosClass: cpu === 0 && memory === 0 ? "BestEffort" : "Burstable",
      ...(options.startTime !== undefined ? { startTime: options.startTime } : {}),
      ...(options.nominatedNodeName ? { nominatedNodeName: options.nominatedNodeName } : {}),
    },
    requests: { cpu, memory },
  };
}

/** A snapshot of these nodes with these (assigned) pods, and what the listers hold. */
export function makeSnapshot(nodes: Node[], pods: Pod[] = [], listers?: Partial<SchedulerListers>): Snapshot {
  const snapshot = new Snapshot({ namespaces: {}, services: {}, replicasets: {}, ...listers });
  for (const node of nodes) snapshot.setNode(node);
  for (const pod of pods) snapshot.addPod(pod);
  return snapshot;
}
