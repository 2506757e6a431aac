import { beforeAll, describe, expect, it } from "vitest";
import { complete } from "../../shared/kubectl/kubectl.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { classroom } from "./fixtures.ts";

/** Tab completion in the console: what kubectl's shell completion would offer for the word being typed. */
let engine: Engine;
beforeAll(() => {
  engine = classroom(20);
});

describe("complete", () => {
  it("commands, then subcommands", () => {
    expect(complete(engine, "")).toContain("get");
    expect(complete(engine, "kubectl de")).toEqual(["debug", "delete", "describe"]);
    expect(complete(engine, "rollout ")).toEqual(["history", "status", "undo"]);
    expect(complete(engine, "create n")).toEqual(["namespace", "ns"]);
  });

  it("resource types, then the names of objects that exist in the namespace in effect", () => {
    expect(complete(engine, "get po")).toEqual(["poddisruptionbudgets", "pods"]);
    expect(complete(engine, "get ")).toContain("all");
    expect(complete(engine, "describe pod ")).toEqual([
      "crash",
      "typo",
      "web-68dbf68548-8qzmw",
      "web-68dbf68548-jwvdh",
      "web-68dbf68548-l656p",
    ]);
    expect(complete(engine, "describe pod -n shop ")).toEqual(["cache"]);
    expect(complete(engine, "get pods -n shop c")).toEqual(["cache"]);
    expect(complete(engine, "get deploy/")).toEqual(["deploy/web"]);
    expect(complete(engine, "logs cr")).toEqual(["crash"]);
    expect(complete(engine, "drain worker-")).toEqual(["worker-1", "worker-2", "worker-3"]);
    expect(complete(engine, "scale dep")).toEqual(["deployment", "deployment/web"]);
    expect(complete(engine, "set image deployment/web ")).toEqual(["nginx="]);
  });

  it("flags and flag values", () => {
    expect(complete(engine, "get pods --sh")).toEqual(["--show-kind", "--show-labels"]);
    expect(complete(engine, "get pods -o ")).toEqual(["json", "name", "wide", "yaml"]);
    expect(complete(engine, "get pods -n ")).toEqual([
      "default",
      "kube-node-lease",
      "kube-public",
      "kube-system",
      "shop",
    ]);
    expect(complete(engine, "apply -f ", { files: { "web.yaml": "" } })).toEqual(["-", "web.yaml"]);
  });
});
