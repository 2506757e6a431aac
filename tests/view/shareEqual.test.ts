import { describe, expect, it } from "vitest";
import { shareEqual } from "../../shared/view/shareEqual.ts";

/** Two views of one thing share what is equal: the previous object itself when all of it is. */
describe("shareEqual", () => {
  const before = {
    name: "node-1",
    taints: ["a=b:NoSchedule"],
    labels: new Map([["zone", "a"]]),
    images: new Set(["nginx:1.27"]),
    machine: {
      up: true,
      steps: new Map([
        ["default/a/app", { step: "none", probes: [{ type: "readiness", run: 1 }] }],
        ["default/b/app", { step: "pull", probes: [] }],
      ]),
    },
  };
  const copy = () => structuredClone(before);

  it("an equal view is the previous one", () => {
    expect(shareEqual(before, copy())).toBe(before);
  });

  it("a changed part is the new one, the parts around it the previous ones", () => {
    const next = copy();
    next.machine.steps.set("default/b/app", { step: "start", probes: [] });
    const shared = shareEqual(before, next);
    expect(shared).not.toBe(before);
    expect(shared).toEqual(next);
    expect(shared.labels).toBe(before.labels);
    expect(shared.images).toBe(before.images);
    expect(shared.taints).toBe(before.taints);
    expect(shared.machine.steps.get("default/a/app")).toBe(before.machine.steps.get("default/a/app"));
    expect(shared.machine.steps.get("default/b/app")).not.toBe(before.machine.steps.get("default/b/app"));
  });

  it("an entry, a member, an element or a field added or removed is a change", () => {
    const gone = copy();
    gone.machine.steps.delete("default/b/app");
    expect(shareEqual(before, gone).machine.steps).not.toBe(before.machine.steps);
    expect(shareEqual(before, gone)).toEqual(gone);
    const more = copy();
    more.images.add("redis:7");
    expect(shareEqual(before, more).images).toBe(more.images);
    const longer = copy();
    longer.taints.push("c=d:NoExecute");
    expect(shareEqual(before, longer).taints).toBe(longer.taints);
    const extra = { ...copy(), region: "eu" };
    expect(shareEqual<object>(before, extra)).toEqual(extra);
    const { machine: _machine, ...fewer } = copy();
    expect(shareEqual<object>(before, fewer)).toEqual(fewer);
  });
});
