import { describe, expect, it } from "vitest";
import { docs, engineFromYaml, nodeYaml, podOf, podYaml, runUntil } from "../sim/harness.ts";

/**
 * One wrong bind must not make a scenario unwinnable: a bare pod bound to a Node whose kubelet rejects
 * it (NodeAffinity) fails for good, as on a real cluster, and the teacher recreates it from its own spec
 * (kubectl replace --force): unbound, it goes back to the scheduler and ends Running.
 */
describe("the teacher recreates a failed bare pod", () => {
  it("a pod rejected by its node's kubelet comes back Pending and is scheduled again", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("ssd-1"),
        nodeYaml("plain-1"),
        podYaml("db", { image: "nginx:1.27" }, { nodeSelector: { "kubernetes.io/hostname": "ssd-1" } }),
      ),
    );
    engine.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" });
    engine.runFor(1000);
    // the student binds it where its nodeSelector forbids: the kubelet rejects it, the pod fails
    expect(engine.apply("scheduler", { type: "Bind", pod: "db", node: "plain-1" })).toMatchObject({
      ok: true,
    });
    runUntil(engine, () => podOf(engine, "db").status.phase === "Failed");
    expect(podOf(engine, "db").status.reason).toBe("NodeAffinity");
    const before = podOf(engine, "db").metadata.uid;
    // only the teacher may recreate it
    expect(engine.apply("user", { type: "RecreatePod", pod: "db" })).toMatchObject({
      ok: false,
      code: "Forbidden",
    });
    expect(engine.apply("instructor", { type: "RecreatePod", pod: "db" })).toMatchObject({ ok: true });
    const again = podOf(engine, "db");
    expect(again.metadata.uid).not.toBe(before);
    expect(again.spec.nodeName).toBeUndefined();
    expect(again.status.phase).toBe("Pending");
    expect(again.spec.nodeSelector).toEqual({ "kubernetes.io/hostname": "ssd-1" });
    engine.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "bot" });
    runUntil(engine, () => podOf(engine, "db").status.phase === "Running");
    expect(podOf(engine, "db").spec.nodeName).toBe("ssd-1");
  });

  it("a pod a controller owns is not recreated: deleting it is enough", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a"),
        JSON.stringify({
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          metadata: { name: "rs" },
          spec: {
            replicas: 1,
            selector: { matchLabels: { app: "x" } },
            template: {
              metadata: { labels: { app: "x" } },
              spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
            },
          },
        }),
      ),
    );
    engine.runFor(2000);
    const pod = Object.values(engine.state.pods)[0];
    expect(engine.apply("instructor", { type: "RecreatePod", pod: pod?.metadata.name ?? "" })).toMatchObject({
      ok: false,
      code: "Invalid",
    });
  });
});
