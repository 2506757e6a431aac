import { describe, expect, it } from "vitest";
import type { Toleration } from "../../../shared/sim/model/pod.ts";
import { newCycleState } from "../../../shared/sim/scheduler/cyclestate.ts";
import { STATUS_NAMES } from "../../../shared/sim/scheduler/framework.ts";
import { nodeUnschedulable } from "../../../shared/sim/scheduler/nodeunschedulable/nodeunschedulable.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

describe("NodeUnschedulable filter", () => {
  const cases: { name: string; unschedulable: boolean; tolerations: Toleration[]; code: string }[] = [
    { name: "schedulable node", unschedulable: false, tolerations: [], code: "Success" },
    { name: "cordoned node", unschedulable: true, tolerations: [], code: "UnschedulableAndUnresolvable" },
    {
      name: "cordoned, pod tolerates the unschedulable taint",
      unschedulable: true,
      tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }],
      code: "Success",
    },
    {
      name: "cordoned, toleration for another effect",
      unschedulable: true,
      tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoExecute" }],
      code: "UnschedulableAndUnresolvable",
    },
    {
      name: "cordoned, pod tolerates everything",
      unschedulable: true,
      tolerations: [{ operator: "Exists" }],
      code: "Success",
    },
  ];
  it.each(cases)("$name -> $code", ({ unschedulable, tolerations, code }) => {
    const node = makeNode("n1", { unschedulable });
    const snapshot = makeSnapshot([node]);
    const info = snapshot.getNodeInfo("n1")!;
    const state = newCycleState(makePod("p", { tolerations }), snapshot);
    expect(STATUS_NAMES[nodeUnschedulable.filter(state, info)]).toBe(code);
  });

  it("gives the cordoned reason", () => {
    const snapshot = makeSnapshot([makeNode("n1", { unschedulable: true })]);
    const state = newCycleState(makePod("p"), snapshot);
    expect(nodeUnschedulable.reasons(state, snapshot.getNodeInfo("n1")!)).toEqual([
      "node(s) were unschedulable",
    ]);
  });
});
