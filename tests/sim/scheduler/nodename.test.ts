import { describe, expect, it } from "vitest";
import { newCycleState } from "../../../shared/sim/scheduler/cyclestate.ts";
import { STATUS_NAMES } from "../../../shared/sim/scheduler/framework.ts";
import { nodeName } from "../../../shared/sim/scheduler/nodename/nodename.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

describe("NodeName filter", () => {
  it.each([
    { name: "no node name", wanted: undefined, code: "Success" },
    { name: "this node", wanted: "n1", code: "Success" },
    { name: "another node", wanted: "n2", code: "UnschedulableAndUnresolvable" },
  ])("$name -> $code", ({ wanted, code }) => {
    const snapshot = makeSnapshot([makeNode("n1")]);
    const pod = makePod("p");
    if (wanted) pod.spec.nodeName = wanted;
    const state = newCycleState(pod, snapshot);
    const info = snapshot.getNodeInfo("n1")!;
    expect(STATUS_NAMES[nodeName.filter(state, info)]).toBe(code);
    expect(nodeName.reasons(state, info)).toEqual(["node(s) didn't match the requested node name"]);
  });
});
