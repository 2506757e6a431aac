import { parseSchedule } from "../cron.ts";
import type { CronJob, JobSpec, JobTemplate, PodFailurePolicyRule } from "../model/batch.ts";
import type { PodTemplate } from "../model/workload.ts";
import { arr, compact, labelMap, labelSelector, num, obj, podTemplate, type Raw, str } from "./convert.ts";
import { child, type FieldError, invalid, notSupported, required } from "./fielderrors.ts";
import { validateAnnotations, validateLabels, validateNonnegative } from "./names.ts";
import type { DecodedMeta } from "./types.ts";
import { validatePodSpec } from "./validate/pod.ts";
import type { KindResult } from "./workloads.ts";

/**
 * Job and CronJob (batch/v1): SetDefaults_Job (completions and parallelism 1 when both are unset,
 * backoffLimit 6), SetDefaults_CronJob (Allow, history 3 and 1) and their validation. The Job's
 * selector and its pods' job-name and controller-uid labels are the API server's, set once the Job has
 * its uid (apiserver/batch.ts).
 */
type NamespacedMeta = DecodedMeta & { namespace: string };

const RESTART_POLICIES = ["OnFailure", "Never"];
const ACTIONS = ["Count", "FailIndex", "FailJob", "Ignore"];

function podFailurePolicy(v: unknown): JobSpec["podFailurePolicy"] {
  if (v === undefined || v === null) return undefined;
  return {
    rules: arr(obj(v).rules).map((item) => {
      const r = obj(item);
      const codes = obj(r.onExitCodes);
      return compact({
        action: (str(r.action) ?? "") as PodFailurePolicyRule["action"],
        onExitCodes:
          r.onExitCodes === undefined || r.onExitCodes === null
            ? undefined
            : compact({
                containerName: str(codes.containerName),
                operator: (str(codes.operator) ?? "") as "In",
                values: arr(codes.values).map(Number),
              }),
        onPodConditions:
          r.onPodConditions === undefined
            ? undefined
            : arr(r.onPodConditions).map((c) => ({
                type: str(obj(c).type) ?? "",
                status: str(obj(c).status) ?? "True",
              })),
      });
    }),
  };
}

/** A JobSpec without the selector (the API server adds it), defaulted. */
export function jobSpec(s: Raw): Omit<JobSpec, "selector"> & { template: PodTemplate } {
  const completions = num(s.completions);
  const parallelism = num(s.parallelism);
  const bothUnset = completions === undefined && parallelism === undefined;
  return compact({
    parallelism: parallelism ?? 1,
    completions: bothUnset ? 1 : completions,
    completionMode: (str(s.completionMode) || "NonIndexed") as JobSpec["completionMode"],
    backoffLimit: num(s.backoffLimit) ?? 6,
    activeDeadlineSeconds: num(s.activeDeadlineSeconds),
    ttlSecondsAfterFinished: num(s.ttlSecondsAfterFinished),
    podFailurePolicy: podFailurePolicy(s.podFailurePolicy),
    suspend: s.suspend === true,
    manualSelector: s.manualSelector === true ? true : undefined,
    template: podTemplate(s.template),
  });
}

