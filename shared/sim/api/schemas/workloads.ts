import { anyValue, bool, i32, i64, intOrString, list, notSimulated, str, struct } from "../schema.ts";
import { LabelSelector, ObjectMeta, TYPE_META } from "./meta.ts";
import { PodTemplateSpec } from "./pod.ts";

/**
 * The kinds issue 11 brings in: DaemonSet and StatefulSet (apps/v1), Job and CronJob (batch/v1),
 * HorizontalPodAutoscaler (autoscaling/v2), PodDisruptionBudget (policy/v1), PriorityClass
 * (scheduling.k8s.io/v1).
 */
const resourceObject = <T extends Record<string, unknown>>(name: string, spec: T) =>
  struct(name, {
    ...TYPE_META,
    metadata: ObjectMeta,
    spec: struct(`${name}Spec`, spec as never),
    status: anyValue,
  });

export const DaemonSet = resourceObject("DaemonSet", {
  selector: LabelSelector,
  template: PodTemplateSpec,
  updateStrategy: struct("DaemonSetUpdateStrategy", {
    type: str,
    rollingUpdate: struct("RollingUpdateDaemonSet", { maxUnavailable: intOrString, maxSurge: intOrString }),
  }),
  minReadySeconds: i32,
  revisionHistoryLimit: i32,
});

const PersistentVolumeClaimTemplate = struct("PersistentVolumeClaim", {
  ...TYPE_META,
  metadata: ObjectMeta,
  spec: anyValue,
  status: anyValue,
});

export const StatefulSet = resourceObject("StatefulSet", {
  replicas: i32,
  selector: LabelSelector,
  template: PodTemplateSpec,
  volumeClaimTemplates: list(PersistentVolumeClaimTemplate),
  serviceName: str,
  podManagementPolicy: str,
  updateStrategy: struct("StatefulSetUpdateStrategy", {
    type: str,
    rollingUpdate: struct("RollingUpdateStatefulSetStrategy", {
      partition: i32,
      maxUnavailable: intOrString,
    }),
  }),
  revisionHistoryLimit: i32,
  minReadySeconds: i32,
  persistentVolumeClaimRetentionPolicy: notSimulated(anyValue),
  ordinals: notSimulated(struct("StatefulSetOrdinals", { start: i32 })),
});

const PodFailurePolicyRule = struct("PodFailurePolicyRule", {
  action: str,
  onExitCodes: struct("PodFailurePolicyOnExitCodesRequirement", {
    containerName: str,
    operator: str,
    values: list(i32),
  }),
  onPodConditions: list(struct("PodFailurePolicyOnPodConditionsPattern", { type: str, status: str })),
});

const jobSpecFields = {
  parallelism: i32,
  completions: i32,
  activeDeadlineSeconds: i64,
  podFailurePolicy: struct("PodFailurePolicy", { rules: list(PodFailurePolicyRule) }),
  successPolicy: notSimulated(anyValue),
  backoffLimit: i32,
  backoffLimitPerIndex: notSimulated(i32),
  maxFailedIndexes: notSimulated(i32),
  selector: LabelSelector,
  manualSelector: bool,
  template: PodTemplateSpec,
  ttlSecondsAfterFinished: i32,
  completionMode: str,
  suspend: bool,
  podReplacementPolicy: notSimulated(str),
  managedBy: notSimulated(str),
};

export const Job = resourceObject("Job", jobSpecFields);

export const CronJob = resourceObject("CronJob", {
  schedule: str,
  timeZone: str,
  startingDeadlineSeconds: i64,
  concurrencyPolicy: str,
  suspend: bool,
  jobTemplate: struct("JobTemplateSpec", {
    metadata: ObjectMeta,
    spec: struct("JobSpec", jobSpecFields),
  }),
  successfulJobsHistoryLimit: i32,
  failedJobsHistoryLimit: i32,
});

const MetricTarget = struct("MetricTarget", {
  type: str,
  value: str,
  averageValue: str,
  averageUtilization: i32,
});

const HPAScalingRules = struct("HPAScalingRules", {
  stabilizationWindowSeconds: i32,
  selectPolicy: str,
  policies: list(struct("HPAScalingPolicy", { type: str, value: i32, periodSeconds: i32 })),
  tolerance: notSimulated(str),
});

export const HorizontalPodAutoscaler = resourceObject("HorizontalPodAutoscaler", {
  scaleTargetRef: struct("CrossVersionObjectReference", { kind: str, name: str, apiVersion: str }),
  minReplicas: i32,
  maxReplicas: i32,
  metrics: list(
    struct("MetricSpec", {
      type: str,
      resource: struct("ResourceMetricSource", { name: str, target: MetricTarget }),
      object: notSimulated(anyValue),
      pods: notSimulated(anyValue),
      external: notSimulated(anyValue),
      containerResource: notSimulated(anyValue),
    }),
  ),
  behavior: struct("HorizontalPodAutoscalerBehavior", {
    scaleUp: HPAScalingRules,
    scaleDown: HPAScalingRules,
  }),
  // autoscaling/v1
  targetCPUUtilizationPercentage: i32,
});

export const PodDisruptionBudget = resourceObject("PodDisruptionBudget", {
  minAvailable: intOrString,
  maxUnavailable: intOrString,
  selector: LabelSelector,
  unhealthyPodEvictionPolicy: str,
});

export const PriorityClass = struct("PriorityClass", {
  ...TYPE_META,
  metadata: ObjectMeta,
  value: i32,
  globalDefault: bool,
  description: str,
  preemptionPolicy: str,
});
