import type { Condition, ObjectMeta } from "./meta.ts";
import type { LabelSelector } from "./workload.ts";

/** policy/v1 PodDisruptionBudget: how many selected pods voluntary disruptions must leave available. */
export interface PodDisruptionBudget {
  apiVersion: "policy/v1";
  kind: "PodDisruptionBudget";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    /** An int or a percentage ("50%"), as written; at most one of minAvailable and maxUnavailable. */
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    selector?: LabelSelector;
    unhealthyPodEvictionPolicy?: "IfHealthyBudget" | "AlwaysAllow";
  };
  status: {
    observedGeneration: number;
    /** Pods evicted (name -> when) that the controller has not yet seen go: they count as disrupted. */
    disruptedPods: Record<string, number>;
    disruptionsAllowed: number;
    currentHealthy: number;
    desiredHealthy: number;
    expectedPods: number;
    conditions: Condition<"DisruptionAllowed">[];
  };
}
