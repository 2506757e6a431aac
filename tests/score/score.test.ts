import { describe, expect, it } from "vitest";
import { leaderboard, pointsFor, scorePlayers, scoreSeats } from "../../shared/score/score.ts";
import type { Judgement } from "../../shared/sim/model/judgement.ts";
import { docs, engineFromYaml, nodeYaml, podOf, podYaml, runUntil } from "../sim/harness.ts";

describe("points: whole numbers, each role rewarded for its job", () => {
  it.each([
    [{ kind: "placement", value: 100 }, 10],
    [{ kind: "placement", value: 73 }, 7],
    [{ kind: "placement", value: 0 }, 0],
    [{ kind: "no-fit", value: 100 }, 5],
    [{ kind: "no-fit", value: 0 }, -3],
    [{ kind: "bind-to-running", value: 4 }, 10],
    [{ kind: "bind-to-running", value: 19 }, 9],
    [{ kind: "bind-to-running", value: 300 }, 2],
    [{ kind: "node-kept", value: 1 }, 1],
    [{ kind: "reconcile", value: 0.1 }, 10],
    [{ kind: "reconcile", value: 8 }, 6],
    [{ kind: "rollout", value: 40 }, 8],
    [{ kind: "proxy-sync", value: 3 }, 5],
    [{ kind: "proxy-sync", value: 60 }, 1],
    [{ kind: "late-heartbeat", value: 15 }, -2],
    [{ kind: "node-lost", value: 1 }, -10],
    [{ kind: "stale-route", value: 25 }, -2],
    [{ kind: "stale-route", value: 5000 }, -5],
    [{ kind: "preemption", value: 100 }, 10],
    [{ kind: "preemption", value: 40 }, 4],
    [{ kind: "autoscale", value: 100 }, 10],
    [{ kind: "autoscale", value: 0 }, 0],
    [{ kind: "drain", value: 5 }, 10],
    [{ kind: "drain", value: 30 }, 5],
    [{ kind: "drain", value: 600 }, 0],
  ] as const)("%j -> %d", (j, points) => {
    expect(pointsFor(j)).toBe(points);
    expect(Number.isInteger(pointsFor(j))).toBe(true);
  });
});

