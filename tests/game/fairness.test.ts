import { describe, expect, it } from "vitest";
import { type Occupancy, pointsFor, scorePlayers } from "../../shared/score/score.ts";
import { templateHash } from "../../shared/sim/controllers/deployment/replicasets.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { containerStep } from "../../shared/sim/kubelet/step.ts";
import { currentBackends } from "../../shared/sim/proxy/kubeproxy.ts";
import { explain } from "../../shared/sim/scheduler/scheduleone.ts";
import { docs, engineFromYaml } from "../sim/harness.ts";

/**
 * A class where every seat is a student who plays well, at a student's pace: every 3 real seconds a
 * move or two (at 5x speed that is every 15 simulated seconds). The teacher fails a worker mid-class and
 * brings it back. Every role must end with points, and nobody may lose a point to the teacher's fault.
 */
type Move = { type: string; [field: string]: unknown };

const CLASS = docs(
  ...["worker-1", "worker-2", "worker-3"].map(
    (name) => `apiVersion: v1
kind: Node
metadata: { name: ${name} }
status: { capacity: { cpu: "4", memory: 8Gi, pods: "110" } }`,
  ),
  `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 4
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: nginx, image: "nginx:1.26", resources: { requests: { cpu: 250m, memory: 256Mi } } }`,
  `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 80 }]`,
  `apiVersion: v1
kind: Pod
metadata: { name: huge }
spec:
  containers: [{ name: job, image: "busybox:1.37", command: ["sleep", "3600"], resources: { requests: { cpu: "8" } } }]`,
);

const NODES = ["worker-1", "worker-2", "worker-3"];
const SEATS = [
  "scheduler",
  "controller-manager",
  "user",
  ...NODES.map((n) => `kubelet:${n}`),
  ...NODES.map((n) => `kube-proxy:${n}`),
];

/** kube-scheduler's own choice for the oldest pending pod, or "no Node fits" once, as a good student would. */
function schedulerMove(engine: Engine, said: Set<string>): Move[] {
  const pending = Object.values(engine.state.pods)
    .filter(
      (p) => !p.spec.nodeName && p.metadata.deletionTimestamp === undefined && p.status.phase === "Pending",
    )
    .sort((a, b) => a.metadata.creationTimestamp - b.metadata.creationTimestamp);
  for (const pod of pending) {
    const e = explain(pod, engine.snapshot);
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (e.best[0]) return [{ type: "Bind", pod: pod.metadata.name, node: e.best[0] }];
    if (!said.has(key)) {
      said.add(key);
      return [{ type: "NoNodeFits", pod: pod.metadata.name }];
    }
  }
  return [];
}

function kubeletMove(engine: Engine, node: string): Move[] {
  const machine = engine.state.machines[node];
  const kubelet = engine.state.kubelets[node];
  if (!machine?.up || !kubelet) return [];
  for (const pod of engine.podsOnNode(node)) {
    for (const container of pod.spec.containers) {
      const step = containerStep(engine, machine, kubelet, pod, container);
      const target = { node, pod: pod.metadata.name, container: container.name };
      if (step.step === "pull") return [{ type: "PullImage", ...target }];
      if (step.step === "start") return [{ type: "StartContainer", ...target }];
    }
  }
  return [];
}

/** The Deployment and ReplicaSet controllers' decisions, taken by hand: a ReplicaSet per template, counts. */
function controllerMoves(engine: Engine): Move[] {
  const s = engine.state;
  for (const d of Object.values(s.deployments)) {
    const hash = templateHash(d.spec.template);
    const owned = Object.values(s.replicasets).filter((rs) =>
      rs.metadata.ownerReferences?.some((o) => o.uid === d.metadata.uid),
    );
    const current = owned.find((rs) => templateHash(rs.spec.template) === hash);
    if (!current) return [{ type: "CreateReplicaSet", deployment: d.metadata.name }];
    for (const rs of owned) {
      const desired = rs === current ? d.spec.replicas : 0;
      if (rs.spec.replicas !== desired)
        return [{ type: "ScaleReplicaSet", replicaSet: rs.metadata.name, replicas: desired }];
    }
  }
  for (const rs of Object.values(s.replicasets)) {
    const pods = engine
      .podsOwnedBy(rs.metadata.uid)
      .filter((p) => p.metadata.deletionTimestamp === undefined && p.status.phase !== "Failed");
    if (pods.length < rs.spec.replicas) return [{ type: "CreateReplica", replicaSet: rs.metadata.name }];
    const extra = pods.find((p) => !p.spec.nodeName) ?? pods[0];
    if (pods.length > rs.spec.replicas && extra) return [{ type: "DeleteReplica", pod: extra.metadata.name }];
  }
  return [];
}

