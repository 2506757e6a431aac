import type { Affinity, PodAffinity, PodAffinityTerm, TopologySpreadConstraint } from "../../model/pod.ts";
import { child, duplicate, type FieldError, index, invalid, notSupported, required } from "../fielderrors.ts";
import { isDNS1123Label, validateLabelName } from "../names.ts";
import { validateLabelSelector } from "./selector.ts";

/**
 * Validation of the pod's inter-pod affinity, topology spread constraints and preemption policy
 * (pkg/apis/core/validation/validation.go: validatePodAffinity, validateTopologySpreadConstraints).
 */
const IS_NOT_POSITIVE = "must be greater than zero";
const WHEN_UNSATISFIABLE = ["DoNotSchedule", "ScheduleAnyway"];
const INCLUSION_POLICIES = ["Honor", "Ignore"];
const PREEMPTION_POLICIES = ["Never", "PreemptLowerPriority"];

function validateTerm(term: PodAffinityTerm, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (term.labelSelector)
    errs.push(...validateLabelSelector(term.labelSelector, child(path, "labelSelector")));
  if (term.namespaceSelector) {
    errs.push(...validateLabelSelector(term.namespaceSelector, child(path, "namespaceSelector")));
  }
  for (const name of term.namespaces ?? []) {
    for (const m of isDNS1123Label(name)) errs.push(invalid(child(path, "namespace"), name, m));
  }
  if (term.topologyKey.length === 0) errs.push(required(child(path, "topologyKey"), "can not be empty"));
  errs.push(...validateLabelName(term.topologyKey, child(path, "topologyKey")));
  return errs;
}

function validatePodAffinity(affinity: PodAffinity | undefined, path: string): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  (affinity.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
    errs.push(...validateTerm(term, index(child(path, "requiredDuringSchedulingIgnoredDuringExecution"), i)));
  });
  (affinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((weighted, i) => {
    const p = index(child(path, "preferredDuringSchedulingIgnoredDuringExecution"), i);
    if (weighted.weight <= 0 || weighted.weight > 100)
      errs.push(invalid(child(p, "weight"), weighted.weight, "must be in the range 1-100"));
    errs.push(...validateTerm(weighted.podAffinityTerm, child(p, "podAffinityTerm")));
  });
  return errs;
}

export function validatePodAffinities(affinity: Affinity | undefined, path: string): FieldError[] {
  return [
    ...validatePodAffinity(affinity?.podAffinity, child(path, "podAffinity")),
    ...validatePodAffinity(affinity?.podAntiAffinity, child(path, "podAntiAffinity")),
  ];
}

export function validateTopologySpreadConstraints(
  constraints: readonly TopologySpreadConstraint[] | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  (constraints ?? []).forEach((c, i) => {
    const p = index(path, i);
    if (c.maxSkew <= 0) errs.push(invalid(child(p, "maxSkew"), c.maxSkew, IS_NOT_POSITIVE));
    if (c.topologyKey.length === 0) errs.push(required(child(p, "topologyKey"), "can not be empty"));
    if (!WHEN_UNSATISFIABLE.includes(c.whenUnsatisfiable))
      errs.push(notSupported(child(p, "whenUnsatisfiable"), c.whenUnsatisfiable, WHEN_UNSATISFIABLE));
    // {topologyKey, whenUnsatisfiable} names one kind of constraint: it may appear once.
    const repeated = (constraints ?? [])
      .slice(i + 1)
      .some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable);
    if (repeated)
      errs.push(
        duplicate(child(p, "{topologyKey, whenUnsatisfiable}"), `{${c.topologyKey}, ${c.whenUnsatisfiable}}`),
      );
    if (c.minDomains !== undefined) {
      if (c.minDomains <= 0) errs.push(invalid(child(p, "minDomains"), c.minDomains, IS_NOT_POSITIVE));
      if (c.whenUnsatisfiable !== "DoNotSchedule") {
        errs.push(
          invalid(
            child(p, "minDomains"),
            c.minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable}`,
          ),
        );
      }
    }
    for (const [field, value] of [
      ["nodeAffinityPolicy", c.nodeAffinityPolicy],
      ["nodeTaintsPolicy", c.nodeTaintsPolicy],
    ] as const) {
      if (value !== undefined && !INCLUSION_POLICIES.includes(value))
        errs.push(notSupported(child(p, field), value, INCLUSION_POLICIES));
    }
    if (c.labelSelector) errs.push(...validateLabelSelector(c.labelSelector, child(p, "labelSelector")));
  });
  return errs;
}

export function validatePreemptionPolicy(policy: string | undefined, path: string): FieldError[] {
  if (policy === undefined || PREEMPTION_POLICIES.includes(policy)) return [];
  return [notSupported(path, policy, PREEMPTION_POLICIES)];
}
