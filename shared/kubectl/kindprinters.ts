import type { HorizontalPodAutoscaler } from "../sim/model/autoscaling.ts";
import type { CronJob, Job } from "../sim/model/batch.ts";
import type { DaemonSet } from "../sim/model/daemonset.ts";
import type { PodDisruptionBudget } from "../sim/model/policy.ts";
import type { PriorityClass } from "../sim/model/scheduling.ts";
import type { StatefulSet } from "../sim/model/statefulset.ts";
import type { PodTemplate } from "../sim/model/workload.ts";
import { humanDuration } from "../time/format.ts";
import { formatLabelSelector, formatLabels } from "./format.ts";
import { age, type PrintOptions, type Table } from "./printers.ts";

/**
 * `kubectl get` for the kinds of issue 11, column for column as kubectl v1.31 prints them
 * (pkg/printers/internalversion/printers.go): printDaemonSet, printStatefulSet, printJob,
 * printCronJob, printHorizontalPodAutoscaler, printPodDisruptionBudget, printPriorityClass.
 */
function containers(template: PodTemplate): string[] {
  const list = template.spec.containers;
  return [list.map((c) => c.name).join(","), list.map((c) => c.image).join(",")];
}

function table<T extends { metadata: { namespace?: string } }>(
  headers: string[],
  wideHeaders: string[],
  objects: T[],
  options: PrintOptions,
  row: (o: T) => string[],
  wide: (o: T) => string[] = () => [],
): Table {
  const h = [...headers, ...(options.wide ? wideHeaders : [])];
  if (options.allNamespaces) h.unshift("NAMESPACE");
  const rows = objects.map((o) => {
    const cells = [...row(o), ...(options.wide ? wide(o) : [])];
    if (options.allNamespaces) cells.unshift(o.metadata.namespace ?? "");
    return cells;
  });
  return { headers: h, rows };
}

export function daemonSetTable(sets: DaemonSet[], options: PrintOptions): Table {
  return table(
    ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
    ["CONTAINERS", "IMAGES", "SELECTOR"],
    sets,
    options,
    (ds) => [
      ds.metadata.name,
      String(ds.status.desiredNumberScheduled),
      String(ds.status.currentNumberScheduled),
      String(ds.status.numberReady),
      String(ds.status.updatedNumberScheduled),
      String(ds.status.numberAvailable),
      formatLabels(ds.spec.template.spec.nodeSelector),
      age(options.now, ds.metadata.creationTimestamp),
    ],
    (ds) => [...containers(ds.spec.template), formatLabelSelector(ds.spec.selector)],
  );
}

export function statefulSetTable(sets: StatefulSet[], options: PrintOptions): Table {
  return table(
    ["NAME", "READY", "AGE"],
    ["CONTAINERS", "IMAGES"],
    sets,
    options,
    (sts) => [
      sts.metadata.name,
      `${sts.status.readyReplicas}/${sts.spec.replicas}`,
      age(options.now, sts.metadata.creationTimestamp),
    ],
    (sts) => containers(sts.spec.template),
  );
}

const hasCondition = (job: Job, type: string) =>
  job.status.conditions.some((c) => c.type === type && c.status === "True");

