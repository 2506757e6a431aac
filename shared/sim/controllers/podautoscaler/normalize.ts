import { DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP } from "../../api/policy.ts";
import type { HorizontalPodAutoscaler, HPAScalingRules } from "../../model/autoscaling.ts";
import type { HPAMemory } from "../../model/controlplane.ts";

/**
 * From the metric's recommendation to the replicas the HPA sets (horizontal.go): the scale-down
 * stabilisation window (the highest recommendation of the last 300 s wins, so a dip does not shrink the
 * workload), then the rate limits: without spec.behavior, at most max(2 × current, 4) on the way up;
 * with it, the scaleUp/scaleDown policies over their periods; always within min and max replicas.
 * Each step reports the condition it set (AbleToScale, ScalingLimited) as the controller words it.
 */
export const DOWNSCALE_STABILISATION_WINDOW_MS = 300_000;
const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

export interface Normalized {
  replicas: number;
  ableToScale: { reason: string; message: string };
  limited: { status: "True" | "False"; reason: string; message: string };
}

const WITHIN = { reason: "DesiredWithinRange", message: "the desired count is within the acceptable range" };

/** stabilizeRecommendation: the highest recommendation of the window; records this one. */
function stabilize(memory: HPAMemory, desired: number, now: number): number {
  const cutoff = now - DOWNSCALE_STABILISATION_WINDOW_MS;
  let max = desired;
  let old = -1;
  memory.recommendations.forEach((rec, i) => {
    if (rec.at < cutoff) old = i;
    else if (rec.replicas > max) max = rec.replicas;
  });
  const entry = { at: now, replicas: desired };
  if (old >= 0) memory.recommendations[old] = entry;
  else memory.recommendations.push(entry);
  return max;
}

/** stabilizeRecommendationWithBehaviors: the lowest of the up window, the highest of the down window. */
function stabilizeWithBehaviors(
  memory: HPAMemory,
  current: number,
  desired: number,
  up: Required<HPAScalingRules>,
  down: Required<HPAScalingRules>,
  now: number,
): { replicas: number; reason: string; message: string } {
  const upCutoff = now - up.stabilizationWindowSeconds * 1000;
  const downCutoff = now - down.stabilizationWindowSeconds * 1000;
  let upRecommendation = desired;
  let downRecommendation = desired;
  let old = -1;
  memory.recommendations.forEach((rec, i) => {
    if (rec.at > upCutoff) upRecommendation = Math.min(rec.replicas, upRecommendation);
    if (rec.at > downCutoff) downRecommendation = Math.max(rec.replicas, downRecommendation);
    if (rec.at < upCutoff && rec.at < downCutoff) old = i;
  });
  let replicas = current;
  if (replicas < upRecommendation) replicas = upRecommendation;
  if (replicas > downRecommendation) replicas = downRecommendation;
  const entry = { at: now, replicas: desired };
  if (old >= 0) memory.recommendations[old] = entry;
  else memory.recommendations.push(entry);
  return desired >= current
    ? {
        replicas,
        reason: "ScaleUpStabilized",
        message:
          "recent recommendations were lower than current one, applying the lowest recent recommendation",
      }
    : {
        replicas,
        reason: "ScaleDownStabilized",
        message:
          "recent recommendations were higher than current one, applying the highest recent recommendation",
      };
}

function changeInPeriod(
  events: readonly { at: number; change: number }[],
  periodSeconds: number,
  now: number,
): number {
  const cutoff = now - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.at > cutoff) sum += e.change;
  return sum;
}

