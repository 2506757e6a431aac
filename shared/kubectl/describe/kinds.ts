import type { HorizontalPodAutoscaler } from "../../sim/model/autoscaling.ts";
import type { CronJob, Job } from "../../sim/model/batch.ts";
import type { DaemonSet } from "../../sim/model/daemonset.ts";
import type { ObjectMeta } from "../../sim/model/meta.ts";
import type { PodDisruptionBudget } from "../../sim/model/policy.ts";
import type { PriorityClass } from "../../sim/model/scheduling.ts";
import type { ClusterState } from "../../sim/model/state.ts";
import type { StatefulSet } from "../../sim/model/statefulset.ts";
import { humanDuration, rfc1123z } from "../../time/format.ts";
import { eventsFor } from "../events.ts";
import { formatLabels, selectorString } from "../format.ts";
import { describePodTemplate } from "./pod.ts";
import {
  type DescribeWriter,
  describeEvents,
  describeWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from "./writer.ts";

/**
 * `kubectl describe` for the kinds of issue 11 (describe.go's DaemonSetDescriber, StatefulSetDescriber,
 * JobDescriber, CronJobDescriber, HorizontalPodAutoscalerDescriber, PodDisruptionBudgetDescriber,
 * PriorityClassDescriber), with the fields the game simulates.
 */
function header(w: DescribeWriter, m: ObjectMeta, namespaced = true): void {
  w.write(0, `Name:\t${m.name}\n`);
  if (namespaced) w.write(0, `Namespace:\t${m.namespace ?? ""}\n`);
}

function events(w: DescribeWriter, state: ClusterState, kind: string, m: ObjectMeta, show: boolean): void {
  if (!show) return;
  describeEvents(
    w,
    eventsFor(state.events, { kind, name: m.name, namespace: m.namespace, uid: m.uid }),
    state.now,
  );
}

/** Running / Waiting / Succeeded / Failed of the pods a controller owns (getPodStatusForController). */
function podsStatus(state: ClusterState, uid: string): string {
  const phases: Record<string, number> = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const pod of Object.values(state.pods)) {
    if (!pod.metadata.ownerReferences?.some((o) => o.controller && o.uid === uid)) continue;
    if (pod.status.phase in phases) phases[pod.status.phase] = (phases[pod.status.phase] ?? 0) + 1;
  }
  return `${phases.Running} Running / ${phases.Pending} Waiting / ${phases.Succeeded} Succeeded / ${phases.Failed} Failed`;
}

