import type { ObjectMeta } from "./meta.ts";
import type { LabelSelector, PodTemplate } from "./workload.ts";

/** A volumeClaimTemplate, reduced to what a claim needs: one PersistentVolumeClaim per replica. */
export interface VolumeClaimTemplate {
  name: string;
  labels?: Record<string, string>;
  accessModes: string[];
  storageClassName?: string;
  /** spec.resources.requests.storage as written ("1Gi"). */
  storage?: string;
}

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
    volumeClaimTemplates: VolumeClaimTemplate[];
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
