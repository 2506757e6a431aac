import { describe, expect, it } from "vitest";
import type { Taint } from "../../../shared/sim/model/node.ts";
import type { Toleration } from "../../../shared/sim/model/pod.ts";
import { newCycleState } from "../../../shared/sim/scheduler/cyclestate.ts";
import { STATUS_NAMES } from "../../../shared/sim/scheduler/framework.ts";
import {
  taintTolerationFilter,
  taintTolerationScore,
  toleratesTaint,
} from "../../../shared/sim/scheduler/tainttoleration/tainttoleration.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

const gpu: Taint = { key: "gpu", value: "true", effect: "NoSchedule" };

describe("toleratesTaint", () => {
  it.each<{ name: string; toleration: Toleration; taint: Taint; expected: boolean }>([
    {
      name: "Equal, same value",
      toleration: { key: "gpu", operator: "Equal", value: "true", effect: "NoSchedule" },
      taint: gpu,
      expected: true,
    },
    {
      name: "default operator is Equal",
      toleration: { key: "gpu", value: "true" },
      taint: gpu,
      expected: true,
    },
    { name: "Equal, other value", toleration: { key: "gpu", value: "false" }, taint: gpu, expected: false },
    {
      name: "Exists ignores the value",
      toleration: { key: "gpu", operator: "Exists" },
      taint: gpu,
      expected: true,
    },
    {
      name: "other effect",
      toleration: { key: "gpu", operator: "Exists", effect: "NoExecute" },
      taint: gpu,
      expected: false,
    },
    { name: "other key", toleration: { key: "tpu", operator: "Exists" }, taint: gpu, expected: false },
    {
      name: "empty key with Exists tolerates all",
      toleration: { operator: "Exists" },
      taint: gpu,
      expected: true,
    },
    {
      name: "empty taint value equals missing toleration value",
      toleration: { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
      taint: { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
      expected: true,
    },
  ])("$name -> $expected", ({ toleration, taint, expected }) => {
    expect(toleratesTaint(toleration, taint)).toBe(expected);
  });
});

describe("TaintToleration filter", () => {
  it.each<{ name: string; taints: Taint[]; tolerations: Toleration[]; code: string; reasons: string[] }>([
    { name: "no taints", taints: [], tolerations: [], code: "Success", reasons: [] },
    {
      name: "untolerated NoSchedule",
      taints: [gpu],
      tolerations: [],
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) had untolerated taint {gpu: true}"],
    },
    {
      name: "empty value prints as {key: }",
      taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
      tolerations: [],
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"],
    },
    {
      name: "untolerated NoExecute",
      taints: [{ key: "node.kubernetes.io/not-ready", effect: "NoExecute" }],
      tolerations: [],
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) had untolerated taint {node.kubernetes.io/not-ready: }"],
    },
    {
      name: "PreferNoSchedule never filters",
      taints: [{ key: "spot", value: "yes", effect: "PreferNoSchedule" }],
      tolerations: [],
      code: "Success",
      reasons: [],
    },
    {
      name: "tolerated",
      taints: [gpu],
      tolerations: [{ key: "gpu", operator: "Exists", effect: "NoSchedule" }],
      code: "Success",
      reasons: [],
    },
    {
      name: "the first untolerated taint is reported",
      taints: [gpu, { key: "zone", value: "a", effect: "NoSchedule" }],
      tolerations: [{ key: "gpu", operator: "Exists" }],
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) had untolerated taint {zone: a}"],
    },
  ])("$name", ({ taints, tolerations, code, reasons }) => {
    const snapshot = makeSnapshot([makeNode("n1", { taints })]);
    const state = newCycleState(makePod("p", { tolerations }), snapshot);
    const info = snapshot.getNodeInfo("n1")!;
    expect(STATUS_NAMES[taintTolerationFilter.filter(state, info)]).toBe(code);
    if (code !== "Success") expect(taintTolerationFilter.reasons(state, info)).toEqual(reasons);
  });
});

describe("TaintToleration score", () => {
  const prefer = (key: string): Taint => ({ key, value: "x", effect: "PreferNoSchedule" });
  it.each<{ name: string; tolerations: Toleration[]; raw: number[]; normalized: number[] }>([
    {
      name: "counts intolerable PreferNoSchedule taints, fewer is better",
      tolerations: [],
      raw: [0, 1, 2],
      normalized: [100, 50, 0],
    },
    {
      name: "a PreferNoSchedule toleration removes one",
      tolerations: [{ key: "a", operator: "Exists", effect: "PreferNoSchedule" }],
      raw: [0, 0, 1],
      normalized: [100, 100, 0],
    },
    {
      name: "a toleration without effect counts too",
      tolerations: [{ key: "b", operator: "Exists" }],
      raw: [0, 1, 1],
      normalized: [100, 0, 0],
    },
    {
      name: "a NoSchedule toleration does not help with PreferNoSchedule",
      tolerations: [{ key: "a", operator: "Exists", effect: "NoSchedule" }],
      raw: [0, 1, 2],
      normalized: [100, 50, 0],
    },
  ])("$name", ({ tolerations, raw, normalized }) => {
    const snapshot = makeSnapshot([
      makeNode("n0"),
      makeNode("n1", { taints: [prefer("a")] }),
      makeNode("n2", { taints: [prefer("a"), prefer("b"), { key: "c", effect: "NoSchedule" }] }),
    ]);
    const state = newCycleState(makePod("p", { tolerations }), snapshot);
    const scores = new Float64Array(
      snapshot.nodeInfos.map((info) => taintTolerationScore.score(state, info)),
    );
    expect(Array.from(scores)).toEqual(raw);
    taintTolerationScore.normalize?.(scores, scores.length);
    expect(Array.from(scores)).toEqual(normalized);
  });
});
