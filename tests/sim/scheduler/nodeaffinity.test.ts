import { describe, expect, it } from "vitest";
import type { NodeAffinity, NodeSelectorTerm } from "../../../shared/sim/model/pod.ts";
import { newCycleState } from "../../../shared/sim/scheduler/cyclestate.ts";
import { STATUS_NAMES } from "../../../shared/sim/scheduler/framework.ts";
import {
  nodeAffinityFilter,
  nodeAffinityScore,
} from "../../../shared/sim/scheduler/nodeaffinity/nodeaffinity.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

const labels = { disktype: "ssd", zone: "eu-1a", cores: "16", "node-role": "worker" };

function required(...terms: NodeSelectorTerm[]): NodeAffinity {
  return { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } };
}

describe("NodeAffinity filter", () => {
  it.each<{ name: string; nodeSelector?: Record<string, string>; affinity?: NodeAffinity; code: string }>([
    { name: "nothing asked", code: "Success" },
    { name: "nodeSelector matches", nodeSelector: { disktype: "ssd" }, code: "Success" },
    {
      name: "nodeSelector mismatch",
      nodeSelector: { disktype: "hdd" },
      code: "UnschedulableAndUnresolvable",
    },
    {
      name: "nodeSelector needs every label",
      nodeSelector: { disktype: "ssd", gpu: "true" },
      code: "UnschedulableAndUnresolvable",
    },
    {
      name: "In",
      affinity: required({ matchExpressions: [{ key: "zone", operator: "In", values: ["eu-1a", "eu-1b"] }] }),
      code: "Success",
    },
    {
      name: "NotIn",
      affinity: required({ matchExpressions: [{ key: "zone", operator: "NotIn", values: ["eu-1a"] }] }),
      code: "UnschedulableAndUnresolvable",
    },
    {
      name: "NotIn on a missing label",
      affinity: required({ matchExpressions: [{ key: "gpu", operator: "NotIn", values: ["x"] }] }),
      code: "Success",
    },
    {
      name: "Exists",
      affinity: required({ matchExpressions: [{ key: "disktype", operator: "Exists" }] }),
      code: "Success",
    },
    {
      name: "DoesNotExist",
      affinity: required({ matchExpressions: [{ key: "disktype", operator: "DoesNotExist" }] }),
      code: "UnschedulableAndUnresolvable",
    },
    {
      name: "Gt",
      affinity: required({ matchExpressions: [{ key: "cores", operator: "Gt", values: ["8"] }] }),
      code: "Success",
    },
    {
      name: "Gt is strict",
      affinity: required({ matchExpressions: [{ key: "cores", operator: "Gt", values: ["16"] }] }),
      code: "UnschedulableAndUnresolvable",
    },
    {
      name: "Lt",
      affinity: required({ matchExpressions: [{ key: "cores", operator: "Lt", values: ["32"] }] }),
      code: "Success",
    },
    {
      name: "Gt on a non-numeric label",
      affinity: required({ matchExpressions: [{ key: "zone", operator: "Gt", values: ["1"] }] }),
      code: "UnschedulableAndUnresolvable",
    },
    {
      name: "expressions are ANDed",
      affinity: required({
        matchExpressions: [
          { key: "disktype", operator: "In", values: ["ssd"] },
          { key: "zone", operator: "In", values: ["us-1a"] },
        ],
      }),
      code: "UnschedulableAndUnresolvable",
    },
    {
      name: "terms are ORed",
      affinity: required(
        { matchExpressions: [{ key: "zone", operator: "In", values: ["us-1a"] }] },
        { matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd"] }] },
      ),
      code: "Success",
    },
    {
      name: "nodeSelector AND required terms",
      nodeSelector: { disktype: "hdd" },
      affinity: required({ matchExpressions: [{ key: "disktype", operator: "Exists" }] }),
      code: "UnschedulableAndUnresolvable",
    },
    { name: "no terms match nothing", affinity: required(), code: "UnschedulableAndUnresolvable" },
    { name: "an empty term matches nothing", affinity: required({}), code: "UnschedulableAndUnresolvable" },
    {
      name: "matchFields metadata.name In",
      affinity: required({ matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] }),
      code: "Success",
    },
    {
      name: "matchFields metadata.name NotIn",
      affinity: required({ matchFields: [{ key: "metadata.name", operator: "NotIn", values: ["n1"] }] }),
      code: "UnschedulableAndUnresolvable",
    },
    {
      name: "matchFields on another field is invalid",
      affinity: required({ matchFields: [{ key: "spec.unschedulable", operator: "In", values: ["false"] }] }),
      code: "UnschedulableAndUnresolvable",
    },
    {
      name: "In without values is invalid",
      affinity: required({ matchExpressions: [{ key: "zone", operator: "In", values: [] }] }),
      code: "UnschedulableAndUnresolvable",
    },
  ])("$name -> $code", ({ nodeSelector, affinity, code }) => {
    const snapshot = makeSnapshot([makeNode("n1", { labels })]);
    const state = newCycleState(makePod("p", { nodeSelector, nodeAffinity: affinity }), snapshot);
    const info = snapshot.getNodeInfo("n1")!;
    expect(STATUS_NAMES[nodeAffinityFilter.filter(state, info)]).toBe(code);
    expect(nodeAffinityFilter.reasons(state, info)).toEqual([
      "node(s) didn't match Pod's node affinity/selector",
    ]);
  });

  it("PreFilter narrows to the nodes named by matchFields, or finds the terms conflicting", () => {
    const snapshot = makeSnapshot([makeNode("n1"), makeNode("n2"), makeNode("n3")]);
    const named = newCycleState(
      makePod("p", {
        nodeAffinity: required({ matchFields: [{ key: "metadata.name", operator: "In", values: ["n2"] }] }),
      }),
      snapshot,
    );
    expect([...(named.nodeAffinity.nodeNames ?? [])]).toEqual(["n2"]);
    expect(named.nodeAffinity.conflict).toBe(false);
    const conflicting = newCycleState(
      makePod("p", {
        nodeAffinity: required({
          matchFields: [
            { key: "metadata.name", operator: "In", values: ["n1"] },
            { key: "metadata.name", operator: "In", values: ["n2"] },
          ],
        }),
      }),
      snapshot,
    );
    expect(conflicting.nodeAffinity.conflict).toBe(true);
    const open = newCycleState(
      makePod("p", {
        nodeAffinity: required(
          { matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] },
          { matchExpressions: [{ key: "zone", operator: "Exists" }] },
        ),
      }),
      snapshot,
    );
    expect(open.nodeAffinity.nodeNames).toBeNull();
  });
});

