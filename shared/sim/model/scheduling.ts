import type { ObjectMeta } from "./meta.ts";
import type { PreemptionPolicy } from "./pod.ts";

/** scheduling.k8s.io/v1 PriorityClass: the priority the Priority admission plugin gives pods naming it. */
export interface PriorityClass {
  apiVersion: "scheduling.k8s.io/v1";
  kind: "PriorityClass";
  metadata: ObjectMeta;
  value: number;
  globalDefault: boolean;
  description?: string;
  preemptionPolicy: PreemptionPolicy;
}