export function describeDaemonSet(ds: DaemonSet, state: ClusterState, showEvents = true): string {
  const w = describeWriter();
  const m = ds.metadata;
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Selector:\t${selectorString(ds.spec.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(ds.spec.template.spec.nodeSelector)}\n`);
  printLabelsMultiline(w, "Labels", m.labels);
  printAnnotationsMultiline(w, "Annotations", m.annotations);
  const s = ds.status;
  w.write(0, `Desired Number of Nodes Scheduled: ${s.desiredNumberScheduled}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${s.currentNumberScheduled}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${s.updatedNumberScheduled}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${s.numberAvailable}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${s.numberMisscheduled}\n`);
  w.write(0, `Pods Status:\t${podsStatus(state, m.uid)}\n`);
  describePodTemplate(w, ds.spec.template);
  events(w, state, "DaemonSet", m, showEvents);
  return w.text();
}

export function describeStatefulSet(sts: StatefulSet, state: ClusterState, showEvents = true): string {
  const w = describeWriter();
  const m = sts.metadata;
  header(w, m);
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
  w.write(0, `Selector:\t${selectorString(sts.spec.selector)}\n`);
  printLabelsMultiline(w, "Labels", m.labels);
  printAnnotationsMultiline(w, "Annotations", m.annotations);
  w.write(0, `Replicas:\t${sts.spec.replicas} desired | ${sts.status.replicas} total\n`);
  w.write(0, `Update Strategy:\t${sts.spec.updateStrategy.type}\n`);
  if (sts.spec.updateStrategy.rollingUpdate) {
    w.write(1, `Partition:\t${sts.spec.updateStrategy.rollingUpdate.partition}\n`);
  }
  w.write(0, `Pods Status:\t${podsStatus(state, m.uid)}\n`);
  describePodTemplate(w, sts.spec.template);
  if (sts.spec.volumeClaimTemplates.length === 0) w.write(0, "Volume Claims:\t<none>\n");
  else {
    w.write(0, "Volume Claims:\n");
    for (const t of sts.spec.volumeClaimTemplates) {
      w.write(1, `Name:\t${t.name}\n`);
      w.write(1, `StorageClass:\t${t.storageClassName ?? ""}\n`);
      printLabelsMultiline(w, "  Labels", t.labels);
      w.write(1, "Annotations:\t<none>\n");
      w.write(1, `Capacity:\t${t.storage ?? "<default>"}\n`);
      w.write(1, `Access Modes:\t[${t.accessModes.join(" ")}]\n`);
    }
  }
  events(w, state, "StatefulSet", m, showEvents);
  return w.text();
}

export function describeJob(job: Job, state: ClusterState, showEvents = true): string {
  const w = describeWriter();
  const m = job.metadata;
  header(w, m);
  w.write(0, `Selector:\t${selectorString(job.spec.selector)}\n`);
  printLabelsMultiline(w, "Labels", m.labels);
  printAnnotationsMultiline(w, "Annotations", m.annotations);
  const owner = m.ownerReferences?.find((o) => o.controller);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  w.write(0, `Parallelism:\t${job.spec.parallelism}\n`);
  w.write(0, `Completions:\t${job.spec.completions ?? "<unset>"}\n`);
  w.write(0, `Completion Mode:\t${job.spec.completionMode}\n`);
  w.write(0, `Suspend:\t${job.spec.suspend}\n`);
  w.write(0, `Backoff Limit:\t${job.spec.backoffLimit}\n`);
  if (job.spec.ttlSecondsAfterFinished !== undefined) {
    w.write(0, `TTL Seconds After Finished:\t${job.spec.ttlSecondsAfterFinished}\n`);
  }
  const s = job.status;
  if (s.startTime !== undefined) w.write(0, `Start Time:\t${rfc1123z(s.startTime)}\n`);
  if (s.completionTime !== undefined) w.write(0, `Completed At:\t${rfc1123z(s.completionTime)}\n`);
  if (s.startTime !== undefined) {
    w.write(0, `Duration:\t${humanDuration((s.completionTime ?? state.now) - s.startTime)}\n`);
  }
  if (job.spec.activeDeadlineSeconds !== undefined) {
    w.write(0, `Active Deadline Seconds:\t${job.spec.activeDeadlineSeconds}s\n`);
  }
  w.write(
    0,
    `Pods Statuses:\t${s.active} Active (${s.ready} Ready) / ${s.succeeded} Succeeded / ${s.failed} Failed\n`,
  );
  describePodTemplate(w, job.spec.template);
  events(w, state, "Job", m, showEvents);
  return w.text();
}

export function describeCronJob(cj: CronJob, state: ClusterState, showEvents = true): string {
  const w = describeWriter();
  const m = cj.metadata;
  header(w, m);
  printLabelsMultiline(w, "Labels", m.labels);
  printAnnotationsMultiline(w, "Annotations", m.annotations);
  const spec = cj.spec;
  w.write(0, `Schedule:\t${spec.schedule}\n`);
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy}\n`);
  w.write(0, `Suspend:\t${spec.suspend ? "True" : "False"}\n`);
  w.write(0, `Successful Job History Limit:\t${spec.successfulJobsHistoryLimit}\n`);
  w.write(0, `Failed Job History Limit:\t${spec.failedJobsHistoryLimit}\n`);
  w.write(
    0,
    `Starting Deadline Seconds:\t${spec.startingDeadlineSeconds === undefined ? "<unset>" : `${spec.startingDeadlineSeconds}s`}\n`,
  );
  w.write(
    0,
    `Selector:\t${spec.jobTemplate.spec.selector ? selectorString(spec.jobTemplate.spec.selector) : "<unset>"}\n`,
  );
  w.write(0, `Parallelism:\t${spec.jobTemplate.spec.parallelism}\n`);
  w.write(0, `Completions:\t${spec.jobTemplate.spec.completions ?? "<unset>"}\n`);
  describePodTemplate(w, spec.jobTemplate.spec.template);
  const last = cj.status.lastScheduleTime;
  w.write(0, `Last Schedule Time:\t${last === undefined ? "<unset>" : rfc1123z(last)}\n`);
  w.write(0, `Active Jobs:\t${cj.status.active.length ? cj.status.active.join(", ") : "<none>"}\n`);
  events(w, state, "CronJob", m, showEvents);
  return w.text();
}

