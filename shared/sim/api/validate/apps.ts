import { labelSelectorAsSelector, labelSelectorMatches } from "../../labels/selector.ts";
import type { DeploymentStrategy, LabelSelector, PodTemplate } from "../../model/workload.ts";
import { obj, type Raw } from "../convert.ts";
import {
  child,
  type FieldError,
  forbidden,
  goQuote,
  goStringMap,
  invalid,
  notSupported,
  required,
} from "../fielderrors.ts";
import { isValidPercent, validateAnnotations, validateLabels } from "../names.ts";
import { validatePodSpec } from "./pod.ts";
import { validateLabelSelector } from "./selector.ts";

/** apps/v1 validation (`pkg/apis/apps/validation/validation.go`): selectors, templates, strategy. */

/** `%#v` of a metav1.LabelSelector, as the API server prints a bad selector. */
export function goLabelSelector(selector: LabelSelector): { go: string } {
  const labels = goStringMap(selector.matchLabels).go;
  const exprs = selector.matchExpressions
    ? `[]v1.LabelSelectorRequirement{${selector.matchExpressions
        .map((r) => {
          const values = r.values ? `[]string{${r.values.map(goQuote).join(", ")}}` : "[]string(nil)";
          return `v1.LabelSelectorRequirement{Key:${goQuote(r.key)}, Operator:${goQuote(r.operator)}, Values:${values}}`;
        })
        .join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return { go: `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}` };
}

/** Selector checks shared by Deployment and ReplicaSet, then ValidatePodTemplateSpecForReplicaSet. */
export function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplate,
  raw: Raw,
  templateLabelsGiven: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const selectorPath = "spec.selector";
  if (!selector) errs.push(required(selectorPath));
  else {
    errs.push(...validateLabelSelector(selector, selectorPath));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      errs.push(invalid(selectorPath, goLabelSelector(selector), "empty selector is invalid for deployment"));
    }
    if (!labelSelectorAsSelector(selector).ok) {
      errs.push(invalid(selectorPath, goLabelSelector(selector), "invalid label selector"));
      return errs;
    }
  }
  const empty =
    !selector ||
    Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
  const labels = template.metadata.labels;
  if (!empty && selector && !labelSelectorMatches(selector, labels)) {
    errs.push(
      invalid(
        "spec.template.metadata.labels",
        goStringMap(templateLabelsGiven ? labels : undefined),
        "`selector` does not match template `labels`",
      ),
    );
  }
  errs.push(...validateLabels(labels, "spec.template.labels"));
  errs.push(...validateAnnotations(template.metadata.annotations, "spec.template.annotations"));
  const rawSpec = obj(obj(raw.template).spec);
  errs.push(...validatePodSpec(template.spec, rawSpec, "spec.template.spec"));
  if (template.spec.restartPolicy !== "Always") {
    errs.push(notSupported("spec.template.spec.restartPolicy", template.spec.restartPolicy, ["Always"]));
  }
  if (typeof rawSpec.activeDeadlineSeconds === "number") {
    errs.push(
      invalid(
        "spec.template.spec.activeDeadlineSeconds",
        rawSpec.activeDeadlineSeconds,
        "activeDeadlineSeconds in ReplicaSet is not Supported",
      ),
    );
  }
  return errs;
}

function percentValue(value: number | string): number | undefined {
  return typeof value === "string" && isValidPercent(value).length === 0
    ? Number(value.slice(0, -1))
    : undefined;
}

export function intOrPercent(value: number | string): number {
  return (
    percentValue(value) ?? (typeof value === "number" ? value : /^-?\d+$/.test(value) ? Number(value) : 0)
  );
}

export function validateIntOrPercent(value: number | string, path: string): FieldError[] {
  if (typeof value === "string") return isValidPercent(value).map((m) => invalid(path, { go: value }, m));
  return value < 0 ? [invalid(path, value, "must be greater than or equal to 0")] : [];
}

export function validateStrategy(strategy: DeploymentStrategy, rawStrategy: Raw): FieldError[] {
  const path = "spec.strategy";
  const errs: FieldError[] = [];
  const rollingGiven = rawStrategy.rollingUpdate !== undefined && rawStrategy.rollingUpdate !== null;
  if (strategy.type === "Recreate") {
    if (rollingGiven)
      errs.push(
        forbidden(child(path, "rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"),
      );
  } else if (strategy.type === "RollingUpdate") {
    const ru = strategy.rollingUpdate ?? { maxSurge: "25%", maxUnavailable: "25%" };
    const ruPath = child(path, "rollingUpdate");
    errs.push(...validateIntOrPercent(ru.maxUnavailable, child(ruPath, "maxUnavailable")));
    errs.push(...validateIntOrPercent(ru.maxSurge, child(ruPath, "maxSurge")));
    if (intOrPercent(ru.maxUnavailable) === 0 && intOrPercent(ru.maxSurge) === 0) {
      errs.push(
        invalid(
          child(ruPath, "maxUnavailable"),
          { go: String(ru.maxUnavailable) },
          "may not be 0 when `maxSurge` is 0",
        ),
      );
    }
    const unavailable = percentValue(ru.maxUnavailable);
    if (unavailable !== undefined && unavailable > 100) {
      errs.push(
        invalid(
          child(ruPath, "maxUnavailable"),
          { go: String(ru.maxUnavailable) },
          "must not be greater than 100%",
        ),
      );
    }
  } else {
    const pointer = rollingGiven
      ? "(*apps.RollingUpdateDeployment)(0xc000a1b2c0)"
      : "(*apps.RollingUpdateDeployment)(nil)";
    errs.push(
      notSupported(
        path,
        { go: `apps.DeploymentStrategy{Type:${goQuote(strategy.type)}, RollingUpdate:${pointer}}` },
        ["Recreate", "RollingUpdate"],
      ),
    );
  }
  return errs;
}
