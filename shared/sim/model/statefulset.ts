import type { ObjectMeta } from "./meta.ts";
import type { LabelSelector, PodTemplate } from "./workload.ts";

/** apps/v1 StatefulSet (the controller is controllers/statefulset). */
export interface StatefulSet {
  apiVersion: "apps/v1";
  kind: "StatefulSet";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    replicas: number;
    selector: LabelSelector;
    template: PodTemplate;
    serviceName: string;
    podManagementPolicy: "OrderedReady" | "Parallel";
    updateStrategy: { type: "RollingUpdate" | "OnDelete"; rollingUpdate?: { partition: number } };
    minReadySeconds: number;
    revisionHistoryLimit: number;
  };
  status: {
    observedGeneration: number;
    replicas: number;
    readyReplicas: number;
    currentReplicas: number;
    updatedReplicas: number;
    availableReplicas: number;
    currentRevision: string;
    updateRevision: string;
  };
}
