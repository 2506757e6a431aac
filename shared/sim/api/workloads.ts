import type { DeploymentStrategy } from "../model/workload.ts";
import {
  compact,
  defaultRequestsFromLimits,
  labelSelector,
  num,
  obj,
  podSpec,
  podTemplate,
  type Raw,
  str,
} from "./convert.ts";
import { type FieldError, invalid } from "./fielderrors.ts";
import { validateNonnegative } from "./names.ts";
import type { DecodedMeta, DecodedObject } from "./types.ts";
import { validateSelectorAndTemplate, validateStrategy } from "./validate/apps.ts";
import { validatePodSpec } from "./validate/pod.ts";

/** Pod, Deployment and ReplicaSet: defaulted model objects and their validation errors. */
export interface KindResult {
  object: DecodedObject;
  errors: FieldError[];
  notSimulated: string[];
}

type NamespacedMeta = DecodedMeta & { namespace: string };

export function decodePod(raw: Raw, metadata: NamespacedMeta): KindResult {
  const rawSpec = obj(raw.spec);
  const spec = defaultRequestsFromLimits(podSpec(rawSpec));
  return {
    object: { kind: "Pod", metadata, spec },
    errors: validatePodSpec(spec, rawSpec, "spec"),
    notSimulated: [],
  };
}

function templateLabelsGiven(rawSpec: Raw): boolean {
  const labels = obj(obj(rawSpec.template).metadata).labels;
  return labels !== undefined && labels !== null;
}

function selectorOf(rawSpec: Raw) {
  return rawSpec.selector === undefined || rawSpec.selector === null
    ? undefined
    : labelSelector(rawSpec.selector);
}

export function decodeDeployment(raw: Raw, metadata: NamespacedMeta): KindResult {
  const s = obj(raw.spec);
  const selector = selectorOf(s);
  const template = podTemplate(s.template);
  const rawStrategy = obj(s.strategy);
  const type = (str(rawStrategy.type) || "RollingUpdate") as DeploymentStrategy["type"];
  const rawRolling = obj(rawStrategy.rollingUpdate);
  const asIntOrString = (v: unknown) => (typeof v === "number" || typeof v === "string" ? v : undefined);
  // SetDefaults_Deployment: RollingUpdate gets 25%/25% for whatever is unset.
  const rollingUpdate =
    type === "RollingUpdate"
      ? {
          maxSurge: asIntOrString(rawRolling.maxSurge) ?? "25%",
          maxUnavailable: asIntOrString(rawRolling.maxUnavailable) ?? "25%",
        }
      : rawStrategy.rollingUpdate
        ? compact({
            maxSurge: asIntOrString(rawRolling.maxSurge) ?? 0,
            maxUnavailable: asIntOrString(rawRolling.maxUnavailable) ?? 0,
          })
        : undefined;
  const strategy: DeploymentStrategy = compact({ type, rollingUpdate });
  const spec = {
    replicas: num(s.replicas) ?? 1,
    selector: selector ?? {},
    template,
    strategy,
    minReadySeconds: num(s.minReadySeconds) ?? 0,
    revisionHistoryLimit: num(s.revisionHistoryLimit) ?? 10,
    progressDeadlineSeconds: num(s.progressDeadlineSeconds) ?? 600,
    paused: s.paused === true,
  };
  const errors = [
    ...validateNonnegative(spec.replicas, "spec.replicas"),
    ...validateSelectorAndTemplate(selector, template, s, templateLabelsGiven(s)),
    ...validateStrategy(strategy, rawStrategy),
    ...validateNonnegative(spec.minReadySeconds, "spec.minReadySeconds"),
    ...validateNonnegative(spec.revisionHistoryLimit, "spec.revisionHistoryLimit"),
    ...validateNonnegative(spec.progressDeadlineSeconds, "spec.progressDeadlineSeconds"),
  ];
  if (spec.progressDeadlineSeconds <= spec.minReadySeconds) {
    errors.push(
      invalid(
        "spec.progressDeadlineSeconds",
        spec.progressDeadlineSeconds,
        "must be greater than minReadySeconds",
      ),
    );
  }
  return { object: { kind: "Deployment", metadata, spec }, errors, notSimulated: [] };
}

export function decodeReplicaSet(raw: Raw, metadata: NamespacedMeta): KindResult {
  const s = obj(raw.spec);
  const selector = selectorOf(s);
  const template = podTemplate(s.template);
  const spec = {
    replicas: num(s.replicas) ?? 1,
    selector: selector ?? {},
    template,
    minReadySeconds: num(s.minReadySeconds) ?? 0,
  };
  const errors = [
    ...validateNonnegative(spec.replicas, "spec.replicas"),
    ...validateNonnegative(spec.minReadySeconds, "spec.minReadySeconds"),
    ...validateSelectorAndTemplate(selector, template, s, templateLabelsGiven(s)),
  ];
  return { object: { kind: "ReplicaSet", metadata, spec }, errors, notSimulated: [] };
}
