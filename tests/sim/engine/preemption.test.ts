import { describe, expect, it } from "vitest";
import {
  deploymentYaml,
  docs,
  engineFromYaml,
  eventsOf,
  nodeYaml,
  podOf,
  podYaml,
  runUntil,
} from "../harness.ts";

const high = JSON.stringify({
  apiVersion: "scheduling.k8s.io/v1",
  kind: "PriorityClass",
  metadata: { name: "high" },
  value: 1000,
  description: "urgent work",
});

const lowDeployment = deploymentYaml("batch", 4, "nginx:1.27", { resources: { requests: { cpu: "1" } } });

describe("priority and preemption in the engine", () => {
  it("a high-priority pod preempts lower-priority pods, waits for them to go, then runs on the nominated node", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("a", { cpu: "2" }), nodeYaml("b", { cpu: "2" }), high, lowDeployment),
    );
    runUntil(
      engine,
      () => Object.values(engine.state.pods).filter((p) => p.status.phase === "Running").length === 4,
    );
    const urgent = podYaml(
      "urgent",
      { image: "nginx:1.27", resources: { requests: { cpu: "2" } } },
      { priorityClassName: "high" },
    );
    expect(engine.apply("user", { type: "Apply", manifest: JSON.parse(urgent) })).toMatchObject({ ok: true });
    const pod = podOf(engine, "urgent");
    expect(pod.spec.priority).toBe(1000);
    expect(pod.spec.preemptionPolicy).toBe("PreemptLowerPriority");
    engine.runFor(1_000);
    const nominated = podOf(engine, "urgent").status.nominatedNodeName as string;
    expect(["a", "b"]).toContain(nominated);
    expect(eventsOf(engine, "urgent").map((e) => [e.reason, e.message])).toEqual([
      ["FailedScheduling", "0/2 nodes are available: 2 Insufficient cpu."],
    ]);
    const preempted = engine.state.events.filter((e) => e.reason === "Preempted");
    expect(preempted.map((e) => e.message)).toEqual([
      `Preempted by pod ${pod.metadata.uid} on node ${nominated}`,
      `Preempted by pod ${pod.metadata.uid} on node ${nominated}`,
    ]);
    expect(
      engine.state.audit
        .filter((a) => a.seat === "scheduler" && a.verb === "delete")
        .map((a) => a.name)
        .sort(),
    ).toEqual(preempted.map((e) => e.involvedObject.name).sort());
    runUntil(engine, () => podOf(engine, "urgent").status.phase === "Running", 120_000);
    expect(podOf(engine, "urgent").spec.nodeName).toBe(nominated);
    // The victims' replacements find no room and nothing of lower priority to preempt.
    engine.runFor(2_000);
    const pending = Object.values(engine.state.pods).filter((p) => !p.spec.nodeName);
    expect(pending).toHaveLength(2);
    const last = eventsOf(engine, pending[0]?.metadata.name ?? "")
      .filter((e) => e.reason === "FailedScheduling")
      .at(-1);
    expect(last?.message).toBe(
      "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
  });

  it("admission: an unknown PriorityClass is refused; a global default applies to pods naming none", () => {
    const engine = engineFromYaml(docs(nodeYaml("a")));
    const pod = (name: string, extra: Record<string, unknown> = {}) =>
      JSON.parse(podYaml(name, { image: "nginx:1.27" }, extra));
    expect(
      engine.apply("user", { type: "Apply", manifest: pod("x", { priorityClassName: "nope" }) }),
    ).toEqual({
      ok: false,
      code: "Forbidden",
      message: 'pods "x" is forbidden: no PriorityClass with name nope was found',
    });
    const byDefault = {
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: { name: "normal" },
      value: 10,
      globalDefault: true,
      preemptionPolicy: "Never",
    };
    expect(engine.apply("user", { type: "Apply", manifest: byDefault })).toMatchObject({ ok: true });
    expect(
      engine.apply("user", { type: "Apply", manifest: { ...byDefault, metadata: { name: "other" } } }),
    ).toMatchObject({
      ok: false,
      message:
        'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass normal is already marked as default. Only one default can exist',
    });
    engine.apply("user", { type: "Apply", manifest: pod("y") });
    expect(podOf(engine, "y").spec).toMatchObject({
      priorityClassName: "normal",
      priority: 10,
      preemptionPolicy: "Never",
    });
    expect(
      engine.apply("user", {
        type: "Apply",
        manifest: pod("z", { priorityClassName: "system-node-critical" }),
      }),
    ).toMatchObject({ ok: true });
    expect(podOf(engine, "z").spec.priority).toBe(2_000_001_000);
  });

  it("a player at the scheduler seat preempts, judged against DefaultPreemption", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("a", { cpu: "2" }), nodeYaml("b", { cpu: "2" }), high, lowDeployment),
    );
    runUntil(
      engine,
      () => Object.values(engine.state.pods).filter((p) => p.status.phase === "Running").length === 4,
    );
    engine.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" });
    engine.apply(
      "user",
      JSON.parse(
        JSON.stringify({
          type: "Apply",
          manifest: JSON.parse(
            podYaml(
              "urgent",
              { image: "nginx:1.27", resources: { requests: { cpu: "1" } } },
              { priorityClassName: "high" },
            ),
          ),
        }),
      ),
    );
    const onA = Object.values(engine.state.pods)
      .filter((p) => p.spec.nodeName === "a")
      .map((p) => p.metadata.name);
    const both = engine.apply("scheduler", { type: "Preempt", pod: "urgent", node: "a", victims: onA });
    expect(both).toMatchObject({ ok: true, judgement: { kind: "preemption", value: 85 } });
    expect(podOf(engine, "urgent").status.nominatedNodeName).toBe("a");
    // Preempting again while the victims terminate is refused, as DefaultPreemption would not.
    const again = engine.apply("scheduler", { type: "Preempt", pod: "urgent", node: "b", victims: [] });
    expect(again).toMatchObject({
      ok: false,
      code: "Forbidden",
      message: "preemption: not eligible due to a terminating pod on the nominated node.",
    });
  });
});
