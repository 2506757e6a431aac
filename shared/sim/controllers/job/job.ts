import { deleteObject } from "../../apiserver/apiserver.ts";
import { recordAudit } from "../../apiserver/audit.ts";
import { deleteStored } from "../../apiserver/stored.ts";
import type { Engine } from "../../engine/Engine.ts";
import type { Job, JobConditionType } from "../../model/batch.ts";
import { objectKey } from "../../model/meta.ts";
import type { Pod } from "../../model/pod.ts";
import { createControlledPod, isReady } from "../pods.ts";
import { nextCreationAllowedAt, podFailurePolicyVerdict } from "./failure.ts";

/**
 * The Job controller (pkg/controller/job) and the TTL-after-finished controller: run `parallelism`
 * pods until `completions` succeed (or, without completions, until one succeeds and the others end),
 * replace failed pods after a back-off, fail the Job past its backoffLimit, its activeDeadlineSeconds or
 * a podFailurePolicy FailJob rule, and delete a finished Job after ttlSecondsAfterFinished. Returns when
 * it must look again (a back-off, a deadline, a TTL), if ever.
 */
const SOURCE = "job-controller";
const TTL_SOURCE = "ttl-after-finished-controller";

export function jobKey(job: Job): string {
  return objectKey(job.metadata.namespace, job.metadata.name);
}

