import { describe, expect, it } from "vitest";
import type { ContainerPort } from "../../../shared/sim/model/pod.ts";
import { newCycleState } from "../../../shared/sim/scheduler/cyclestate.ts";
import { STATUS_NAMES } from "../../../shared/sim/scheduler/framework.ts";
import { nodePorts } from "../../../shared/sim/scheduler/nodeports/nodeports.ts";
import { makeNode, makePod, makeSnapshot } from "./fixtures.ts";

describe("NodePorts filter", () => {
  const used: ContainerPort[] = [
    { containerPort: 80, hostPort: 8080 },
    { containerPort: 53, hostPort: 53, protocol: "UDP" },
  ];
  it.each<{ name: string; wants: ContainerPort[]; code: string }>([
    { name: "no host port", wants: [{ containerPort: 8080 }], code: "Success" },
    { name: "free host port", wants: [{ containerPort: 80, hostPort: 9090 }], code: "Success" },
    { name: "taken TCP port", wants: [{ containerPort: 80, hostPort: 8080 }], code: "Unschedulable" },
    {
      name: "same port, other protocol",
      wants: [{ containerPort: 8080, hostPort: 8080, protocol: "UDP" }],
      code: "Success",
    },
    {
      name: "taken UDP port",
      wants: [{ containerPort: 53, hostPort: 53, protocol: "UDP" }],
      code: "Unschedulable",
    },
    { name: "hostPort 0 means none", wants: [{ containerPort: 8080, hostPort: 0 }], code: "Success" },
  ])("$name -> $code", ({ wants, code }) => {
    const holder = makePod("holder", { nodeName: "n1", containers: [{ ports: used }] });
    const snapshot = makeSnapshot([makeNode("n1")], [holder]);
    const state = newCycleState(makePod("p", { containers: [{ ports: wants }] }), snapshot);
    const info = snapshot.getNodeInfo("n1")!;
    expect(STATUS_NAMES[nodePorts.filter(state, info)]).toBe(code);
  });

  it("gives upstream's reason", () => {
    const snapshot = makeSnapshot([makeNode("n1")]);
    const state = newCycleState(makePod("p"), snapshot);
    expect(nodePorts.reasons(state, snapshot.getNodeInfo("n1")!)).toEqual([
      "node(s) didn't have free ports for the requested pod ports",
    ]);
  });
});
