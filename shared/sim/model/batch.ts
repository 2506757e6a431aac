import type { Condition, Labels, ObjectMeta } from "./meta.ts";
import type { LabelSelector, PodTemplate } from "./workload.ts";

/** batch/v1 Job and CronJob (controllers/job, controllers/cronjob). */
export type JobConditionType = "Complete" | "Failed" | "Suspended" | "FailureTarget" | "SuccessCriteriaMet";

export interface PodFailurePolicyRule {
  action: "FailJob" | "Ignore" | "Count" | "FailIndex";
  onExitCodes?: { containerName?: string; operator: "In" | "NotIn"; values: number[] };
  onPodConditions?: { type: string; status: string }[];
}

export interface JobSpec {
  parallelism: number;
  /** Absent: the Job is done when any pod succeeds (and the others end). */
  completions?: number;
  completionMode: "NonIndexed" | "Indexed";
  backoffLimit: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  podFailurePolicy?: { rules: PodFailurePolicyRule[] };
  suspend: boolean;
  manualSelector?: boolean;
  selector: LabelSelector;
  template: PodTemplate;
}

export interface Job {
  apiVersion: "batch/v1";
  kind: "Job";
  metadata: ObjectMeta & { namespace: string };
  spec: JobSpec;
  status: {
    active: number;
    ready: number;
    succeeded: number;
    failed: number;
    /** Pods being deleted the controller still counts (uncountedTerminatedPods is folded in). */
    terminating: number;
    startTime?: number;
    completionTime?: number;
    conditions: Condition<JobConditionType>[];
  };
}

export interface JobTemplate {
  metadata: { labels: Labels; annotations: Labels };
  spec: Omit<JobSpec, "selector" | "template"> & {
    selector?: LabelSelector;
    template: PodTemplate;
  };
}

export interface CronJob {
  apiVersion: "batch/v1";
  kind: "CronJob";
  metadata: ObjectMeta & { namespace: string };
  spec: {
    schedule: string;
    timeZone?: string;
    startingDeadlineSeconds?: number;
    concurrencyPolicy: "Allow" | "Forbid" | "Replace";
    suspend: boolean;
    jobTemplate: JobTemplate;
    successfulJobsHistoryLimit: number;
    failedJobsHistoryLimit: number;
  };
  status: {
    /** Names of the running Jobs it made. */
    active: string[];
    lastScheduleTime?: number;
    lastSuccessfulTime?: number;
  };
}
