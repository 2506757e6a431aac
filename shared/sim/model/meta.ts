/** Metadata shared by every Kubernetes-shaped object the engine stores. Times are simulated epoch ms. */
export type Labels = Record<string, string>;

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  labels: Labels;
  annotations: Labels;
  /** Simulated epoch milliseconds. */
  creationTimestamp: number;
  /** The etcd revision of the last write to this object. */
  resourceVersion: number;
  generation?: number;
  ownerReferences?: OwnerReference[];
  deletionTimestamp?: number;
  deletionGracePeriodSeconds?: number;
}

export type ConditionStatus = "True" | "False" | "Unknown";

export interface Condition<T extends string = string> {
  type: T;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastTransitionTime: number;
  /** Node conditions only: when the kubelet last reported it. */
  lastHeartbeatTime?: number;
  /** Deployment conditions: when the condition was last updated (progress deadline). */
  lastUpdateTime?: number;
}

/** Namespaced objects are keyed "namespace/name", cluster-scoped ones by name. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}
