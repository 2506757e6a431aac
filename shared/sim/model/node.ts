import type { Condition, ObjectMeta } from "./meta.ts";
import type { NodeResources } from "./quantities.ts";

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: number;
}

export type NodeConditionType =
  | "Ready"
  | "MemoryPressure"
  | "DiskPressure"
  | "PIDPressure"
  | "NetworkUnavailable";

export type ProviderName = "local" | "aws" | "gcp" | "azure";
export type ContainerRuntimeName = "containerd" | "docker" | "podman";

export interface NodeSpec {
  unschedulable: boolean;
  taints: Taint[];
  providerID?: string;
  podCIDR?: string;
}

/** An image the node's runtime holds, as reported in node.status.images. */
export interface ContainerImage {
  names: string[];
  sizeBytes: number;
}

export interface NodeStatus {
  capacity: NodeResources;
  allocatable: NodeResources;
  conditions: Condition<NodeConditionType>[];
  addresses: { type: "InternalIP" | "Hostname"; address: string }[];
  images: ContainerImage[];
  nodeInfo: {
    kubeletVersion: string;
    containerRuntimeVersion: string;
    osImage: string;
    kernelVersion: string;
    architecture: string;
    operatingSystem: string;
  };
}

/** kubeclass facts about the machine behind a node (not part of the Kubernetes API). */
export interface NodeMachine {
  provider: ProviderName;
  instanceType: string;
  region: string;
  runtime: ContainerRuntimeName;
  /** Network interface bandwidth, bytes per second. */
  bandwidth: number;
  pricePerHour: number;
  /** Images on the machine's disk when it first boots (the manifest's status.images names). */
  preloadedImages?: string[];
}

export interface Node {
  apiVersion: "v1";
  kind: "Node";
  metadata: ObjectMeta;
  spec: NodeSpec;
  status: NodeStatus;
  machine: NodeMachine;
}
