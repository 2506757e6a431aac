import type { Condition, Labels, ObjectMeta } from "./meta.ts";
import type { PodSpec } from "./pod.ts";

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A pod template: metadata (labels, annotations) and the spec every pod it makes will get. */
export interface PodTemplate {
  metadata: { labels: Labels; annotations: Labels };
  spec: PodSpec;
}

export interface ReplicaSet {
  apiVersion: "apps/v1";
  kind: "ReplicaSet";
  metadata: ObjectMeta & { namespace: string };
  spec: { replicas: number; selector: LabelSelector; template: PodTemplate; minReadySeconds: number };
  status: {
    replicas: number;
    fullyLabeledReplicas: number;
    readyReplicas: number;
    availableReplicas: number;
    observedGeneration: number;
  };
}

export interface DeploymentStrategy {
  type: "RollingUpdate" | "Recreate";
  /** Kept as written: an int or a percentage string ("25%"). */
  rollingUpdate?: { maxSurge: number | string; maxUnavailable: number | string };
}

export type DeploymentConditionType = "Available" | "Progressing" | "ReplicaFailure";

export interface Deployment {
  apiVersion: "apps/v1";
  kind: "Deployment";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    replicas: number;
    selector: LabelSelector;
    template: PodTemplate;
    strategy: DeploymentStrategy;
    minReadySeconds: number;
    revisionHistoryLimit: number;
    progressDeadlineSeconds: number;
    paused: boolean;
  };
  status: {
    observedGeneration: number;
    replicas: number;
    updatedReplicas: number;
    readyReplicas: number;
    availableReplicas: number;
    unavailableReplicas: number;
    conditions: Condition<DeploymentConditionType>[];
  };
}
