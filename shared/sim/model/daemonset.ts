import type { ObjectMeta } from "./meta.ts";
import type { LabelSelector, PodTemplate } from "./workload.ts";

/** apps/v1 DaemonSet (controllers/daemonset). */
export interface DaemonSet {
  apiVersion: "apps/v1";
  kind: "DaemonSet";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    selector: LabelSelector;
    template: PodTemplate;
    updateStrategy: {
      type: "RollingUpdate" | "OnDelete";
      /** Kept as written: an int or a percentage. */
      rollingUpdate?: { maxUnavailable: number | string; maxSurge: number | string };
    };
    minReadySeconds: number;
    revisionHistoryLimit: number;
  };
  status: {
    currentNumberScheduled: number;
    numberMisscheduled: number;
    desiredNumberScheduled: number;
    numberReady: number;
    observedGeneration: number;
    updatedNumberScheduled: number;
    numberAvailable: number;
    numberUnavailable: number;
  };
}
