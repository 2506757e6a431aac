import type { Labels } from "../model/meta.ts";
import type { LabelSelector } from "../model/workload.ts";

/**
 * Label selectors, once, as apimachinery's `labels` package has them: a Selector is a list of
 * Requirements that must all match (`labels.Selector.Matches`). Every matcher of the engine (controllers,
 * Services, node affinity, API validation) and kubectl's `-l` go through this module, so a label key
 * such as "constructor" and an unknown operator mean the same everywhere.
 */

/** selection.Operator, with upstream's spellings (what `labels.Parse` reads: `=`, `!=`, `in` ...). */
export type Operator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

export interface Requirement {
  key: string;
  operator: Operator;
  /** Empty for exists and !; exactly one for =, ==, !=, gt and lt (an integer for gt and lt). */
  values: readonly string[];
}

export type Selector = readonly Requirement[];

/** The operators a metav1.LabelSelector's matchExpressions may use, and what they become. */
const LABEL_SELECTOR_OPERATORS: Record<string, Operator> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

const INT64 = /^[+-]?[0-9]+$/;

/** strconv.ParseInt(s, 10, 64) as selectors use it; NaN when the text is not an integer. */
function parseInt64(text: string): number {
  return INT64.test(text) ? Number(text) : Number.NaN;
}

/** labels.NewRequirement's checks on the number of values (label syntax is the API server's job). */
export function newRequirement(
  key: string,
  operator: Operator,
  values: readonly string[],
): { ok: true; requirement: Requirement } | { ok: false; message: string } {
  switch (operator) {
    case "in":
    case "notin":
      if (values.length === 0)
        return { ok: false, message: "for 'in', 'notin' operators, values set can't be empty" };
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1)
        return { ok: false, message: "exact-match compatibility requires one single value" };
      break;
    case "exists":
    case "!":
      if (values.length !== 0)
        return { ok: false, message: "values set must be empty for exists and does not exist" };
      break;
    case "gt":
    case "lt":
      if (values.length !== 1 || Number.isNaN(parseInt64(values[0] ?? ""))) {
        return {
          ok: false,
          message: "for 'Gt', 'Lt' operators, exactly one value is required and it must be an integer",
        };
      }
      break;
    default:
      return { ok: false, message: `operator '${operator as string}' is not recognized` };
  }
  return { ok: true, requirement: { key, operator, values } };
}

/** labels.Requirement.Matches: a missing label fails =, in, exists, gt, lt and passes !=, notin, !. */
export function matchesRequirement(r: Requirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case "=":
    case "==":
    case "in":
      return has && r.values.includes(labels[r.key] as string);
    case "!=":
    case "notin":
      return !has || !r.values.includes(labels[r.key] as string);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      if (!has || r.values.length !== 1) return false;
      const value = parseInt64(labels[r.key] as string);
      const bound = parseInt64(r.values[0] as string);
      if (Number.isNaN(value) || Number.isNaN(bound)) return false;
      return r.operator === "gt" ? value > bound : value < bound;
    }
    default:
      return false;
  }
}

/** labels.Selector.Matches: every requirement holds (the empty selector matches everything). */
export function matches(selector: Selector, labels: Labels): boolean {
  for (let i = 0; i < selector.length; i++) {
    if (!matchesRequirement(selector[i] as Requirement, labels)) return false;
  }
  return true;
}

/**
 * labels.SelectorFromSet(set).Matches(labels), without building the selector: a map selector (a
 * Service's spec.selector, a pod template's labels) matches when every pair is present and equal.
 */
export function setMatches(set: Labels, labels: Labels): boolean {
  for (const key in set) {
    if (!Object.hasOwn(set, key)) continue;
    if (!Object.hasOwn(labels, key) || labels[key] !== set[key]) return false;
  }
  return true;
}

/**
 * metav1.LabelSelectorAsSelector: matchLabels become `=` requirements and matchExpressions their
 * operators; an operator other than In, NotIn, Exists and DoesNotExist is an error.
 */
export function labelSelectorAsSelector(
  selector: LabelSelector,
): { ok: true; selector: Selector } | { ok: false; message: string } {
  const requirements: Requirement[] = [];
  for (const key of Object.keys(selector.matchLabels ?? {}).sort()) {
    const made = newRequirement(key, "=", [(selector.matchLabels as Labels)[key] as string]);
    if (!made.ok) return made;
    requirements.push(made.requirement);
  }
  for (const expression of selector.matchExpressions ?? []) {
    const operator = Object.hasOwn(LABEL_SELECTOR_OPERATORS, expression.operator)
      ? LABEL_SELECTOR_OPERATORS[expression.operator]
      : undefined;
    if (!operator)
      return { ok: false, message: `"${expression.operator}" is not a valid label selector operator` };
    const made = newRequirement(expression.key, operator, expression.values ?? []);
    if (!made.ok) return made;
    requirements.push(made.requirement);
  }
  return { ok: true, selector: requirements };
}

/** Does a metav1.LabelSelector select these labels? One that does not convert selects nothing. */
export function labelSelectorMatches(selector: LabelSelector, labels: Labels): boolean {
  const converted = labelSelectorAsSelector(selector);
  return converted.ok && matches(converted.selector, labels);
}
