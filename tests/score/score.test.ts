import { describe, expect, it } from "vitest";
import { leaderboard, pointsFor, scorePlayers, scoreSeats } from "../../shared/score/score.ts";
import type { Judgement } from "../../shared/sim/model/judgement.ts";
import { docs, engineFromYaml, nodeYaml, podOf, podYaml, runUntil } from "../sim/harness.ts";

describe("points", () => {
  it.each([
    [{ kind: "placement", value: 100 }, 10],
    [{ kind: "placement", value: 73 }, 7.3],
    [{ kind: "bind-to-running", value: 4 }, 10],
    [{ kind: "bind-to-running", value: 19 }, 7],
    [{ kind: "reconcile", value: 0.1 }, 10],
    [{ kind: "reconcile", value: 8 }, 6],
    [{ kind: "late-heartbeat", value: 15 }, -3],
    [{ kind: "node-lost", value: 1 }, -20],
    [{ kind: "stale-route", value: 25 }, -2.5],
  ] as const)("%j -> %d", (j, points) => expect(pointsFor(j)).toBe(points));
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

  it("kubelets are judged on bind-to-Running; a human who forgets the heartbeat loses the node", () => {
    const engine = engineFromYaml(
      docs(nodeYaml("a"), nodeYaml("b"), podYaml("p", { image: "nginx:1.27" }, { nodeName: "a" })),
    );
    runUntil(engine, () => podOf(engine, "p").status.phase === "Running");
    const startup = engine.state.judgements.find((j) => j.kind === "bind-to-running");
    expect(startup).toMatchObject({ seat: "kubelet:a", driver: "bot", subject: "default/p" });
    expect(startup?.value).toBeGreaterThan(2);
    expect(startup?.value).toBeLessThan(5);
    engine.apply("instructor", { type: "SetDriver", seat: "kubelet:b", driver: "human" });
    engine.runFor(70_000);
    const kinds = engine.state.judgements.filter((j) => j.seat === "kubelet:b").map((j) => j.kind);
    expect(kinds).toContain("late-heartbeat");
    expect(kinds).toContain("node-lost");
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
    expect(players.cy?.points).toBe(-3);
    expect(leaderboard(players)).toEqual([
      { player: "ana", points: 15, rank: 1 },
      { player: "ben", points: 10, rank: 2 },
      { player: "cy", points: -3, rank: 3 },
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
