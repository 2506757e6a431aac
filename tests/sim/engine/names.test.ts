import { describe, expect, it } from "vitest";
import { Engine } from "../../../shared/sim/engine/Engine.ts";
import { docs, engineFromYaml, nodeYaml, podYaml } from "../harness.ts";

describe("names that are also Object.prototype members", () => {
  it.each(["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"])(
    "%s is just an unknown name",
    (name) => {
      for (const engine of [
        engineFromYaml(docs(nodeYaml("a"), podYaml("web", { image: "nginx:1.27" }))),
        Engine.restore(engineFromYaml(docs(nodeYaml("a"))).snapshotState()),
      ]) {
        expect(engine.apply("instructor", { type: "CordonNode", node: name })).toMatchObject({
          ok: false,
          code: "NotFound",
        });
        expect(engine.apply("instructor", { type: "FailNode", node: name })).toMatchObject({
          ok: false,
          code: "NotFound",
        });
        expect(engine.apply("instructor", { type: "Bind", pod: "web", node: name })).toMatchObject({
          ok: false,
        });
        expect(engine.apply("instructor", { type: "SetDriver", seat: name, driver: "bot" })).toMatchObject({
          ok: false,
          code: "NotFound",
        });
        expect(
          engine.apply("instructor", { type: "RegistryOutage", registry: name, durationSeconds: 5 }),
        ).toMatchObject({ ok: false, code: "NotFound" });
        expect(engine.apply("instructor", { type: "RenewLease", node: name }).ok).toBe(false);
      }
    },
  );

  it("a node may be called constructor", () => {
    const engine = engineFromYaml(docs(nodeYaml("constructor"), podYaml("web", { image: "nginx:1.27" })));
    engine.runFor(5_000);
    expect(engine.state.pods["default/web"]?.spec.nodeName).toBe("constructor");
    expect(engine.state.pods["default/web"]?.status.phase).toBe("Running");
  });
});

describe("resource kinds", () => {
  it("an unknown or prototype-named kind is refused, not looked up on Object.prototype", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), podYaml("web", { image: "nginx:1.27" })));
    expect(engine.apply("user", { type: "Delete", kind: "constructor", name: "web" })).toEqual({
      ok: false,
      code: "NotFound",
      message: 'error: the server doesn\'t have a resource type "constructor"',
    });
    expect(
      engine.apply("user", { type: "Scale", kind: "constructor", name: "web", replicas: 1 }),
    ).toMatchObject({ ok: false, code: "Invalid" });
    expect(
      engine.apply("user", {
        type: "SetImage",
        kind: "pod",
        name: "web",
        container: "main",
        image: "nginx:1.26",
      }),
    ).toEqual({
      ok: false,
      code: "Invalid",
      message:
        'error: set image is not supported for kind "pod": use a deployment, a replicaset, a statefulset, a daemonset',
    });
  });
});
