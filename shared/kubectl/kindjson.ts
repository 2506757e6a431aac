import type { HorizontalPodAutoscaler } from "../sim/model/autoscaling.ts";
import type { CronJob, Job } from "../sim/model/batch.ts";
import type { DaemonSet } from "../sim/model/daemonset.ts";
import type { PodDisruptionBudget } from "../sim/model/policy.ts";
import type { PriorityClass } from "../sim/model/scheduling.ts";
import type { StatefulSet } from "../sim/model/statefulset.ts";
import { rfc3339 } from "../time/format.ts";
import { compact, conditionJson, type Json, metadataJson } from "./json.ts";
import { templateJson } from "./workloadjson.ts";

/** The kinds of issue 11 as `kubectl get -o json|yaml` shows them: times in RFC 3339, zero counts left out. */
const nonZero = (n: number) => (n === 0 ? undefined : n);
const time = (ms: number | undefined) => (ms === undefined ? undefined : rfc3339(ms));

export function daemonSetJson(ds: DaemonSet): Json {
  const s = ds.status;
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: metadataJson(ds.metadata),
    spec: compact({
      revisionHistoryLimit: ds.spec.revisionHistoryLimit,
      minReadySeconds: nonZero(ds.spec.minReadySeconds),
      selector: ds.spec.selector,
      template: templateJson(ds.spec.template),
      updateStrategy: ds.spec.updateStrategy,
    }),
    status: compact({
      currentNumberScheduled: s.currentNumberScheduled,
      desiredNumberScheduled: s.desiredNumberScheduled,
      numberAvailable: nonZero(s.numberAvailable),
      numberMisscheduled: s.numberMisscheduled,
      numberReady: s.numberReady,
      numberUnavailable: nonZero(s.numberUnavailable),
      observedGeneration: nonZero(s.observedGeneration),
      updatedNumberScheduled: nonZero(s.updatedNumberScheduled),
    }),
  };
}

export function statefulSetJson(sts: StatefulSet): Json {
  const s = sts.status;
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: metadataJson(sts.metadata),
    spec: compact({
      minReadySeconds: nonZero(sts.spec.minReadySeconds),
      podManagementPolicy: sts.spec.podManagementPolicy,
      replicas: sts.spec.replicas,
      revisionHistoryLimit: sts.spec.revisionHistoryLimit,
      selector: sts.spec.selector,
      serviceName: sts.spec.serviceName || undefined,
      template: templateJson(sts.spec.template),
      updateStrategy: sts.spec.updateStrategy,
      volumeClaimTemplates: sts.spec.volumeClaimTemplates.length
        ? sts.spec.volumeClaimTemplates.map((t) => ({
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: compact({ name: t.name, labels: t.labels }),
            spec: compact({
              accessModes: t.accessModes,
              resources: t.storage === undefined ? undefined : { requests: { storage: t.storage } },
              storageClassName: t.storageClassName,
              volumeMode: "Filesystem",
            }),
          }))
        : undefined,
    }),
    status: compact({
      availableReplicas: s.availableReplicas,
      currentReplicas: nonZero(s.currentReplicas),
      currentRevision: s.currentRevision || undefined,
      observedGeneration: nonZero(s.observedGeneration),
      readyReplicas: nonZero(s.readyReplicas),
      replicas: s.replicas,
      updateRevision: s.updateRevision || undefined,
      updatedReplicas: nonZero(s.updatedReplicas),
    }),
  };
}

function jobSpecJson(spec: Job["spec"] | CronJob["spec"]["jobTemplate"]["spec"]): Json {
  return compact({
    activeDeadlineSeconds: spec.activeDeadlineSeconds,
    backoffLimit: spec.backoffLimit,
    completionMode: spec.completionMode,
    completions: spec.completions,
    manualSelector: spec.manualSelector,
    parallelism: spec.parallelism,
    podFailurePolicy: spec.podFailurePolicy,
    podReplacementPolicy: "TerminatingOrFailed",
    selector: spec.selector,
    suspend: spec.suspend,
    template: templateJson(spec.template),
    ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished,
  });
}