function scaleUpLimit(
  current: number,
  memory: HPAMemory,
  rules: Required<HPAScalingRules>,
  now: number,
): number {
  if (rules.selectPolicy === "Disabled") return current;
  const pick = rules.selectPolicy === "Min" ? Math.min : Math.max;
  let result = rules.selectPolicy === "Min" ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const policy of rules.policies) {
    const start =
      current -
      changeInPeriod(memory.scaleUpEvents, policy.periodSeconds, now) +
      changeInPeriod(memory.scaleDownEvents, policy.periodSeconds, now);
    const proposed =
      policy.type === "Pods" ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

function scaleDownLimit(
  current: number,
  memory: HPAMemory,
  rules: Required<HPAScalingRules>,
  now: number,
): number {
  if (rules.selectPolicy === "Disabled") return current;
  const pick = rules.selectPolicy === "Min" ? Math.max : Math.min;
  let result = rules.selectPolicy === "Min" ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const policy of rules.policies) {
    const start =
      current -
      changeInPeriod(memory.scaleUpEvents, policy.periodSeconds, now) +
      changeInPeriod(memory.scaleDownEvents, policy.periodSeconds, now);
    const proposed =
      policy.type === "Pods" ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** normalizeDesiredReplicas (no spec.behavior) and normalizeDesiredReplicasWithBehaviors. */
export function normalizeDesiredReplicas(
  hpa: HorizontalPodAutoscaler,
  memory: HPAMemory,
  current: number,
  desired: number,
  now: number,
): Normalized {
  const { minReplicas: min, maxReplicas: max } = hpa.spec;
  const behavior = hpa.spec.behavior;
  if (!behavior) {
    const stabilized = stabilize(memory, desired, now);
    const ableToScale =
      stabilized !== desired
        ? {
            reason: "ScaleDownStabilized",
            message:
              "recent recommendations were higher than current one, applying the highest recent recommendation",
          }
        : { reason: "ReadyForNewScale", message: "recommended size matches current size" };
    const upLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
    let replicas = stabilized;
    let limit = WITHIN;
    if (stabilized < min) {
      replicas = min;
      limit = {
        reason: "TooFewReplicas",
        message: "the desired replica count is less than the minimum replica count",
      };
    } else if (max > upLimit && stabilized > upLimit) {
      replicas = upLimit;
      limit = {
        reason: "ScaleUpLimit",
        message: "the desired replica count is increasing faster than the maximum scale rate",
      };
    } else if (max <= upLimit && stabilized > max) {
      replicas = max;
      limit = {
        reason: "TooManyReplicas",
        message: "the desired replica count is more than the maximum replica count",
      };
    }
    return {
      replicas,
      ableToScale,
      limited: { status: replicas === stabilized ? "False" : "True", ...limit },
    };
  }
  const up = { ...DEFAULT_SCALE_UP, ...behavior.scaleUp } as Required<HPAScalingRules>;
  const down = { ...DEFAULT_SCALE_DOWN, ...behavior.scaleDown } as Required<HPAScalingRules>;
  const stable = stabilizeWithBehaviors(memory, current, desired, up, down, now);
  const ableToScale =
    stable.replicas !== desired
      ? { reason: stable.reason, message: stable.message }
      : { reason: "ReadyForNewScale", message: "recommended size matches current size" };
  let replicas = stable.replicas;
  let limit = WITHIN;
  if (replicas > current) {
    const upLimit = Math.max(current, scaleUpLimit(current, memory, up, now));
    const allowed = Math.min(max, upLimit);
    if (replicas > allowed) {
      replicas = allowed;
      limit =
        max > upLimit
          ? {
              reason: "ScaleUpLimit",
              message: "the desired replica count is increasing faster than the maximum scale rate",
            }
          : {
              reason: "TooManyReplicas",
              message: "the desired replica count is more than the maximum replica count",
            };
    }
  } else if (replicas < current) {
    const downLimit = Math.min(current, scaleDownLimit(current, memory, down, now));
    const allowed = Math.max(min, downLimit);
    if (replicas < allowed) {
      replicas = allowed;
      limit =
        min < downLimit
          ? {
              reason: "ScaleDownLimit",
              message: "the desired replica count is decreasing faster than the maximum scale rate",
            }
          : {
              reason: "TooFewReplicas",
              message: "the desired replica count is less than the minimum replica count",
            };
    }
  }
  return {
    replicas,
    ableToScale,
    limited: { status: replicas === stable.replicas ? "False" : "True", ...limit },
  };
}

/** storeScaleEvent: a rescale counts against the policies' periods (kept for the longest one). */
export function recordScaleEvent(
  hpa: HorizontalPodAutoscaler,
  memory: HPAMemory,
  from: number,
  to: number,
  now: number,
): void {
  const rules = [
    ...(hpa.spec.behavior?.scaleUp?.policies ?? DEFAULT_SCALE_UP.policies),
    ...(hpa.spec.behavior?.scaleDown?.policies ?? DEFAULT_SCALE_DOWN.policies),
  ];
  const longest = Math.max(...rules.map((p) => p.periodSeconds)) * 1000;
  const prune = (list: { at: number; change: number }[]) => list.filter((e) => e.at > now - longest);
  memory.scaleUpEvents = prune(memory.scaleUpEvents);
  memory.scaleDownEvents = prune(memory.scaleDownEvents);
  if (to > from) memory.scaleUpEvents.push({ at: now, change: to - from });
  else if (to < from) memory.scaleDownEvents.push({ at: now, change: from - to });
}
