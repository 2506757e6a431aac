import { describe, expect, it } from "vitest";
import { authorize } from "../../../shared/sim/apiserver/authorization.ts";
import { commandType } from "../../../shared/sim/commands/define.ts";
import { Command, REGISTRY, SCENARIO_ACTIONS } from "../../../shared/sim/commands.ts";
import { ROLES } from "../../../shared/sim/model/seat.ts";
import { engineFromYaml, nodeYaml } from "../harness.ts";

/** The command registry: one list, from which the Command union, the scenario actions and RBAC follow. */
describe("the command registry", () => {
  const types = REGISTRY.map(commandType);

  it("names each command once, and the Command schema accepts exactly those", () => {
    expect(new Set(types).size).toBe(types.length);
    expect(Command.options.map((o) => o.shape.type.value)).toEqual(types);
  });

  it("scenario actions are the commands a timeline may declare", () => {
    expect(SCENARIO_ACTIONS).toEqual(REGISTRY.filter((d) => d.timeline).map(commandType));
  });

  it("authorises each command for the roles its definition names (and the instructor), no other", () => {
    const state = engineFromYaml(nodeYaml("w")).state;
    const seatOf = (role: string) => (role === "kubelet" || role === "kube-proxy" ? `${role}:w` : role);
    for (const definition of REGISTRY) {
      const command = { type: commandType(definition), node: "w" } as Command;
      for (const role of ROLES) {
        const allowed =
          role === "instructor" ||
          definition.roles.includes(role) ||
          (role === "scenario" && definition.timeline === true);
        const refusal = authorize(state, seatOf(role), command);
        expect([commandType(definition), role, refusal?.ok ?? true]).toEqual([
          commandType(definition),
          role,
          allowed,
        ]);
      }
    }
  });
});
