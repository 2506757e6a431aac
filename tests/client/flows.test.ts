import { describe, expect, it } from "vitest";
import {
  type Endpoint,
  endpointOfSeat,
  flowsForEvent,
  flowsForRequest,
  heartbeatFlow,
  kubectlReadFlow,
} from "../../client/board/flows.ts";
import type { EventView, RequestView } from "../../shared/protocol/state.ts";

const nodes = new Set(["worker-1", "worker-2"]);

function event(fields: Partial<EventView>): EventView {
  return {
    seq: 1,
    type: "Normal",
    reason: "",
    message: "",
    code: 0,
    params: "",
    kind: "Pod",
    name: "web",
    namespace: "default",
    component: "",
    host: "",
    time: 0,
    ...fields,
  };
}

function request(fields: Partial<RequestView>): RequestView {
  return {
    seq: 1,
    time: 0,
    seat: "user",
    verb: "patch",
    resource: "deployments",
    namespace: "default",
    name: "web",
    code: 200,
    ...fields,
  };
}

const kinds = (path: Endpoint[]) => path.map((e) => e.kind);
const bound = (key: string) => (key === "default/web" ? "worker-2" : undefined);

describe("requests drawn from the audit log", () => {
  it("a binding goes scheduler -> API server -> etcd, then the kubelet of the pod's node hears of it", () => {
    const flows = flowsForRequest(
      request({ seat: "scheduler", verb: "bind", resource: "pods/binding", code: 200 }),
      bound,
    );
    expect(flows.map((f) => kinds(f.path))).toEqual([
      ["scheduler", "apiserver", "etcd"],
      ["apiserver", "kubelet"],
    ]);
    expect(flows[1]?.path[1]).toEqual({ kind: "kubelet", node: "worker-2" });
  });

  it("a controller's new pod reaches the scheduler's watch; a refused request stops at the API server", () => {
    const created = flowsForRequest(
      request({ seat: "controller-manager", verb: "create", resource: "pods", name: "web-" }),
      bound,
    );
    expect(created.map((f) => kinds(f.path))).toEqual([
      ["controller-manager", "apiserver", "etcd"],
      ["apiserver", "scheduler"],
    ]);
    const refused = flowsForRequest(request({ seat: "user", code: 422 }), bound);
    expect(refused).toEqual([{ path: [{ kind: "user" }, { kind: "apiserver" }], delay: 0, tone: "failed" }]);
  });

  it("each seat is drawn where its component stands; the teacher and the scenario as kubectl", () => {
    expect(endpointOfSeat("kubelet:worker-1")).toEqual({ kind: "kubelet", node: "worker-1" });
    expect(endpointOfSeat("kube-proxy:worker-2")).toEqual({ kind: "proxy", node: "worker-2" });
    expect(endpointOfSeat("controller-manager")).toEqual({ kind: "controller-manager" });
    expect(endpointOfSeat("instructor")).toEqual({ kind: "user" });
    expect(endpointOfSeat("scenario")).toEqual({ kind: "user" });
  });
});

describe("writes the audit log leaves out, drawn from their events", () => {
  it("a kubelet's event is its status update; a binding's Scheduled event is not drawn twice", () => {
    const pulling = flowsForEvent(
      event({ reason: "Pulling", component: "kubelet", host: "worker-1" }),
      nodes,
    );
    expect(pulling.map((f) => kinds(f.path))).toEqual([["kubelet", "apiserver", "etcd"]]);
    expect(flowsForEvent(event({ reason: "Scheduled", component: "default-scheduler" }), nodes)).toEqual([]);
    expect(
      flowsForEvent(event({ reason: "SuccessfulCreate", component: "replicaset-controller" }), nodes),
    ).toEqual([]);
    expect(flowsForEvent(event({ reason: "Pulling", component: "kubelet", host: "gone" }), nodes)).toEqual(
      [],
    );
  });

  it("never lets two components talk without the API server, and only the API server talks to etcd", () => {
    const events: EventView[] = [
      event({ reason: "FailedScheduling", component: "default-scheduler", type: "Warning" }),
      event({ reason: "Started", component: "kubelet", host: "worker-1" }),
      event({ reason: "ScalingReplicaSet", component: "deployment-controller" }),
      event({ reason: "NodeNotReady", component: "node-controller", kind: "Node", name: "worker-1" }),
      event({ reason: "TaintManagerEviction", component: "taint-eviction-controller" }),
    ];
    const requests: RequestView[] = [
      request({ seat: "scheduler", verb: "bind", resource: "pods/binding" }),
      request({ seat: "controller-manager", verb: "create", resource: "pods" }),
      request({ seat: "kubelet:worker-1", verb: "patch", resource: "nodes", code: 403 }),
      request({ seat: "instructor", verb: "patch", resource: "nodes" }),
    ];
    const paths = [
      ...events.flatMap((e) => flowsForEvent(e, nodes).map((f) => f.path)),
      ...requests.flatMap((r) => flowsForRequest(r, bound).map((f) => f.path)),
      heartbeatFlow("worker-1").path,
      kubectlReadFlow().path,
    ];
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) {
      for (let i = 1; i < path.length; i++) {
        const pair = [path[i - 1]?.kind, path[i]?.kind];
        expect(pair, JSON.stringify(path)).toContain("apiserver");
      }
    }
  });
});
