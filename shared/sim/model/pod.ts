import type { Condition, Labels, ObjectMeta } from "./meta.ts";
import type { Resources } from "./quantities.ts";

export type RestartPolicy = "Always" | "OnFailure" | "Never";
export type PullPolicy = "Always" | "IfNotPresent" | "Never";
export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";
export type PodConditionType =
  | "PodScheduled"
  | "PodReadyToStartContainers"
  | "Initialized"
  | "ContainersReady"
  | "Ready"
  | "DisruptionTarget";

export interface ResourceRequirements {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  hostPort?: number;
  protocol?: "TCP" | "UDP" | "SCTP";
}

export interface EnvVar {
  name: string;
  value?: string;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  /** Always set after defaulting (admission), as the API server does. */
  imagePullPolicy: PullPolicy;
}

export interface Toleration {
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  tolerationSeconds?: number;
}

export type NodeSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";

export interface NodeSelectorRequirement {
  key: string;
  operator: NodeSelectorOperator;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

export interface PodSpec {
  containers: Container[];
  nodeName?: string;
  nodeSelector?: Labels;
  affinity?: { nodeAffinity?: NodeAffinity };
  tolerations: Toleration[];
  restartPolicy: RestartPolicy;
  imagePullSecrets: { name: string }[];
  priority: number;
  priorityClassName?: string;
  schedulerName: string;
  terminationGracePeriodSeconds: number;
}

export interface ContainerStateWaiting {
  waiting: { reason: string; message?: string };
}
export interface ContainerStateRunning {
  running: { startedAt: number };
}
export interface ContainerStateTerminated {
  terminated: {
    exitCode: number;
    reason: string;
    message?: string;
    startedAt?: number;
    finishedAt: number;
    containerID?: string;
  };
}
export type ContainerState = ContainerStateWaiting | ContainerStateRunning | ContainerStateTerminated;

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerStateTerminated | Record<string, never>;
}

export interface PodStatus {
  phase: PodPhase;
  reason?: string;
  message?: string;
  conditions: Condition<PodConditionType>[];
  containerStatuses: ContainerStatus[];
  hostIP?: string;
  podIP?: string;
  startTime?: number;
  qosClass: "Guaranteed" | "Burstable" | "BestEffort";
  nominatedNodeName?: string;
}

export interface Pod {
  apiVersion: "v1";
  kind: "Pod";
  metadata: ObjectMeta & { namespace: string };
  spec: PodSpec;
  status: PodStatus;
  /** Sum of container requests, parsed once: a pod's spec.containers is immutable. */
  requests: Resources;
}
