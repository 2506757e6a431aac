import type { HorizontalPodAutoscaler, HPAScalingRules, ResourceMetricSpec } from "../model/autoscaling.ts";
import type { PodDisruptionBudget } from "../model/policy.ts";
import type { PriorityClass } from "../model/scheduling.ts";
import { arr, compact, labelSelector, num, obj, type Raw, str } from "./convert.ts";
import { type FieldError, forbidden, invalid, notSupported, required } from "./fielderrors.ts";
import type { DecodedMeta } from "./types.ts";
import { validateIntOrPercent } from "./validate/apps.ts";
import { validateLabelSelector } from "./validate/selector.ts";
import type { KindResult } from "./workloads.ts";

/**
 * PodDisruptionBudget (policy/v1), PriorityClass (scheduling.k8s.io/v1) and HorizontalPodAutoscaler
 * (autoscaling/v2, and v1's targetCPUUtilizationPercentage): decoding, defaults and validation.
 */
type NamespacedMeta = DecodedMeta & { namespace: string };

const asIntOrString = (v: unknown) => (typeof v === "number" || typeof v === "string" ? v : undefined);

export function decodePodDisruptionBudget(raw: Raw, metadata: NamespacedMeta): KindResult {
  const s = obj(raw.spec);
  const spec: PodDisruptionBudget["spec"] = compact({
    minAvailable: asIntOrString(s.minAvailable),
    maxUnavailable: asIntOrString(s.maxUnavailable),
    selector: s.selector === undefined || s.selector === null ? undefined : labelSelector(s.selector),
    unhealthyPodEvictionPolicy: str(
      s.unhealthyPodEvictionPolicy,
    ) as PodDisruptionBudget["spec"]["unhealthyPodEvictionPolicy"],
  });
  const errors: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errors.push(
      invalid(
        "spec",
        { go: "policy.PodDisruptionBudgetSpec{...}" },
        "minAvailable and maxUnavailable cannot be both set",
      ),
    );
  }
  if (spec.minAvailable !== undefined)
    errors.push(...validateIntOrPercent(spec.minAvailable, "spec.minAvailable"));
  if (spec.maxUnavailable !== undefined)
    errors.push(...validateIntOrPercent(spec.maxUnavailable, "spec.maxUnavailable"));
  if (spec.selector) errors.push(...validateLabelSelector(spec.selector, "spec.selector"));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && policy !== "IfHealthyBudget" && policy !== "AlwaysAllow") {
    errors.push(notSupported("spec.unhealthyPodEvictionPolicy", policy, ["AlwaysAllow", "IfHealthyBudget"]));
  }
  return { object: { kind: "PodDisruptionBudget", metadata, spec }, errors, notSimulated: [] };
}

/** scheduling.HighestUserDefinablePriority: above it only the system classes. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
const SYSTEM_CLASSES: Record<string, number> = {
  "system-node-critical": 2_000_001_000,
  "system-cluster-critical": 2_000_000_000,
};

export function decodePriorityClass(raw: Raw, metadata: DecodedMeta): KindResult {
  const spec: Omit<PriorityClass, "apiVersion" | "kind" | "metadata"> = compact({
    value: num(raw.value) ?? 0,
    globalDefault: raw.globalDefault === true,
    description: str(raw.description),
    preemptionPolicy: (str(raw.preemptionPolicy) ||
      "PreemptLowerPriority") as PriorityClass["preemptionPolicy"],
  });
  const errors: FieldError[] = [];
  if (metadata.name.startsWith("system-")) {
    const known = SYSTEM_CLASSES[metadata.name];
    const why =
      known === undefined
        ? `${metadata.name} is not a known system priority class`
        : `value of ${metadata.name} PriorityClass must be ${known}`;
    if (known !== spec.value || spec.globalDefault) {
      errors.push(
        forbidden(
          "metadata.name",
          `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`,
        ),
      );
    }
  } else if (spec.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errors.push(
      forbidden(
        "value",
        `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`,
      ),
    );
  }
  if (spec.preemptionPolicy !== "PreemptLowerPriority" && spec.preemptionPolicy !== "Never") {
    errors.push(notSupported("preemptionPolicy", spec.preemptionPolicy, ["Never", "PreemptLowerPriority"]));
  }
  return { object: { kind: "PriorityClass", metadata, spec }, errors, notSimulated: [] };
}

/** The autoscaling/v2 behavior defaults (HPAScalingRules of SetDefaults_HorizontalPodAutoscalerBehavior). */
export const DEFAULT_SCALE_UP: Required<HPAScalingRules> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [
    { type: "Pods", value: 4, periodSeconds: 15 },
    { type: "Percent", value: 100, periodSeconds: 15 },
  ],
};
export const DEFAULT_SCALE_DOWN: Required<HPAScalingRules> = {
  stabilizationWindowSeconds: 300,
  selectPolicy: "Max",
  policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
};