export function describeHorizontalPodAutoscaler(
  hpa: HorizontalPodAutoscaler,
  state: ClusterState,
  showEvents = true,
): string {
  const w = describeWriter();
  const m = hpa.metadata;
  header(w, m);
  printLabelsMultiline(w, "Labels", m.labels);
  printAnnotationsMultiline(w, "Annotations", m.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
  const ref = hpa.spec.scaleTargetRef;
  w.write(0, `Reference:\t${ref.kind}/${ref.name}\n`);
  w.write(0, "Metrics:\t( current / target )\n");
  hpa.spec.metrics.forEach((metric, i) => {
    const current = hpa.status.currentMetrics[i]?.resource.current;
    const target = metric.resource.target;
    if (target.type === "Utilization") {
      const now =
        current?.averageUtilization === undefined
          ? "<unknown>"
          : `${current.averageUtilization}% (${current.averageValue})`;
      w.write(
        1,
        `resource ${metric.resource.name} on pods  (as a percentage of request):\t${now} / ${target.averageUtilization}%\n`,
      );
    } else {
      w.write(
        1,
        `resource ${metric.resource.name} on pods:\t${current?.averageValue ?? "<unknown>"} / ${target.averageValue}\n`,
      );
    }
  });
  w.write(0, `Min replicas:\t${hpa.spec.minReplicas}\n`);
  w.write(0, `Max replicas:\t${hpa.spec.maxReplicas}\n`);
  w.write(
    0,
    `${ref.kind} pods:\t${hpa.status.currentReplicas} current / ${hpa.status.desiredReplicas} desired\n`,
  );
  if (hpa.status.conditions.length > 0) {
    w.write(0, "Conditions:\n");
    w.write(1, "Type\tStatus\tReason\tMessage\n");
    w.write(1, "----\t------\t------\t-------\n");
    for (const c of hpa.status.conditions)
      w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ""}\t${c.message ?? ""}\n`);
  }
  events(w, state, "HorizontalPodAutoscaler", m, showEvents);
  return w.text();
}

export function describePodDisruptionBudget(
  pdb: PodDisruptionBudget,
  state: ClusterState,
  showEvents = true,
): string {
  const w = describeWriter();
  const m = pdb.metadata;
  header(w, m);
  if (pdb.spec.minAvailable !== undefined) w.write(0, `Min available:\t${pdb.spec.minAvailable}\n`);
  if (pdb.spec.maxUnavailable !== undefined) w.write(0, `Max unavailable:\t${pdb.spec.maxUnavailable}\n`);
  w.write(0, `Selector:\t${pdb.spec.selector ? selectorString(pdb.spec.selector) : "<unset>"}\n`);
  w.write(0, "Status:\n");
  w.write(2, `Allowed disruptions:\t${pdb.status.disruptionsAllowed}\n`);
  w.write(2, `Current:\t${pdb.status.currentHealthy}\n`);
  w.write(2, `Desired:\t${pdb.status.desiredHealthy}\n`);
  w.write(2, `Total:\t${pdb.status.expectedPods}\n`);
  events(w, state, "PodDisruptionBudget", m, showEvents);
  return w.text();
}

export function describePriorityClass(pc: PriorityClass, state: ClusterState, showEvents = true): string {
  const w = describeWriter();
  header(w, pc.metadata, false);
  w.write(0, `Value:\t${pc.value}\n`);
  w.write(0, `GlobalDefault:\t${pc.globalDefault}\n`);
  w.write(0, `PreemptionPolicy:\t${pc.preemptionPolicy}\n`);
  w.write(0, `Description:\t${pc.description ?? ""}\n`);
  printAnnotationsMultiline(w, "Annotations", pc.metadata.annotations);
  events(w, state, "PriorityClass", pc.metadata, showEvents);
  return w.text();
}
