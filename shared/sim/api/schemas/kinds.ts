import {
  anyValue,
  bool,
  i32,
  i64,
  intOrString,
  list,
  notSimulated,
  resourceList,
  str,
  stringMap,
  strings,
  struct,
} from "../schema.ts";
import { LabelSelector, ObjectMeta, TYPE_META } from "./meta.ts";
import { PodTemplateSpec } from "./pod.ts";

/** Node, Namespace and Service (core/v1), Deployment and ReplicaSet (apps/v1). */
const Taint = struct("Taint", { key: str, value: str, effect: str, timeAdded: str });

const NodeSpec = struct("NodeSpec", {
  podCIDR: str,
  podCIDRs: notSimulated(strings),
  providerID: str,
  unschedulable: bool,
  taints: list(Taint),
  configSource: notSimulated(anyValue),
  externalID: notSimulated(str),
});

const NodeSystemInfo = struct("NodeSystemInfo", {
  machineID: str,
  systemUUID: str,
  bootID: str,
  kernelVersion: str,
  osImage: str,
  containerRuntimeVersion: str,
  kubeletVersion: str,
  kubeProxyVersion: str,
  operatingSystem: str,
  architecture: str,
  swap: anyValue,
});

/** A node's status is kept on create (the kubelet registers nodes that way); the game reads a few fields. */
const NodeStatus = struct("NodeStatus", {
  capacity: resourceList,
  allocatable: resourceList,
  phase: str,
  conditions: list(anyValue),
  addresses: list(anyValue),
  daemonEndpoints: anyValue,
  nodeInfo: NodeSystemInfo,
  images: list(struct("ContainerImage", { names: strings, sizeBytes: i64 })),
  volumesInUse: strings,
  volumesAttached: list(anyValue),
  config: anyValue,
  runtimeHandlers: list(anyValue),
  features: anyValue,
  declaredFeatures: anyValue,
});

export const Node = struct("Node", {
  ...TYPE_META,
  metadata: ObjectMeta,
  spec: NodeSpec,
  status: NodeStatus,
});

export const Namespace = struct("Namespace", {
  ...TYPE_META,
  metadata: ObjectMeta,
  spec: struct("NamespaceSpec", { finalizers: notSimulated(strings, ["kubernetes"]) }),
  status: anyValue,
});

const ServicePort = struct("ServicePort", {
  name: str,
  protocol: str,
  appProtocol: notSimulated(str),
  port: i32,
  targetPort: intOrString,
  nodePort: i32,
});

const ServiceSpec = struct("ServiceSpec", {
  ports: list(ServicePort),
  selector: stringMap,
  clusterIP: str,
  clusterIPs: notSimulated(strings),
  type: str,
  externalIPs: notSimulated(strings),
  sessionAffinity: str,
  loadBalancerIP: notSimulated(str),
  loadBalancerSourceRanges: notSimulated(strings),
  externalName: notSimulated(str),
  externalTrafficPolicy: notSimulated(str, "Cluster"),
  healthCheckNodePort: notSimulated(i32),
  publishNotReadyAddresses: notSimulated(bool),
  sessionAffinityConfig: notSimulated(anyValue),
  ipFamilies: notSimulated(strings, ["IPv4"]),
  ipFamilyPolicy: notSimulated(str, "SingleStack"),
  allocateLoadBalancerNodePorts: notSimulated(bool, true),
  loadBalancerClass: notSimulated(str),
  internalTrafficPolicy: notSimulated(str, "Cluster"),
  trafficDistribution: notSimulated(str),
});

export const Service = struct("Service", {
  ...TYPE_META,
  metadata: ObjectMeta,
  spec: ServiceSpec,
  status: anyValue,
});

const DeploymentSpec = struct(
  "DeploymentSpec",
  {
    replicas: i32,
    selector: LabelSelector,
    template: PodTemplateSpec,
    strategy: struct(
      "DeploymentStrategy",
      {
        type: str,
        rollingUpdate: struct(
          "RollingUpdateDeployment",
          { maxUnavailable: intOrString, maxSurge: intOrString },
          "v1",
        ),
      },
      "v1",
    ),
    minReadySeconds: i32,
    revisionHistoryLimit: i32,
    paused: bool,
    progressDeadlineSeconds: i32,
  },
  "v1",
);

export const Deployment = struct("Deployment", {
  ...TYPE_META,
  metadata: ObjectMeta,
  spec: DeploymentSpec,
  status: anyValue,
});

const ReplicaSetSpec = struct("ReplicaSetSpec", {
  replicas: i32,
  minReadySeconds: i32,
  selector: LabelSelector,
  template: PodTemplateSpec,
});

export const ReplicaSet = struct("ReplicaSet", {
  ...TYPE_META,
  metadata: ObjectMeta,
  spec: ReplicaSetSpec,
  status: anyValue,
});