function scalingRules(v: unknown, defaults: Required<HPAScalingRules>): Required<HPAScalingRules> {
  if (v === undefined || v === null) return defaults;
  const r = obj(v);
  return {
    stabilizationWindowSeconds: num(r.stabilizationWindowSeconds) ?? defaults.stabilizationWindowSeconds,
    selectPolicy: (str(r.selectPolicy) ?? defaults.selectPolicy) as HPAScalingRules["selectPolicy"] & string,
    policies: Array.isArray(r.policies)
      ? r.policies.map((p) => {
          const o = obj(p);
          return {
            type: (str(o.type) ?? "Pods") as "Pods",
            value: num(o.value) ?? 0,
            periodSeconds: num(o.periodSeconds) ?? 0,
          };
        })
      : defaults.policies,
  };
}

export function decodeHorizontalPodAutoscaler(raw: Raw, metadata: NamespacedMeta): KindResult {
  const s = obj(raw.spec);
  const ref = obj(s.scaleTargetRef);
  const v1Target = num(s.targetCPUUtilizationPercentage);
  const metrics: ResourceMetricSpec[] = Array.isArray(s.metrics)
    ? s.metrics.map((m) => {
        const resource = obj(obj(m).resource);
        const target = obj(resource.target);
        const name = (str(resource.name) ?? "cpu") as "cpu";
        return str(target.type) === "AverageValue"
          ? {
              type: "Resource",
              resource: {
                name,
                target: { type: "AverageValue", averageValue: str(target.averageValue) ?? "0" },
              },
            }
          : {
              type: "Resource",
              resource: {
                name,
                target: { type: "Utilization", averageUtilization: num(target.averageUtilization) ?? 80 },
              },
            };
      })
    : [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: v1Target ?? 80 } },
        },
      ];
  const behavior = obj(s.behavior);
  const spec: HorizontalPodAutoscaler["spec"] = {
    scaleTargetRef: compact({
      apiVersion: str(ref.apiVersion),
      kind: str(ref.kind) ?? "",
      name: str(ref.name) ?? "",
    }),
    minReplicas: num(s.minReplicas) ?? 1,
    maxReplicas: num(s.maxReplicas) ?? 0,
    metrics,
    // A behavior given is completed with the defaults; none given stays none (the controller uses them).
    ...(s.behavior === undefined || s.behavior === null
      ? {}
      : {
          behavior: {
            scaleUp: scalingRules(behavior.scaleUp, DEFAULT_SCALE_UP),
            scaleDown: scalingRules(behavior.scaleDown, DEFAULT_SCALE_DOWN),
          },
        }),
  };
  const errors: FieldError[] = [];
  if (!spec.scaleTargetRef.kind) errors.push(required("spec.scaleTargetRef.kind"));
  if (!spec.scaleTargetRef.name) errors.push(required("spec.scaleTargetRef.name"));
  if (spec.minReplicas < 1)
    errors.push(invalid("spec.minReplicas", spec.minReplicas, "must be greater than or equal to 1"));
  if (spec.maxReplicas < 1)
    errors.push(invalid("spec.maxReplicas", spec.maxReplicas, "must be greater than 0"));
  else if (spec.maxReplicas < spec.minReplicas) {
    errors.push(
      invalid("spec.maxReplicas", spec.maxReplicas, "must be greater than or equal to `minReplicas`"),
    );
  }
  arr(s.metrics).forEach((m, i) => {
    const type = str(obj(m).type);
    if (type !== "Resource") errors.push(notSupported(`spec.metrics[${i}].type`, type ?? "", ["Resource"]));
  });
  metrics.forEach((m, i) => {
    if (m.resource.name !== "cpu" && m.resource.name !== "memory") {
      errors.push(notSupported(`spec.metrics[${i}].resource.name`, m.resource.name, ["cpu", "memory"]));
    }
    if (m.resource.target.type === "Utilization" && m.resource.target.averageUtilization <= 0) {
      errors.push(
        invalid(
          `spec.metrics[${i}].resource.target.averageUtilization`,
          m.resource.target.averageUtilization,
          "must be greater than 0",
        ),
      );
    }
  });
  return { object: { kind: "HorizontalPodAutoscaler", metadata, spec }, errors, notSimulated: [] };
}