function proxyMove(engine: Engine, node: string): Move[] {
  const proxy = engine.state.proxies[node];
  if (!proxy) return [];
  for (const key of Object.keys(engine.state.services)) {
    const { resourceVersion } = currentBackends(engine, key);
    if (proxy.rules[key]?.resourceVersion !== resourceVersion) return [{ type: "SyncProxyRules", node }];
  }
  return [];
}

function playClass(speed: number) {
  const engine = engineFromYaml(CLASS);
  if (speed !== 1) engine.apply("instructor", { type: "SetSpeed", speed });
  for (const seat of SEATS) engine.apply("instructor", { type: "SetDriver", seat, driver: "human" });
  const said = new Set<string>();
  const stepMs = 3_000 * speed;
  const end = 600_000;
  let nextStep = engine.now + stepMs;
  while (engine.now - engine.state.startTime < end) {
    const t = engine.now - engine.state.startTime;
    if (t === 120_000) engine.apply("instructor", { type: "FailNode", node: "worker-3" });
    if (t === 240_000) engine.apply("instructor", { type: "RecoverNode", node: "worker-3" });
    if (t === 300_000) {
      engine.apply(
        "user",
        { type: "SetImage", kind: "deployment", name: "web", container: "nginx", image: "nginx:1.27" },
        "user",
      );
    }
    if (engine.now >= nextStep) {
      nextStep += stepMs;
      const moves: [string, Move[]][] = [
        ["scheduler", schedulerMove(engine, said)],
        ["controller-manager", [...controllerMoves(engine)]],
        ...NODES.map((n): [string, Move[]] => [`kubelet:${n}`, kubeletMove(engine, n)]),
        ...NODES.map((n): [string, Move[]] => [`kube-proxy:${n}`, proxyMove(engine, n)]),
      ];
      // a student makes a couple of moves in those 3 seconds
      for (let round = 0; round < 2; round++) {
        for (const [seat, list] of moves) for (const move of list) engine.apply(seat, move, seat);
        moves.splice(
          0,
          moves.length,
          ["scheduler", schedulerMove(engine, said)],
          ["controller-manager", controllerMoves(engine)],
          ...NODES.map((n): [string, Move[]] => [`kubelet:${n}`, kubeletMove(engine, n)]),
        );
      }
    }
    engine.tick();
  }
  const occupancy: Occupancy[] = SEATS.map((seat) => ({ player: seat, seat, from: engine.state.startTime }));
  return { engine, scores: scorePlayers(engine.state.judgements, occupancy) };
}

const played = new Map<number, ReturnType<typeof playClass>>();
const playedAt = (speed: number) => {
  let result = played.get(speed);
  if (!result) {
    result = playClass(speed);
    played.set(speed, result);
  }
  return result;
};

describe("a class played well scores for every role, and the teacher's faults cost nobody", () => {
  it.each([1, 5])("at %ix speed", (speed) => {
    const { engine, scores } = playedAt(speed);
    for (const seat of SEATS) {
      expect(
        scores[seat]?.points,
        `${seat} at ${speed}x: ${JSON.stringify(scores[seat]?.byKind)}`,
      ).toBeGreaterThan(0);
      expect(Number.isInteger(scores[seat]?.points)).toBe(true);
    }
    // the teacher's FailNode on worker-3: its Node went NotReady, but nobody was judged for it
    const events = engine.state.events.map((e) => e.reason);
    expect(events).toContain("MachineDown");
    expect(events).toContain("NodeNotReady");
    const negative = engine.state.judgements.filter((j) => j.driver === "human" && pointsFor(j) < 0);
    expect(negative.filter((j) => j.seat.endsWith("worker-3") || j.kind === "node-lost")).toEqual([]);
    // the right "no Node fits" for the pod nothing can hold
    expect(engine.state.judgements.find((j) => j.kind === "no-fit")).toMatchObject({ value: 100 });
    expect(engine.state.deployments["default/web"]?.status?.availableReplicas).toBe(4);
  });

  it("a student at 5x speed, moving as often in real time, scores like one at 1x", () => {
    const slow = playedAt(1).scores;
    const fast = playedAt(5).scores;
    for (const seat of SEATS) {
      const a = slow[seat]?.points ?? 0;
      const b = fast[seat]?.points ?? 0;
      expect(Math.abs(a - b), `${seat}: ${a} at 1x, ${b} at 5x`).toBeLessThanOrEqual(Math.max(6, a * 0.35));
    }
  });
});