describe("NodeAffinity score", () => {
  const preferred: NodeAffinity = {
    preferredDuringSchedulingIgnoredDuringExecution: [
      {
        weight: 10,
        preference: { matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd"] }] },
      },
      { weight: 30, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["eu-1a"] }] } },
      { weight: 50, preference: {} },
    ],
  };
  it("sums the weights of matching preferred terms and normalises to the best node", () => {
    const snapshot = makeSnapshot([
      makeNode("both", { labels: { disktype: "ssd", zone: "eu-1a" } }),
      makeNode("none"),
      makeNode("ssd", { labels: { disktype: "ssd" } }),
      makeNode("zone", { labels: { zone: "eu-1a" } }),
    ]);
    const state = newCycleState(makePod("p", { nodeAffinity: preferred }), snapshot);
    expect(nodeAffinityScore.preScore?.(state)).toBe(true);
    const scores = new Float64Array(snapshot.nodeInfos.map((info) => nodeAffinityScore.score(state, info)));
    expect(Array.from(scores)).toEqual([40, 0, 10, 30]);
    nodeAffinityScore.normalize?.(scores, scores.length);
    expect(Array.from(scores)).toEqual([100, 0, 25, 75]);
  });

  it("is skipped at PreScore for a pod without preferred terms", () => {
    const snapshot = makeSnapshot([makeNode("n1")]);
    expect(nodeAffinityScore.preScore?.(newCycleState(makePod("p"), snapshot))).toBe(false);
  });
});