function validateJobSpec(spec: ReturnType<typeof jobSpec>, raw: Raw, path: string): FieldError[] {
  const errs: FieldError[] = [
    ...validateNonnegative(spec.parallelism, child(path, "parallelism")),
    ...(spec.completions === undefined
      ? []
      : validateNonnegative(spec.completions, child(path, "completions"))),
    ...validateNonnegative(spec.backoffLimit, child(path, "backoffLimit")),
  ];
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds <= 0) {
    errs.push(
      invalid(child(path, "activeDeadlineSeconds"), spec.activeDeadlineSeconds, "must be greater than 0"),
    );
  }
  if (spec.ttlSecondsAfterFinished !== undefined) {
    errs.push(...validateNonnegative(spec.ttlSecondsAfterFinished, child(path, "ttlSecondsAfterFinished")));
  }
  if (spec.completionMode !== "NonIndexed" && spec.completionMode !== "Indexed") {
    errs.push(notSupported(child(path, "completionMode"), spec.completionMode, ["NonIndexed", "Indexed"]));
  }
  if (spec.completionMode === "Indexed" && spec.completions === undefined) {
    errs.push(required(child(path, "completions"), "when completion mode is Indexed"));
  }
  spec.podFailurePolicy?.rules.forEach((rule, i) => {
    const p = `${child(child(path, "podFailurePolicy"), "rules")}[${i}]`;
    if (!ACTIONS.includes(rule.action)) errs.push(notSupported(child(p, "action"), rule.action, ACTIONS));
    if (!rule.onExitCodes === !rule.onPodConditions) {
      errs.push(
        invalid(
          p,
          { go: "policy.PodFailurePolicyRule{...}" },
          "specifying one of OnExitCodes and OnPodConditions is required",
        ),
      );
    }
  });
  const template = spec.template;
  const templatePath = child(path, "template");
  errs.push(...validateLabels(template.metadata.labels, child(child(templatePath, "metadata"), "labels")));
  errs.push(
    ...validateAnnotations(
      template.metadata.annotations,
      child(child(templatePath, "metadata"), "annotations"),
    ),
  );
  const rawPodSpec = obj(obj(raw.template).spec);
  errs.push(...validatePodSpec(template.spec, rawPodSpec, child(templatePath, "spec")));
  // A Job's pods run to completion: restartPolicy Always (the pod default) is refused.
  if (!RESTART_POLICIES.includes(template.spec.restartPolicy)) {
    errs.push(
      notSupported(
        child(child(templatePath, "spec"), "restartPolicy"),
        template.spec.restartPolicy,
        RESTART_POLICIES,
      ),
    );
  }
  return errs;
}

export function decodeJob(raw: Raw, metadata: NamespacedMeta): KindResult {
  const s = obj(raw.spec);
  const spec = jobSpec(s);
  const selector = s.selector === undefined || s.selector === null ? undefined : labelSelector(s.selector);
  return {
    object: { kind: "Job", metadata, spec: { ...spec, selector: selector ?? {} } },
    errors: validateJobSpec(spec, s, "spec"),
    notSimulated: [],
  };
}

export function decodeCronJob(raw: Raw, metadata: NamespacedMeta): KindResult {
  const s = obj(raw.spec);
  const rawTemplate = obj(s.jobTemplate);
  const rawJobSpec = obj(rawTemplate.spec);
  const templateMeta = obj(rawTemplate.metadata);
  const jobTemplate: JobTemplate = {
    metadata: {
      labels: labelMap(templateMeta.labels) ?? {},
      annotations: labelMap(templateMeta.annotations) ?? {},
    },
    spec: jobSpec(rawJobSpec),
  };
  const schedule = str(s.schedule) ?? "";
  const spec: CronJob["spec"] = compact({
    schedule,
    timeZone: str(s.timeZone),
    startingDeadlineSeconds: num(s.startingDeadlineSeconds),
    concurrencyPolicy: (str(s.concurrencyPolicy) || "Allow") as CronJob["spec"]["concurrencyPolicy"],
    suspend: s.suspend === true,
    jobTemplate,
    successfulJobsHistoryLimit: num(s.successfulJobsHistoryLimit) ?? 3,
    failedJobsHistoryLimit: num(s.failedJobsHistoryLimit) ?? 1,
  });
  const errors: FieldError[] = [];
  if (!schedule) errors.push(required("spec.schedule"));
  else {
    const parsed = parseSchedule(schedule);
    if (!parsed.ok) errors.push(invalid("spec.schedule", schedule, parsed.message));
  }
  if (spec.timeZone !== undefined && spec.timeZone !== "Etc/UTC" && spec.timeZone !== "UTC") {
    errors.push(invalid("spec.timeZone", spec.timeZone, "unknown time zone (kubeclass simulates UTC only)"));
  }
  if (!["Allow", "Forbid", "Replace"].includes(spec.concurrencyPolicy)) {
    errors.push(
      notSupported("spec.concurrencyPolicy", spec.concurrencyPolicy, ["Allow", "Forbid", "Replace"]),
    );
  }
  errors.push(
    ...validateNonnegative(spec.successfulJobsHistoryLimit, "spec.successfulJobsHistoryLimit"),
    ...validateNonnegative(spec.failedJobsHistoryLimit, "spec.failedJobsHistoryLimit"),
    ...validateJobSpec(jobTemplate.spec, rawJobSpec, "spec.jobTemplate.spec"),
  );
  return { object: { kind: "CronJob", metadata, spec }, errors, notSimulated: [] };
}