describe("judgements from the engine", () => {
  it("a human scheduler's placement is judged against the default scheduler's scores", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("busy", { cpu: "4", memory: "8Gi" }),
        nodeYaml("idle", { cpu: "4", memory: "8Gi" }),
        podYaml(
          "hog",
          { image: "nginx:1.27", resources: { requests: { cpu: "3", memory: "6Gi" } } },
          { nodeName: "busy" },
        ),
        podYaml("a", { image: "nginx:1.27", resources: { requests: { cpu: "500m", memory: "512Mi" } } }),
        podYaml("b", { image: "nginx:1.27", resources: { requests: { cpu: "500m", memory: "512Mi" } } }),
        podYaml("c", { image: "nginx:1.27", resources: { requests: { cpu: "2", memory: "1Gi" } } }),
      ),
    );
    engine.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" });
    engine.runFor(1000);
    const good = engine.apply("scheduler", { type: "Bind", pod: "a", node: "idle" });
    expect(good.ok && good.judgement).toMatchObject({
      kind: "placement",
      value: 100,
      driver: "human",
      seat: "scheduler",
    });
    const worse = engine.apply("scheduler", { type: "Bind", pod: "b", node: "busy" });
    expect(worse.ok && worse.judgement?.value).toBeGreaterThan(0);
    expect(worse.ok && worse.judgement?.value).toBeLessThan(100);
    expect(worse.ok && worse.judgement?.detail).toMatch(/^busy scored \d+; best: idle \(\d+\)$/);
    const bad = engine.apply("scheduler", { type: "Bind", pod: "c", node: "busy" });
    expect(bad.ok && bad.judgement).toMatchObject({
      value: 0,
      detail: "busy would be filtered out: Insufficient cpu",
    });
  });

  it("kubelets are judged on bind-to-Running and rewarded for a Node kept Ready; the kubelet renews the Lease", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("a"), nodeYaml("b"), podYaml("p", { image: "nginx:1.27" }, { nodeName: "a" })),
    );
    runUntil(engine, () => podOf(engine, "p").status.phase === "Running");
    const startup = engine.state.judgements.find((j) => j.kind === "bind-to-running");
    expect(startup).toMatchObject({ seat: "kubelet:a", driver: "bot", subject: "default/p" });
    expect(startup?.value).toBeGreaterThan(2);
    expect(startup?.value).toBeLessThan(5);
    engine.apply("instructor", { type: "SetDriver", seat: "kubelet:b", driver: "human" });
    engine.runFor(130_000);
    const kinds = engine.state.judgements.filter((j) => j.seat === "kubelet:b").map((j) => j.kind);
    // the student never clicked a heartbeat: the kubelet renewed the Lease, the Node stayed Ready
    expect(kinds).not.toContain("late-heartbeat");
    expect(kinds).not.toContain("node-lost");
    expect(kinds.filter((k) => k === "node-kept")).toHaveLength(2);
  });

  it("with manual heartbeats (the teacher's challenge) a student who forgets loses the Node", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), nodeYaml("b")));
    engine.apply("instructor", { type: "SetManualHeartbeats", manual: true });
    engine.apply("instructor", { type: "SetDriver", seat: "kubelet:b", driver: "human" });
    engine.runFor(70_000);
    const kinds = engine.state.judgements.filter((j) => j.seat === "kubelet:b").map((j) => j.kind);
    expect(kinds).toContain("late-heartbeat");
    expect(kinds).toContain("node-lost");
    // the bot's node renews its own Lease, as ever
    expect(engine.state.judgements.filter((j) => j.seat === "kubelet:a" && j.kind === "node-lost")).toEqual(
      [],
    );
  });

  it("nobody answers for the teacher's fault, nor for the time before they sat down", () => {
    const engine = engineFromYaml(docs(nodeYaml("a"), nodeYaml("b")));
    engine.apply("instructor", { type: "SetManualHeartbeats", manual: true });
    // a late joiner: the seat was the bot's for 3 minutes, then a student takes it
    engine.runFor(180_000);
    engine.apply("instructor", { type: "SetDriver", seat: "kubelet:b", driver: "human" });
    engine.runFor(5_000);
    expect(engine.state.judgements.filter((j) => j.seat === "kubelet:b" && j.driver === "human")).toEqual([]);
    // the teacher fails the machine: its Lease stops, the Node is lost, but not by the student
    engine.apply("instructor", { type: "FailNode", node: "b" });
    engine.runFor(60_000);
    const kinds = engine.state.judgements.filter((j) => j.seat === "kubelet:b").map((j) => j.kind);
    expect(engine.state.nodes.b?.status.conditions.find((c) => c.type === "Ready")?.status).toBe("Unknown");
    expect(kinds).not.toContain("node-lost");
    expect(kinds).not.toContain("late-heartbeat");
  });

  it("a human scheduler may say no Node fits: right, a real FailedScheduling; wrong, nothing changes", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("small", { cpu: "2", memory: "4Gi" }),
        podYaml("big", { image: "nginx:1.27", resources: { requests: { cpu: "3", memory: "1Gi" } } }),
        podYaml("fits", { image: "nginx:1.27", resources: { requests: { cpu: "1", memory: "1Gi" } } }),
      ),
    );
    engine.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" });
    engine.runFor(1000);
    const right = engine.apply("scheduler", { type: "NoNodeFits", pod: "big" });
    expect(right.ok && right.judgement).toMatchObject({ kind: "no-fit", value: 100, driver: "human" });
    const failed = engine.state.events.filter((e) => e.reason === "FailedScheduling");
    expect(failed.map((e) => e.message)).toEqual(["0/1 nodes are available: 1 Insufficient cpu."]);
    expect(podOf(engine, "big").status.conditions.find((c) => c.type === "PodScheduled")).toMatchObject({
      status: "False",
      reason: "Unschedulable",
    });
    const wrong = engine.apply("scheduler", { type: "NoNodeFits", pod: "fits" });
    expect(wrong.ok && wrong.judgement).toMatchObject({
      kind: "no-fit",
      value: 0,
      detail: "small fits this pod",
    });
    expect(engine.state.events.filter((e) => e.reason === "FailedScheduling")).toHaveLength(1);
    expect(pointsFor({ kind: "no-fit", value: 0 })).toBeLessThan(0);
    // only the scheduler's seat may say it
    expect(engine.apply("user", { type: "NoNodeFits", pod: "fits" })).toMatchObject({
      ok: false,
      code: "Forbidden",
    });
  });

  it("the controller manager is judged on time to reconcile", () => {
    const engine = engineFromYaml(
      docs(
        nodeYaml("a"),
        JSON.stringify({
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          metadata: { name: "rs" },
          spec: {
            replicas: 2,
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
    expect(engine.state.judgements.filter((j) => j.kind === "reconcile")).toEqual([
      expect.objectContaining({ seat: "controller-manager", driver: "bot", subject: "default/rs" }),
    ]);
  });
});

describe("players and seats", () => {
  const j = (
    time: number,
    seat: string,
    kind: Judgement["kind"],
    value: number,
    driver: Judgement["driver"] = "human",
  ): Judgement => ({
    seq: time,
    time,
    seat,
    driver,
    kind,
    subject: "x",
    value,
  });
  const judgements = [
    j(10, "scheduler", "placement", 100),
    j(20, "scheduler", "placement", 50),
    j(30, "scheduler", "placement", 100),
    j(40, "kubelet:a", "late-heartbeat", 14),
    j(50, "scheduler", "placement", 100, "bot"),
  ];

  it("a judgement counts for whoever held the seat at that moment", () => {
    const occupancy = [
      { player: "ana", seat: "scheduler", from: 0, to: 25 },
      { player: "ben", seat: "scheduler", from: 25 },
      { player: "cy", seat: "kubelet:a", from: 0 },
    ];
    const players = scorePlayers(judgements, occupancy);
    expect(players.ana?.points).toBe(15);
    expect(players.ben?.points).toBe(10);
    expect(players.cy?.points).toBe(-2);
    expect(leaderboard(players)).toEqual([
      { player: "ana", points: 15, rank: 1 },
      { player: "ben", points: 10, rank: 2 },
      { player: "cy", points: -2, rank: 3 },
    ]);
  });

  it("per seat, humans and bots apart", () => {
    const seats = scoreSeats(judgements);
    expect(seats.scheduler?.human.byKind.placement).toEqual({ count: 3, mean: 250 / 3, points: 25 });
    expect(seats.scheduler?.bot.byKind.placement?.count).toBe(1);
  });

  it("equal points share a rank", () => {
    expect(
      leaderboard({
        a: { points: 5, byKind: {} },
        b: { points: 5, byKind: {} },
        c: { points: 1, byKind: {} },
      }).map((r) => r.rank),
    ).toEqual([1, 1, 3]);
  });
});
