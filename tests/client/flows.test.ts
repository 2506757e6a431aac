import { describe, expect, it } from "vitest";
import {
  type Endpoint,
  flowsForEvent,
  heartbeatFlow,
  kubectlFlow,
  scheduledNode,
} from "../../client/board/flows.ts";
import type { EventView } from "../../shared/protocol/state.ts";

const nodes = new Set(["worker-1", "worker-2"]);

function event(fields: Partial<EventView>): EventView {
  return {
    seq: 1,
    type: "Normal",
    reason: "",
    message: "",
    kind: "Pod",
    name: "web",
    namespace: "default",
    component: "",
    host: "",
    time: 0,
    ...fields,
  };
}

const kinds = (path: Endpoint[]) => path.map((e) => e.kind);

describe("requests drawn for events", () => {
  it("a Scheduled event is the scheduler's binding through the API server, then the kubelet's watch", () => {
    const flows = flowsForEvent(
      event({
        reason: "Scheduled",
        component: "default-scheduler",
        message: "Successfully assigned default/web to worker-2",
      }),
      nodes,
    );
    expect(flows.map((f) => kinds(f.path))).toEqual([
      ["scheduler", "apiserver", "etcd"],
      ["apiserver", "kubelet"],
    ]);
    expect(flows[1]?.path[1]).toEqual({ kind: "kubelet", node: "worker-2" });
    expect(scheduledNode("Successfully assigned default/web to worker-2")).toBe("worker-2");
  });

  it("a kubelet's event is its status update; a controller's, the controller manager's write", () => {
    expect(
      kinds(
        flowsForEvent(event({ reason: "Pulling", component: "kubelet", host: "worker-1" }), nodes)[0]?.path ??
          [],
      ),
    ).toEqual(["kubelet", "apiserver", "etcd"]);
    const created = flowsForEvent(
      event({ reason: "SuccessfulCreate", component: "replicaset-controller" }),
      nodes,
    );
    expect(created.map((f) => kinds(f.path))).toEqual([
      ["controller-manager", "apiserver", "etcd"],
      ["apiserver", "scheduler"],
    ]);
    expect(flowsForEvent(event({ reason: "Pulling", component: "kubelet", host: "gone" }), nodes)).toEqual(
      [],
    );
  });

  it("never lets two components talk without the API server, and only the API server talks to etcd", () => {
    const samples: EventView[] = [
      event({
        reason: "Scheduled",
        component: "default-scheduler",
        message: "Successfully assigned default/web to worker-1",
      }),
      event({ reason: "FailedScheduling", component: "default-scheduler", type: "Warning" }),
      event({ reason: "Started", component: "kubelet", host: "worker-1" }),
      event({ reason: "SuccessfulCreate", component: "replicaset-controller" }),
      event({ reason: "ScalingReplicaSet", component: "deployment-controller" }),
      event({ reason: "NodeNotReady", component: "node-controller", kind: "Node", name: "worker-1" }),
      event({ reason: "TaintManagerEviction", component: "taint-eviction-controller" }),
    ];
    const paths = [
      ...samples.flatMap((e) => flowsForEvent(e, nodes).map((f) => f.path)),
      heartbeatFlow("worker-1").path,
      kubectlFlow(true).path,
      kubectlFlow(false).path,
    ];
    expect(paths.length).toBeGreaterThan(8);
    for (const path of paths) {
      for (let i = 1; i < path.length; i++) {
        const pair = [path[i - 1]?.kind, path[i]?.kind];
        expect(pair, JSON.stringify(path)).toContain("apiserver");
      }
    }
  });
});
