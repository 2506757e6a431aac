import { describe, expect, it } from "vitest";
import { ASSIST_AFTER_MS } from "../../shared/sim/engine/Engine.ts";
import { docs, engineFromYaml, nodeYaml, podOf, podYaml } from "../sim/harness.ts";

/**
 * One absent student must not stall the class: work left waiting at a student's seat for a minute of
 * their real time gets the seat's bot's help (judged as the bot's, never the student's), shown on the
 * seat until the student's next move; a busy student is never helped.
 */
describe("the bot helps an idle student's seat", () => {
  it("a pod bound to an idle student's Node starts after a minute, unjudged; the seat says so", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("a"), podYaml("web", { image: "nginx:1.27" }, { nodeName: "a" })),
    );
    engine.apply("instructor", { type: "SetDriver", seat: "kubelet:a", driver: "human" });
    engine.runFor(ASSIST_AFTER_MS - 5_000);
    expect(podOf(engine, "web").status.phase).toBe("Pending");
    expect(engine.state.seats["kubelet:a"]?.assisted).toBeUndefined();
    engine.runFor(30_000);
    expect(podOf(engine, "web").status.phase).toBe("Running");
    expect(engine.state.seats["kubelet:a"]?.assisted).toBe(true);
    // the bot's work is not the student's: no bind-to-running for them
    expect(
      engine.state.judgements.filter((j) => j.seat === "kubelet:a" && j.kind === "bind-to-running"),
    ).toEqual([]);
    // the student's next move ends the help
    engine.apply("kubelet:a", { type: "RenewLease", node: "a" }, "p1");
    expect(engine.state.seats["kubelet:a"]?.assisted).toBeUndefined();
  });

  it("at 5x a minute is five simulated minutes; a student who moves is never helped", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), nodeYaml("b"), podYaml("p", { image: "nginx:1.27" })));
    engine.apply("instructor", { type: "SetSpeed", speed: 5 });
    engine.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" });
    engine.runFor(2 * ASSIST_AFTER_MS);
    expect(podOf(engine, "p").spec.nodeName).toBeUndefined();
    engine.runFor(5 * ASSIST_AFTER_MS);
    expect(podOf(engine, "p").spec.nodeName).toBeDefined();
    expect(engine.state.judgements.filter((j) => j.kind === "placement")).toEqual([]);
    // a second pod: the student binds it in time and no bot touches it
    engine.apply("user", { type: "Apply", manifest: JSON.parse(podYaml("q", { image: "nginx:1.27" })) });
    engine.runFor(3 * ASSIST_AFTER_MS);
    expect(podOf(engine, "q").spec.nodeName).toBeUndefined();
    expect(engine.apply("scheduler", { type: "Bind", pod: "q", node: "a" }, "p1")).toMatchObject({
      ok: true,
    });
    expect(
      engine.state.judgements.filter((j) => j.kind === "placement" && j.driver === "human"),
    ).toHaveLength(1);
  });
});
