import { describe, expect, it } from "vitest";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { checkInvariants } from "../support/invariants.ts";

/** The checker the fuzzer relies on must itself catch each kind of violation. */
function runningCluster(): Engine {
  const loaded = loadScenario([
    {
      file: "two.yaml",
      text: `apiVersion: v1
kind: Pod
metadata: { name: a }
spec: { containers: [{ name: c, image: "nginx:1.27", resources: { requests: { cpu: 500m, memory: 64Mi } } }] }
---
apiVersion: v1
kind: Pod
metadata: { name: b }
spec: { containers: [{ name: c, image: "nginx:1.27", resources: { requests: { cpu: 500m, memory: 64Mi } } }] }
`,
    },
  ]);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const engine = createEngine(loaded.scenario);
  engine.runFor(60_000);
  return engine;
}

describe("the invariant checker", () => {
  it("passes a healthy cluster", () => {
    const engine = runningCluster();
    expect(Object.values(engine.state.pods).every((p) => p.status.phase === "Running")).toBe(true);
    expect(checkInvariants(engine)).toEqual([]);
  });

  it("catches a pod on two nodes", () => {
    const engine = runningCluster();
    const pod = engine.state.pods["default/a"];
    const other = Object.keys(engine.state.nodes).find((n) => n !== pod?.spec.nodeName) ?? "";
    engine.indexPod("default/a", other);
    expect(checkInvariants(engine).join("\n")).toMatch(/pod default\/a is on 2 nodes/);
  });

  it("catches containers of one pod running on two machines", () => {
    const engine = runningCluster();
    const machines = Object.entries(engine.state.machines);
    const running = machines
      .flatMap(([node, m]) => Object.values(m.containers).map((c) => ({ node, c })))
      .find(({ c }) => c.startedAt !== undefined && c.finishedAt === undefined);
    const elsewhere = machines.find(([node]) => node !== running?.node)?.[1];
    if (!running || !elsewhere) throw new Error("no running container");
    elsewhere.containers[`${running.c.podUID}/${running.c.name}`] = { ...running.c };
    expect(checkInvariants(engine).join("\n")).toMatch(/runs containers on/);
  });

  it("catches admitted requests beyond allocatable", () => {
    const engine = runningCluster();
    const node = engine.state.nodes[engine.state.pods["default/a"]?.spec.nodeName ?? ""];
    if (!node) throw new Error("pod a is not bound");
    node.status.allocatable.cpu = 100;
    expect(checkInvariants(engine).join("\n")).toMatch(/admitted cpu 500m > allocatable 100m/);
  });

  it("catches malformed events", () => {
    const engine = runningCluster();
    const events = engine.state.events;
    const first = events[0];
    if (!first) throw new Error("no events");
    events.push({ ...first, seq: first.seq, reason: "lower case", eventTime: engine.now + 1 });
    const problems = checkInvariants(engine).join("\n");
    expect(problems).toMatch(/seq not increasing/);
    expect(problems).toMatch(/reason is not CamelCase/);
    expect(problems).toMatch(/outside \[start, now\]/);
  });
});
