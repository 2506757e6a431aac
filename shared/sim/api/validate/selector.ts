import type { LabelSelector } from "../../model/workload.ts";
import { child, type FieldError, forbidden, invalid, required } from "../fielderrors.ts";
import { isValidLabelValue, validateLabelName, validateLabels } from "../names.ts";

/** metav1validation.ValidateLabelSelector: keys, operators and values of a label selector. */
export function validateLabelSelector(selector: LabelSelector, path: string): FieldError[] {
  const errs = validateLabels(selector.matchLabels, child(path, "matchLabels"));
  (selector.matchExpressions ?? []).forEach((r, i) => {
    const p = `${child(path, "matchExpressions")}[${i}]`;
    const values = r.values ?? [];
    if (r.operator === "In" || r.operator === "NotIn") {
      if (values.length === 0)
        errs.push(required(child(p, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (r.operator === "Exists" || r.operator === "DoesNotExist") {
      if (values.length > 0) {
        errs.push(
          forbidden(child(p, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
    } else errs.push(invalid(child(p, "operator"), r.operator, "not a valid selector operator"));
    errs.push(...validateLabelName(r.key, child(p, "key")));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(v)) errs.push(invalid(`${child(p, "values")}[${j}]`, v, m));
    });
  });
  return errs;
}