/** The STATUS column: Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
export function jobStatus(job: Job): string {
  if (hasCondition(job, "Complete")) return "Complete";
  if (hasCondition(job, "Failed")) return "Failed";
  if (job.metadata.deletionTimestamp !== undefined) return "Terminating";
  if (hasCondition(job, "Suspended")) return "Suspended";
  if (hasCondition(job, "FailureTarget")) return "FailureTarget";
  return "Running";
}

export function jobCompletions(job: Job): string {
  if (job.spec.completions !== undefined) return `${job.status.succeeded}/${job.spec.completions}`;
  return job.spec.parallelism > 1
    ? `${job.status.succeeded}/1 of ${job.spec.parallelism}`
    : `${job.status.succeeded}/1`;
}

export function jobDuration(job: Job, now: number): string {
  const start = job.status.startTime;
  if (start === undefined) return "";
  return humanDuration((job.status.completionTime ?? now) - start);
}

export function jobTable(jobs: Job[], options: PrintOptions): Table {
  return table(
    ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
    ["CONTAINERS", "IMAGES", "SELECTOR"],
    jobs,
    options,
    (job) => [
      job.metadata.name,
      jobStatus(job),
      jobCompletions(job),
      jobDuration(job, options.now),
      age(options.now, job.metadata.creationTimestamp),
    ],
    (job) => [...containers(job.spec.template), formatLabelSelector(job.spec.selector)],
  );
}

export function cronJobTable(cronJobs: CronJob[], options: PrintOptions): Table {
  return table(
    ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
    ["CONTAINERS", "IMAGES", "SELECTOR"],
    cronJobs,
    options,
    (cj) => [
      cj.metadata.name,
      cj.spec.schedule,
      cj.spec.timeZone ?? "<none>",
      cj.spec.suspend ? "True" : "False",
      String(cj.status.active.length),
      cj.status.lastScheduleTime === undefined ? "<none>" : age(options.now, cj.status.lastScheduleTime),
      age(options.now, cj.metadata.creationTimestamp),
    ],
    (cj) => [
      ...containers(cj.spec.jobTemplate.spec.template),
      formatLabelSelector(cj.spec.jobTemplate.spec.selector),
    ],
  );
}

/** formatHPAMetrics: "cpu: 40%/50%", "<unknown>" until the controller has measured. */
export function hpaTargets(hpa: HorizontalPodAutoscaler): string {
  if (hpa.spec.metrics.length === 0) return "<none>";
  const list = hpa.spec.metrics.map((m, i) => {
    const current = hpa.status.currentMetrics[i]?.resource.current;
    const target = m.resource.target;
    if (target.type === "AverageValue") {
      return `${m.resource.name}: ${current?.averageValue ?? "<unknown>"}/${target.averageValue}`;
    }
    const now = current?.averageUtilization === undefined ? "<unknown>" : `${current.averageUtilization}%`;
    return `${m.resource.name}: ${now}/${target.averageUtilization}%`;
  });
  return list.length > 2 ? `${list.slice(0, 2).join(", ")} + ${list.length - 2} more...` : list.join(", ");
}

export function hpaTable(hpas: HorizontalPodAutoscaler[], options: PrintOptions): Table {
  return table(
    ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
    [],
    hpas,
    options,
    (hpa) => [
      hpa.metadata.name,
      `${hpa.spec.scaleTargetRef.kind}/${hpa.spec.scaleTargetRef.name}`,
      hpaTargets(hpa),
      String(hpa.spec.minReplicas),
      String(hpa.spec.maxReplicas),
      String(hpa.status.currentReplicas),
      age(options.now, hpa.metadata.creationTimestamp),
    ],
  );
}

export function pdbTable(pdbs: PodDisruptionBudget[], options: PrintOptions): Table {
  return table(
    ["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"],
    [],
    pdbs,
    options,
    (pdb) => [
      pdb.metadata.name,
      pdb.spec.minAvailable === undefined ? "N/A" : String(pdb.spec.minAvailable),
      pdb.spec.maxUnavailable === undefined ? "N/A" : String(pdb.spec.maxUnavailable),
      String(pdb.status.disruptionsAllowed),
      age(options.now, pdb.metadata.creationTimestamp),
    ],
  );
}

export function priorityClassTable(classes: PriorityClass[], options: PrintOptions): Table {
  return table(
    ["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"],
    [],
    classes,
    { ...options, allNamespaces: false },
    (pc) => [
      pc.metadata.name,
      String(pc.value),
      String(pc.globalDefault),
      age(options.now, pc.metadata.creationTimestamp),
      pc.preemptionPolicy,
    ],
  );
}
