import { applyObject } from "../../apiserver/apiserver.ts";
import { recordAudit } from "../../apiserver/audit.ts";
import { deleteStored } from "../../apiserver/stored.ts";
import { nextScheduleTime, parseSchedule, type Schedule } from "../../cron.ts";
import type { Engine } from "../../engine/Engine.ts";
import type { CronJob, Job } from "../../model/batch.ts";
import { objectKey } from "../../model/meta.ts";
import { controllerOf } from "../pods.ts";

/**
 * The CronJob controller (pkg/controller/cronjob, the v2 controller): at each scheduled time (UTC) it
 * creates a Job `<name>-<minutes since the epoch>` from the jobTemplate, unless concurrencyPolicy Forbid
 * finds one still active (Replace deletes it first); it tracks its active Jobs, notes finished ones and
 * keeps the last successfulJobsHistoryLimit and failedJobsHistoryLimit of them. A scheduled time missed
 * by more than startingDeadlineSeconds is skipped. Returns the next time it must look.
 */
const SOURCE = "cronjob-controller";

/** RFC 3339 in UTC to the second, as the controller writes times in annotations and events. */
function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
/** More missed start times than this: the controller says so and starts the latest only. */
export const TOO_MANY_MISSED = 100;

function emit(
  engine: Engine,
  cj: CronJob,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
): void {
  const m = cj.metadata;
  engine.emit({
    type,
    reason,
    message,
    involvedObject: { kind: "CronJob", name: m.name, namespace: m.namespace, uid: m.uid },
    source: { component: SOURCE },
  });
}

function finishedCondition(job: Job): "Complete" | "Failed" | undefined {
  const c = job.status.conditions.find(
    (x) => (x.type === "Complete" || x.type === "Failed") && x.status === "True",
  );
  return c?.type as "Complete" | "Failed" | undefined;
}

function ownedJobs(engine: Engine, cj: CronJob): Job[] {
  const out: Job[] = [];
  for (const key of Object.keys(engine.state.jobs).sort()) {
    const job = engine.state.jobs[key] as Job;
    if (
      job.metadata.namespace === cj.metadata.namespace &&
      controllerOf(job.metadata)?.uid === cj.metadata.uid
    )
      out.push(job);
  }
  return out;
}

function deleteJob(engine: Engine, cj: CronJob, job: Job): void {
  recordAudit(
    engine,
    "controller-manager",
    { verb: "delete", resource: "jobs", namespace: job.metadata.namespace, name: job.metadata.name },
    { ok: true },
  );
  deleteStored(engine, "Job", job.metadata.namespace, job.metadata.name);
  emit(engine, cj, "Normal", "SuccessfulDelete", `Deleted job ${job.metadata.name}`);
}

/** The latest schedule time in (since, now], and how many there were (a bound keeps a long gap cheap). */
function mostRecentScheduleTime(
  schedule: Schedule,
  since: number,
  now: number,
): { latest?: number; missed: number } {
  let latest: number | undefined;
  let missed = 0;
  for (
    let t = nextScheduleTime(schedule, since);
    t !== undefined && t <= now;
    t = nextScheduleTime(schedule, t)
  ) {
    latest = t;
    if (++missed > 10_000) break;
  }
  return latest === undefined ? { missed } : { latest, missed };
}

