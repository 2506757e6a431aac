import type { ObjectMeta } from "./meta.ts";

export interface Namespace {
  apiVersion: "v1";
  kind: "Namespace";
  metadata: ObjectMeta;
  status: { phase: "Active" | "Terminating" };
}

/** coordination.k8s.io/v1 Lease: node heartbeats and leader election. */
export interface Lease {
  apiVersion: "coordination.k8s.io/v1";
  kind: "Lease";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    holderIdentity: string;
    leaseDurationSeconds: number;
    acquireTime: number;
    renewTime: number;
    leaseTransitions: number;
  };
}
