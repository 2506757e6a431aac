import { describe, expect, it } from "vitest";
import {
  labelSelectorAsSelector,
  labelSelectorMatches,
  matches,
  newRequirement,
  type Operator,
  setMatches,
} from "../../../shared/sim/labels/selector.ts";
import type { LabelSelector } from "../../../shared/sim/model/workload.ts";

/** apimachinery's labels semantics, table-driven: one module every matcher of the game uses. */
const labels = { app: "web", tier: "front", replicas: "3" };

describe("labels.Requirement.Matches", () => {
  it.each<[string, Operator, string[], boolean]>([
    ["app", "=", ["web"], true],
    ["app", "==", ["api"], false],
    ["zone", "=", [""], false],
    ["app", "!=", ["web"], false],
    ["zone", "!=", ["a"], true],
    ["tier", "in", ["front", "back"], true],
    ["zone", "in", ["a"], false],
    ["tier", "notin", ["front"], false],
    ["zone", "notin", ["a"], true],
    ["tier", "exists", [], true],
    ["zone", "exists", [], false],
    ["zone", "!", [], true],
    ["app", "!", [], false],
    ["replicas", "gt", ["2"], true],
    ["replicas", "lt", ["2"], false],
    ["app", "gt", ["2"], false],
    ["zone", "lt", ["9"], false],
    // a key only Object.prototype has is absent, not a function
    ["constructor", "exists", [], false],
    ["toString", "notin", ["x"], true],
  ])("%s %s %j -> %s", (key, operator, values, expected) => {
    const made = newRequirement(key, operator, values);
    if (!made.ok) throw new Error(made.message);
    expect(matches([made.requirement], labels)).toBe(expected);
  });

  it("newRequirement refuses what upstream refuses", () => {
    expect(newRequirement("a", "in", []).ok).toBe(false);
    expect(newRequirement("a", "=", ["x", "y"]).ok).toBe(false);
    expect(newRequirement("a", "exists", ["x"]).ok).toBe(false);
    expect(newRequirement("a", "gt", ["ten"]).ok).toBe(false);
    expect(newRequirement("a", "Is" as Operator, ["x"]).ok).toBe(false);
  });

  it("the empty selector matches everything", () => {
    expect(matches([], {})).toBe(true);
  });
});

describe("metav1.LabelSelector", () => {
  it.each<[LabelSelector, boolean]>([
    [{ matchLabels: { app: "web" } }, true],
    [{ matchLabels: { app: "api" } }, false],
    [
      { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["back"] }] },
      false,
    ],
    [{ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["back"] }] }, true],
    [{ matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, true],
    [{ matchExpressions: [{ key: "zone", operator: "Exists" }] }, false],
    [{}, true],
  ])("%j -> %s", (selector, expected) => {
    expect(labelSelectorMatches(selector, labels)).toBe(expected);
  });

  it("an unknown operator is an error and never matches", () => {
    const selector = {
      matchExpressions: [{ key: "app", operator: "Is", values: ["web"] }],
    } as unknown as LabelSelector;
    expect(labelSelectorAsSelector(selector)).toEqual({
      ok: false,
      message: '"Is" is not a valid label selector operator',
    });
    expect(labelSelectorMatches(selector, labels)).toBe(false);
    const notIn = {
      matchExpressions: [{ key: "zone", operator: "NotIn" as const, values: [] }],
    };
    expect(labelSelectorMatches(notIn, labels)).toBe(false);
  });
});

describe("labels.SelectorFromSet", () => {
  it.each<[Record<string, string>, boolean]>([
    [{ app: "web" }, true],
    [{ app: "web", tier: "front" }, true],
    [{ app: "web", tier: "back" }, false],
    [{ constructor: "x" }, false],
    [{}, true],
  ])("%j -> %s", (set, expected) => {
    expect(setMatches(set, labels)).toBe(expected);
  });
});
