import type { Condition, Labels, ObjectMeta } from "./meta.ts";
import type { Resources } from "./quantities.ts";
import type { LabelSelector } from "./workload.ts";

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

export interface KeySelector {
  name: string;
  key: string;
  optional?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: KeySelector;
    secretKeyRef?: KeySelector;
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: { containerName?: string; resource: string; divisor?: string };
  };
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

/** Where a probe looks: one handler (ValidateProbe refuses none or two). */
export interface ProbeHandler {
  exec?: { command: string[] };
  /** path defaults to "/", scheme to HTTP (SetDefaults_HTTPGetAction). */
  httpGet?: {
    path: string;
    port: number | string;
    host?: string;
    scheme: "HTTP" | "HTTPS";
    httpHeaders?: { name: string; value: string }[];
  };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number; service?: string };
}

/** A probe with its timing, every field defaulted as the API server does (SetDefaults_Probe). */
export interface Probe extends ProbeHandler {
  initialDelaySeconds: number;
  /** 1 by default. */
  timeoutSeconds: number;
  /** 10 by default. */
  periodSeconds: number;
  /** 1 by default (and must be 1 for liveness and startup probes). */
  successThreshold: number;
  /** 3 by default. */
  failureThreshold: number;
  /** Overrides the pod's grace period when this probe's failure kills the container. */
  terminationGracePeriodSeconds?: number;
}

export type ProbeType = "liveness" | "readiness" | "startup";

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  volumeMounts?: VolumeMount[];
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  /** Always set after defaulting (admission), as the API server does. */
  imagePullPolicy: PullPolicy;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  /** Only on init containers: "Always" makes it a sidecar (started in order, kept running). */
  restartPolicy?: "Always";
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

/** A pod (anti-)affinity term: pods matching the selector in these namespaces, per topology domain. */
export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  /** Empty with no namespaceSelector: the pod's own namespace. */
  namespaces?: string[];
  /** `{}` selects every namespace; absent selects none (beyond `namespaces`). */
  namespaceSelector?: LabelSelector;
  topologyKey: string;
  /** The incoming pod's values of these labels are ANDed to the selector (key in (value)). */
  matchLabelKeys?: string[];
  /** ... or excluded from it (key notin (value)). */
  mismatchLabelKeys?: string[];
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

export interface Affinity {
  nodeAffinity?: NodeAffinity;
  podAffinity?: PodAffinity;
  podAntiAffinity?: PodAffinity;
}

export type UnsatisfiableConstraintAction = "DoNotSchedule" | "ScheduleAnyway";
export type NodeInclusionPolicy = "Honor" | "Ignore";

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: UnsatisfiableConstraintAction;
  labelSelector?: LabelSelector;
  minDomains?: number;
  /** Default Honor: only nodes the pod's nodeSelector/affinity admit count. */
  nodeAffinityPolicy?: NodeInclusionPolicy;
  /** Default Ignore: tainted nodes count too. */
  nodeTaintsPolicy?: NodeInclusionPolicy;
  matchLabelKeys?: string[];
}

export type PreemptionPolicy = "PreemptLowerPriority" | "Never";

/** A pod volume: the sources the kubelet resolves (others are accepted and taken as mounted). */
export interface Volume {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[]; optional?: boolean };
  secret?: { secretName: string; items?: { key: string; path: string }[]; optional?: boolean };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  emptyDir?: Record<string, unknown>;
  /** The pod's own fields as files (labels, annotations, name ...; a container's requests and limits). */
  downwardAPI?: {
    items: {
      path: string;
      fieldRef?: { fieldPath: string };
      resourceFieldRef?: { containerName?: string; resource: string; divisor?: string };
    }[];
  };
  /** Another source (hostPath, projected, csi ...), by its field name. */
  other?: string;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}

export interface PodSpec {
  volumes?: Volume[];
  serviceAccountName?: string;
  /** Non-empty: the pod is not scheduled until every gate is removed (SchedulingGated). */
  schedulingGates?: { name: string }[];
  /** Run one by one, each to completion (sidecars: until started), before the containers. */
  initContainers?: Container[];
  containers: Container[];
  nodeName?: string;
  nodeSelector?: Labels;
  affinity?: Affinity;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  tolerations: Toleration[];
  restartPolicy: RestartPolicy;
  imagePullSecrets: { name: string }[];
  priority: number;
  priorityClassName?: string;
  /** Set by the Priority admission plugin from the PriorityClass (PreemptLowerPriority when absent). */
  preemptionPolicy?: PreemptionPolicy;
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
  /** Present once the kubelet reports a pod with init containers. */
  initContainerStatuses?: ContainerStatus[];
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