function isFinished(job: Job): boolean {
  return job.status.conditions.some(
    (c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
  );
}

function finishTime(job: Job): number | undefined {
  const c = job.status.conditions.find(
    (x) => (x.type === "Complete" || x.type === "Failed") && x.status === "True",
  );
  return c?.lastTransitionTime;
}

function setCondition(job: Job, type: JobConditionType, reason: string, message: string, now: number): void {
  if (job.status.conditions.some((c) => c.type === type)) return;
  job.status.conditions.push({
    type,
    status: "True",
    reason,
    message,
    lastTransitionTime: now,
    lastUpdateTime: now,
  } as Job["status"]["conditions"][number]);
}

function emit(engine: Engine, job: Job, type: "Normal" | "Warning", reason: string, message: string): void {
  const m = job.metadata;
  engine.emit({
    type,
    reason,
    message,
    involvedObject: { kind: "Job", name: m.name, namespace: m.namespace, uid: m.uid },
    source: { component: SOURCE },
  });
}

function deletePod(engine: Engine, pod: Pod): void {
  recordAudit(
    engine,
    "controller-manager",
    { verb: "delete", resource: "pods", namespace: pod.metadata.namespace, name: pod.metadata.name },
    { ok: true },
  );
  deleteObject(engine, "Pod", pod.metadata.name, pod.metadata.namespace);
}

function writeStatus(engine: Engine, job: Job, before: string): void {
  if (JSON.stringify(job.status) !== before) engine.written("Job", jobKey(job), job);
}

/** Deletes a finished Job whose TTL is over; otherwise returns when it will be. */
function ttlAfterFinished(engine: Engine, job: Job): number | undefined {
  const ttl = job.spec.ttlSecondsAfterFinished;
  const finished = finishTime(job);
  if (ttl === undefined || finished === undefined) return undefined;
  const expires = finished + ttl * 1000;
  if (engine.now < expires) return expires;
  recordAudit(
    engine,
    "controller-manager",
    { verb: "delete", resource: "jobs", namespace: job.metadata.namespace, name: job.metadata.name },
    { ok: true },
  );
  deleteStored(engine, "Job", job.metadata.namespace, job.metadata.name);
  engine.emit({
    type: "Normal",
    reason: "Deleted",
    message: "Job deleted after ttlSecondsAfterFinished",
    involvedObject: {
      kind: "Job",
      name: job.metadata.name,
      namespace: job.metadata.namespace,
      uid: job.metadata.uid,
    },
    source: { component: TTL_SOURCE },
  });
  return undefined;
}

function fail(engine: Engine, job: Job, active: readonly Pod[], reason: string, message: string): void {
  for (const pod of active) deletePod(engine, pod);
  setCondition(job, "Failed", reason, message, engine.now);
  emit(engine, job, "Warning", reason, message);
}

export function syncJob(engine: Engine, job: Job): number | undefined {
  if (isFinished(job)) return ttlAfterFinished(engine, job);
  const before = JSON.stringify(job.status);
  const now = engine.now;
  const pods = engine.podsOwnedBy(job.metadata.uid);
  const active = pods.filter(
    (p) =>
      p.metadata.deletionTimestamp === undefined &&
      p.status.phase !== "Succeeded" &&
      p.status.phase !== "Failed",
  );
  const succeeded = pods.filter((p) => p.status.phase === "Succeeded");
  const failed = pods.filter((p) => p.status.phase === "Failed");
  const terminating = pods.filter(
    (p) =>
      p.metadata.deletionTimestamp !== undefined &&
      p.status.phase !== "Succeeded" &&
      p.status.phase !== "Failed",
  );
  let next: number | undefined;
  if (job.spec.suspend) {
    for (const pod of active) deletePod(engine, pod);
    setCondition(job, "Suspended", "JobSuspended", "Job suspended", now);
  } else {
    job.status.conditions = job.status.conditions.filter((c) => c.type !== "Suspended");
    job.status.startTime ??= now;
  }
  // Failures: a FailJob rule, or more counted failures (and OnFailure restarts) than the backoffLimit allows.
  let counted = 0;
  let failJob: string | undefined;
  for (const pod of failed) {
    const verdict = podFailurePolicyVerdict(job, pod);
    if (verdict.action === "FailJob") failJob ??= verdict.message;
    else if (verdict.action === "Count") counted++;
  }
  const restarts =
    job.spec.template.spec.restartPolicy === "OnFailure"
      ? active.reduce((sum, p) => sum + p.status.containerStatuses.reduce((s, c) => s + c.restartCount, 0), 0)
      : 0;
  const deadline = job.spec.activeDeadlineSeconds;
  const start = job.status.startTime;
  if (job.spec.suspend) {
    // nothing runs while suspended
  } else if (failJob) fail(engine, job, active, "PodFailurePolicy", failJob);
  else if (counted + restarts > job.spec.backoffLimit) {
    fail(engine, job, active, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
  } else if (deadline !== undefined && start !== undefined && now - start >= deadline * 1000) {
    fail(engine, job, active, "DeadlineExceeded", "Job was active longer than specified deadline");
  } else {
    const completions = job.spec.completions;
    const complete =
      completions !== undefined
        ? succeeded.length >= completions
        : succeeded.length > 0 && active.length === 0;
    if (complete) {
      job.status.completionTime = now;
      setCondition(job, "Complete", "CompletionsReached", "Reached expected number of succeeded pods", now);
      emit(engine, job, "Normal", "Completed", "Job completed");
    } else {
      const wanted =
        completions === undefined
          ? succeeded.length > 0
            ? 0
            : job.spec.parallelism
          : Math.min(job.spec.parallelism, completions - succeeded.length);
      if (active.length > wanted) {
        // Not-yet-running pods go first, then the newest.
        const surplus = [...active]
          .sort(
            (a, b) =>
              Number(isReady(a)) - Number(isReady(b)) ||
              b.metadata.creationTimestamp - a.metadata.creationTimestamp,
          )
          .slice(0, active.length - wanted);
        for (const pod of surplus) deletePod(engine, pod);
      } else if (active.length < wanted) {
        const allowedAt = nextCreationAllowedAt(succeeded, failed);
        if (allowedAt > now) next = allowedAt;
        else
          for (let i = active.length; i < wanted; i++)
            createControlledPod(engine, job, job.spec.template, SOURCE);
      }
      if (deadline !== undefined && start !== undefined) {
        const at = start + deadline * 1000;
        next = next === undefined ? at : Math.min(next, at);
      }
    }
  }
  const live = engine.podsOwnedBy(job.metadata.uid);
  const stillActive = live.filter(
    (p) =>
      p.metadata.deletionTimestamp === undefined &&
      p.status.phase !== "Succeeded" &&
      p.status.phase !== "Failed",
  );
  job.status.active = stillActive.length;
  job.status.ready = stillActive.filter(isReady).length;
  job.status.succeeded = succeeded.length;
  job.status.failed = failed.length;
  job.status.terminating = terminating.length;
  writeStatus(engine, job, before);
  if (isFinished(job)) return ttlAfterFinished(engine, job);
  return next;
}