export function jobJson(job: Job): Json {
  const s = job.status;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: metadataJson(job.metadata),
    spec: jobSpecJson(job.spec),
    status: compact({
      active: nonZero(s.active),
      completionTime: time(s.completionTime),
      conditions: s.conditions.length ? s.conditions.map(conditionJson) : undefined,
      failed: nonZero(s.failed),
      ready: s.ready,
      startTime: time(s.startTime),
      succeeded: nonZero(s.succeeded),
      terminating: s.terminating,
      uncountedTerminatedPods: {},
    }),
  };
}

export function cronJobJson(cj: CronJob): Json {
  const t = cj.spec.jobTemplate;
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: metadataJson(cj.metadata),
    spec: compact({
      concurrencyPolicy: cj.spec.concurrencyPolicy,
      failedJobsHistoryLimit: cj.spec.failedJobsHistoryLimit,
      jobTemplate: {
        metadata: compact({
          creationTimestamp: null,
          labels: t.metadata.labels,
          annotations: t.metadata.annotations,
        }),
        spec: jobSpecJson(t.spec),
      },
      schedule: cj.spec.schedule,
      startingDeadlineSeconds: cj.spec.startingDeadlineSeconds,
      successfulJobsHistoryLimit: cj.spec.successfulJobsHistoryLimit,
      suspend: cj.spec.suspend,
      timeZone: cj.spec.timeZone,
    }),
    status: compact({
      active: cj.status.active.length
        ? cj.status.active.map((name) => ({
            apiVersion: "batch/v1",
            kind: "Job",
            name,
            namespace: cj.metadata.namespace,
          }))
        : undefined,
      lastScheduleTime: time(cj.status.lastScheduleTime),
      lastSuccessfulTime: time(cj.status.lastSuccessfulTime),
    }),
  };
}

export function hpaJson(hpa: HorizontalPodAutoscaler): Json {
  const s = hpa.status;
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: metadataJson(hpa.metadata),
    spec: compact({
      behavior: hpa.spec.behavior,
      maxReplicas: hpa.spec.maxReplicas,
      metrics: hpa.spec.metrics,
      minReplicas: hpa.spec.minReplicas,
      scaleTargetRef: hpa.spec.scaleTargetRef,
    }),
    status: compact({
      conditions: s.conditions.length ? s.conditions.map(conditionJson) : undefined,
      currentMetrics: s.currentMetrics.length ? s.currentMetrics : undefined,
      currentReplicas: s.currentReplicas,
      desiredReplicas: s.desiredReplicas,
      lastScaleTime: time(s.lastScaleTime),
    }),
  };
}

export function pdbJson(pdb: PodDisruptionBudget): Json {
  const s = pdb.status;
  const disrupted = Object.entries(s.disruptedPods);
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: metadataJson(pdb.metadata),
    spec: compact({ ...pdb.spec }),
    status: compact({
      conditions: s.conditions.length ? s.conditions.map(conditionJson) : undefined,
      currentHealthy: s.currentHealthy,
      desiredHealthy: s.desiredHealthy,
      disruptedPods: disrupted.length
        ? Object.fromEntries(disrupted.map(([n, t]) => [n, rfc3339(t)]))
        : undefined,
      disruptionsAllowed: s.disruptionsAllowed,
      expectedPods: s.expectedPods,
      observedGeneration: nonZero(s.observedGeneration),
    }),
  };
}

export function priorityClassJson(pc: PriorityClass): Json {
  return compact({
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: metadataJson(pc.metadata),
    description: pc.description,
    globalDefault: pc.globalDefault || undefined,
    preemptionPolicy: pc.preemptionPolicy,
    value: pc.value,
  });
}
