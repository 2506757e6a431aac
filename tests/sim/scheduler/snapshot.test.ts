import { describe, expect, it } from "vitest";
import { Mi } from "../../../shared/sim/quantity.ts";
import { Snapshot, snapshotFromState } from "../../../shared/sim/scheduler/snapshot.ts";
import { makeNode, makePod } from "./fixtures.ts";

const nginx = { names: ["nginx:latest"], sizeBytes: 100 * Mi };
const redis = { names: ["docker.io/library/redis:7"], sizeBytes: 50 * Mi };

describe("Snapshot", () => {
  it("keeps nodes in name order whatever the insertion order", () => {
    const snapshot = new Snapshot();
    for (const name of ["worker-2", "control-plane", "worker-10", "worker-1"])
      snapshot.setNode(makeNode(name));
    expect(snapshot.nodeInfos.map((i) => i.node.metadata.name)).toEqual([
      "control-plane",
      "worker-1",
      "worker-10",
      "worker-2",
    ]);
    snapshot.removeNode("worker-1");
    expect(snapshot.nodeInfos.map((i) => i.node.metadata.name)).toEqual([
      "control-plane",
      "worker-10",
      "worker-2",
    ]);
    expect(snapshot.getNodeInfo("worker-1")).toBeUndefined();
  });

  it("counts the nodes holding each image and follows node updates and removals", () => {
    const snapshot = new Snapshot();
    snapshot.setNode(makeNode("a", { images: [nginx] }));
    snapshot.setNode(makeNode("b", { images: [nginx, redis] }));
    expect(snapshot.imageNumNodes("docker.io/library/nginx:latest")).toBe(2);
    expect(snapshot.imageNumNodes("docker.io/library/redis:7")).toBe(1);
    snapshot.setNode(makeNode("b", { images: [redis] }));
    expect(snapshot.imageNumNodes("docker.io/library/nginx:latest")).toBe(1);
    snapshot.removeNode("a");
    expect(snapshot.imageNumNodes("docker.io/library/nginx:latest")).toBe(0);
    expect(snapshot.imageNumNodes("docker.io/library/redis:7")).toBe(1);
  });

  it("keeps a node's pods when the node object is replaced", () => {
    const snapshot = new Snapshot();
    snapshot.setNode(makeNode("a"));
    snapshot.addPod(makePod("p", { nodeName: "a", cpu: "1" }));
    const cordoned = makeNode("a", { unschedulable: true });
    snapshot.setNode(cordoned);
    const info = snapshot.getNodeInfo("a");
    expect(info?.node).toBe(cordoned);
    expect(info?.requested).toEqual({ cpu: 1000, memory: 0, pods: 1 });
  });

  it("ignores pods on nodes it does not know", () => {
    const snapshot = new Snapshot();
    snapshot.setNode(makeNode("a"));
    snapshot.addPod(makePod("p", { nodeName: "ghost", cpu: "1" }));
    snapshot.removePod(makePod("q", { nodeName: "ghost", cpu: "1" }));
    expect(snapshot.getNodeInfo("a")?.requested.pods).toBe(0);
  });

  it("builds from state counting assigned pods that have not finished", () => {
    const pods = [
      makePod("running", { nodeName: "a", cpu: "1" }),
      makePod("pending-bound", { nodeName: "a", cpu: "500m", phase: "Pending" }),
      makePod("done", { nodeName: "a", cpu: "2", phase: "Succeeded" }),
      makePod("failed", { nodeName: "a", cpu: "2", phase: "Failed" }),
      makePod("unbound", { cpu: "2" }),
    ];
    const snapshot = snapshotFromState({
      nodes: { b: makeNode("b"), a: makeNode("a") },
      pods: Object.fromEntries(pods.map((p) => [`default/${p.metadata.name}`, p])),
    });
    expect(snapshot.nodeInfos.map((i) => i.node.metadata.name)).toEqual(["a", "b"]);
    expect(snapshot.getNodeInfo("a")?.requested).toEqual({ cpu: 1500, memory: 0, pods: 2 });
    expect(snapshot.getNodeInfo("b")?.requested.pods).toBe(0);
  });
});
