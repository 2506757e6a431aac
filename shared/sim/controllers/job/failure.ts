import type { Job, PodFailurePolicyRule } from "../../model/batch.ts";
import type { Pod } from "../../model/pod.ts";

/**
 * How a Job reads its failed pods (pkg/controller/job: backoff_utils.go, pod_failure_policy.go): the
 * back-off before a replacement (10 s doubling per failure since the last success, capped at 10 min,
 * as job_controller.go's DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff; the docs say six
 * minutes), and the podFailurePolicy rules that may fail the Job at once or ignore a failure.
 */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export function finishedAt(pod: Pod): number {
  let at = pod.metadata.creationTimestamp;
  for (const s of pod.status.containerStatuses) {
    const state = s.state;
    if ("terminated" in state) at = Math.max(at, state.terminated.finishedAt);
  }
  return at;
}

/** When the next pod may be created: the last failure plus the back-off its run of failures earned. */
export function nextCreationAllowedAt(succeeded: readonly Pod[], failed: readonly Pod[]): number {
  const lastSuccess = Math.max(Number.NEGATIVE_INFINITY, ...succeeded.map(finishedAt));
  const after = failed.map(finishedAt).filter((t) => t > lastSuccess);
  if (after.length === 0) return Number.NEGATIVE_INFINITY;
  let backoff = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < after.length && backoff < MAX_POD_FAILURE_BACKOFF_MS; i++) backoff *= 2;
  return Math.max(...after) + Math.min(backoff, MAX_POD_FAILURE_BACKOFF_MS);
}

function exitCodeMatches(
  rule: PodFailurePolicyRule,
  pod: Pod,
): { container: string; code: number } | undefined {
  const onExit = rule.onExitCodes;
  if (!onExit) return undefined;
  for (const s of pod.status.containerStatuses) {
    if (onExit.containerName && onExit.containerName !== s.name) continue;
    const state = s.state;
    if (!("terminated" in state)) continue;
    const code = state.terminated.exitCode;
    // A container that succeeded (0) never matches, whatever the operator says.
    if (code === 0) continue;
    const listed = onExit.values.includes(code);
    if (onExit.operator === "In" ? listed : !listed) return { container: s.name, code };
  }
  return undefined;
}

function conditionMatches(rule: PodFailurePolicyRule, pod: Pod): boolean {
  return (rule.onPodConditions ?? []).some((pattern) =>
    pod.status.conditions.some((c) => c.type === pattern.type && c.status === pattern.status),
  );
}

export type PolicyVerdict =
  | { action: "FailJob"; message: string }
  | { action: "Ignore" }
  | { action: "Count" };

/** matchPodFailurePolicy: the first rule that matches a failed pod decides; none matching counts it. */
export function podFailurePolicyVerdict(job: Job, pod: Pod): PolicyVerdict {
  const rules = job.spec.podFailurePolicy?.rules ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i] as PodFailurePolicyRule;
    const exit = exitCodeMatches(rule, pod);
    const matched = exit !== undefined || conditionMatches(rule, pod);
    if (!matched) continue;
    if (rule.action === "Ignore") return { action: "Ignore" };
    if (rule.action === "FailJob") {
      const podName = `${pod.metadata.namespace}/${pod.metadata.name}`;
      const message = exit
        ? `Container ${exit.container} for pod ${podName} failed with exit code ${exit.code} matching FailJob rule at index ${i}`
        : `Pod ${podName} has condition ${rule.onPodConditions?.[0]?.type} matching FailJob rule at index ${i}`;
      return { action: "FailJob", message };
    }
    return { action: "Count" };
  }
  return { action: "Count" };
}