function createJob(engine: Engine, cj: CronJob, scheduled: number): string | undefined {
  const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
  if (engine.state.jobs[objectKey(cj.metadata.namespace, name)]) return name;
  const t = cj.spec.jobTemplate;
  const result = applyObject(engine, {
    kind: "Job",
    metadata: {
      name,
      namespace: cj.metadata.namespace,
      labels: { ...t.metadata.labels },
      annotations: {
        ...t.metadata.annotations,
        "batch.kubernetes.io/cronjob-scheduled-timestamp": rfc3339(scheduled),
      },
      ownerReferences: [
        {
          apiVersion: "batch/v1",
          kind: "CronJob",
          name: cj.metadata.name,
          uid: cj.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...structuredClone(t.spec), selector: t.spec.selector ?? {} },
  });
  recordAudit(
    engine,
    "controller-manager",
    { verb: "create", resource: "jobs", namespace: cj.metadata.namespace, name },
    result,
  );
  if (!result.ok) {
    emit(engine, cj, "Warning", "FailedCreate", `Error creating job: ${result.message}`);
    return undefined;
  }
  emit(engine, cj, "Normal", "SuccessfulCreate", `Created job ${name}`);
  return name;
}

export function syncCronJob(engine: Engine, cj: CronJob): number | undefined {
  const now = engine.now;
  const before = JSON.stringify(cj.status);
  const jobs = ownedJobs(engine, cj);
  // Active Jobs: the unfinished ones it made; a finished one is noted once.
  const active: string[] = [];
  for (const job of jobs) {
    const finished = finishedCondition(job);
    if (!finished) {
      active.push(job.metadata.name);
      continue;
    }
    if (cj.status.active.includes(job.metadata.name)) {
      emit(
        engine,
        cj,
        "Normal",
        "SawCompletedJob",
        `Saw completed job: ${job.metadata.name}, condition: ${finished}`,
      );
      if (finished === "Complete" && job.status.completionTime !== undefined) {
        cj.status.lastSuccessfulTime = Math.max(cj.status.lastSuccessfulTime ?? 0, job.status.completionTime);
      }
    }
  }
  cj.status.active = active;
  // History: the newest successful and failed Jobs are kept, the rest deleted.
  for (const [kind, limit] of [
    ["Complete", cj.spec.successfulJobsHistoryLimit],
    ["Failed", cj.spec.failedJobsHistoryLimit],
  ] as const) {
    const done = jobs
      .filter((j) => finishedCondition(j) === kind)
      .sort((a, b) => (a.status.startTime ?? 0) - (b.status.startTime ?? 0));
    for (const job of done.slice(0, Math.max(0, done.length - limit))) deleteJob(engine, cj, job);
  }
  const parsed = parseSchedule(cj.spec.schedule);
  if (!parsed.ok) return undefined;
  const schedule = parsed.value;
  let next: number | undefined;
  if (!cj.spec.suspend) {
    const since = cj.status.lastScheduleTime ?? cj.metadata.creationTimestamp;
    const { latest, missed } = mostRecentScheduleTime(schedule, since, now);
    if (missed > TOO_MANY_MISSED) {
      emit(
        engine,
        cj,
        "Warning",
        "TooManyMissedTimes",
        "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
      );
    }
    const deadline = cj.spec.startingDeadlineSeconds;
    if (latest !== undefined) {
      if (deadline !== undefined && now - latest > deadline * 1000) {
        emit(
          engine,
          cj,
          "Warning",
          "MissSchedule",
          `Missed scheduled time to start a job: ${rfc3339(latest)}`,
        );
        cj.status.lastScheduleTime = latest;
      } else if (cj.spec.concurrencyPolicy === "Forbid" && active.length > 0) {
        emit(
          engine,
          cj,
          "Normal",
          "JobAlreadyActive",
          "Not starting job because prior execution is running and concurrency policy is Forbid",
        );
      } else {
        if (cj.spec.concurrencyPolicy === "Replace") {
          for (const name of active) {
            const job = engine.state.jobs[objectKey(cj.metadata.namespace, name)];
            if (job) deleteJob(engine, cj, job);
          }
          cj.status.active = [];
        }
        const created = createJob(engine, cj, latest);
        if (created) {
          if (!cj.status.active.includes(created)) cj.status.active.push(created);
          cj.status.lastScheduleTime = latest;
        }
      }
    }
    next = nextScheduleTime(schedule, Math.max(now, cj.status.lastScheduleTime ?? 0));
  }
  if (JSON.stringify(cj.status) !== before) {
    engine.written("CronJob", objectKey(cj.metadata.namespace, cj.metadata.name), cj);
  }
  return next;
}
