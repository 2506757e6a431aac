import { describe, expect, it } from "vitest";
import { docs, engineFromYaml, eventsOf, nodeYaml, podYaml } from "../harness.ts";

describe("bots at human pace", () => {
  it("the scheduler bot places one pod every 2 s instead of all at once", () => {
    const pods = Array.from({ length: 4 }, (_, i) => podYaml(`p${i}`, { image: "nginx:1.27" }));
    const engine = engineFromYaml(docs(nodeYaml("a"), ...pods));
    engine.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "bot", pace: "human" });
    engine.runFor(7_000);
    const times = ["p0", "p1", "p2", "p3"]
      .map((p) => eventsOf(engine, p).find((e) => e.reason === "Scheduled")?.eventTime)
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b);
    expect(times).toHaveLength(4);
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBe(2000);
  });

  it("an instant scheduler bot places them all in one tick", () => {
    const pods = Array.from({ length: 4 }, (_, i) => podYaml(`p${i}`, { image: "nginx:1.27" }));
    const engine = engineFromYaml(docs(nodeYaml("a"), ...pods));
    engine.tick();
    const times = new Set(
      ["p0", "p1", "p2", "p3"].map(
        (p) => eventsOf(engine, p).find((e) => e.reason === "Scheduled")?.eventTime,
      ),
    );
    expect(times.size).toBe(1);
  });

  it("a kubelet bot at human pace takes one step every 1.5 s", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("a"), podYaml("x", { image: "redis:7.4" }), podYaml("y", { image: "nginx:1.27" })),
    );
    engine.apply("instructor", { type: "SetDriver", seat: "kubelet:a", driver: "bot", pace: "human" });
    engine.runFor(20_000);
    const pulls = [...eventsOf(engine, "x"), ...eventsOf(engine, "y")]
      .filter((e) => e.reason === "Pulling")
      .map((e) => e.eventTime)
      .sort((a, b) => a - b);
    expect(pulls).toHaveLength(2);
    expect((pulls[1] ?? 0) - (pulls[0] ?? 0)).toBeGreaterThanOrEqual(1500);
  });
});
