import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { matchMarkers, nextMarker } from "../../shared/replay/markers.ts";
import { parseMatchRecord } from "../../shared/replay/record.ts";
import { MatchLog, MatchRecorder } from "../../shared/replay/recorder.ts";
import { KEYFRAME_TICKS, Replay } from "../../shared/replay/replay.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { JUDGEMENT_KINDS } from "../../shared/sim/model/judgement.ts";

const FILE = "node-failure.yaml";
const files = [{ file: FILE, text: readFileSync(join(process.cwd(), "scenarios", FILE), "utf8") }];

/** A live match: bots, an instructor's fault, a human scheduler for a while, a student's kubectl. */
function playMatch() {
  const loaded = loadScenario(files);
  if (!loaded.ok) throw new Error("scenario");
  const engine = createEngine(loaded.scenario, { seed: 99 });
  const log = new MatchLog();
  const recorder = new MatchRecorder(engine, log);
  const hashes = new Map<number, string>();
  const at = (tick: number) => {
    while (engine.state.tick < tick) {
      recorder.tick();
      if (engine.state.tick % 50 === 0) hashes.set(engine.state.tick, engine.hash());
    }
  };
  at(200);
  recorder.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "human" }, undefined);
  recorder.apply("user", { type: "Scale", kind: "deployment", name: "web", replicas: 8 }, "ana");
  at(230);
  for (const pod of Object.values(engine.state.pods).filter((p) => !p.spec.nodeName)) {
    recorder.apply("scheduler", { type: "Bind", pod: pod.metadata.name, node: "worker-3" }, "ben");
  }
  recorder.apply("scheduler", { type: "Bind", pod: "nope", node: "worker-3" }, "ben");
  recorder.apply("instructor", { type: "SetDriver", seat: "scheduler", driver: "bot" });
  at(900);
  recorder.apply("instructor", { type: "FailNode", node: "worker-1" });
  at(3_000);
  const record = log.toRecord(engine, {
    id: "m1",
    scenario: { name: loaded.scenario.name, title: loaded.scenario.title },
    scenarioFiles: files,
    createdAt: "2026-11-21T10:00:00Z",
    players: [
      { id: "ana", nickname: "Ana" },
      { id: "ben", nickname: "Ben" },
    ],
    occupancy: [{ player: "ben", seat: "scheduler", fromTick: 200, toTick: 230 }],
  });
  return {
    record,
    hashes,
    finalHash: engine.hash(),
    timeline: loaded.scenario.timeline,
    startTime: loaded.scenario.startTime,
  };
}

describe("replay", () => {
  const match = playMatch();

  it("re-simulates the match and reproduces every recorded hash", () => {
    const loaded = Replay.load(match.record);
    if (!loaded.ok) throw new Error(loaded.error);
    expect(loaded.replay.prepare()).toEqual([]);
    expect(match.record.checkpoints.length).toBeGreaterThanOrEqual(5);
    expect(loaded.replay.seek(3_000).hash()).toBe(match.finalHash);
  });

  it("seeks anywhere, backwards and forwards, to exactly the live state", () => {
    const loaded = Replay.load(match.record);
    if (!loaded.ok) throw new Error(loaded.error);
    const replay = loaded.replay;
    replay.prepare();
    for (const tick of [2_950, 50, 1_200, 900, 2_400, 250, KEYFRAME_TICKS, 3_000]) {
      expect(replay.seek(tick).hash(), `tick ${tick}`).toBe(match.hashes.get(tick));
    }
    expect(replay.seek(1_000).state.tick).toBe(1_000);
    expect(replay.step(50).state.tick).toBe(1_050);
    expect(replay.current.hash()).toBe(match.hashes.get(1_050));
  });

  it("reports a mismatch instead of hiding it when the record was tampered with", () => {
    const tampered = structuredClone(match.record);
    const scale = tampered.commands.find((c) => c.command.type === "Scale");
    if (!scale) throw new Error("no scale");
    scale.command.replicas = 9;
    const loaded = Replay.load(tampered);
    if (!loaded.ok) throw new Error(loaded.error);
    const mismatches = loaded.replay.prepare();
    expect(mismatches.length).toBeGreaterThan(0);
    expect(mismatches[0]?.tick).toBe(600);
  });

  it("exports to one versioned file and imports it back", () => {
    const text = JSON.stringify(match.record);
    const parsed = parseMatchRecord(JSON.parse(text));
    expect(parsed).toEqual({ ok: true, record: match.record });
    expect(parseMatchRecord({ format: "other" })).toEqual({
      ok: false,
      error: 'not a kubeclass match file (format is "other")',
    });
    expect(parseMatchRecord({ ...match.record, version: 2 })).toMatchObject({
      ok: false,
      error: expect.stringContaining("version 2 is not supported"),
    });
    expect(parseMatchRecord({ ...match.record, seed: "x" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("seed"),
    });
  });

  it("marks scenario steps, faults, refused moves and key warnings", () => {
    const loaded = Replay.load(match.record);
    if (!loaded.ok) throw new Error(loaded.error);
    loaded.replay.prepare();
    const markers = matchMarkers(match.record, match.timeline, [...loaded.replay.events], match.startTime);
    const labels = markers.map((m) => `${m.tick} ${m.kind} ${m.label}`);
    expect(labels).toContain("600 fault FailNode worker-2");
    expect(labels).toContain("900 fault FailNode worker-1");
    expect(labels.some((l) => /^230 refused Bind nope to worker-3: pods "nope" not found$/.test(l))).toBe(
      true,
    );
    expect(
      labels.some((l) => / warning NodeNotReady: Node worker-1 status is now: NodeNotReady$/.test(l)),
    ).toBe(true);
    expect(nextMarker(markers, 600)?.tick).toBeGreaterThan(600);
  });
});

describe("debrief", () => {
  it("charts, key moments, scores, goals and a CSV from the record", async () => {
    const { buildDebrief, debriefCsv } = await import("../../shared/replay/debrief.ts");
    const match = playMatch();
    const loaded = Replay.load(match.record);
    if (!loaded.ok) throw new Error(loaded.error);
    const scenario = loadScenario(files);
    if (!scenario.ok) throw new Error("scenario");
    const debrief = buildDebrief(match.record, scenario.scenario, loaded.replay);
    expect(debrief.mismatches).toEqual([]);
    expect(debrief.samples).toHaveLength(31);
    expect(debrief.samples[0]?.readyNodes).toBe(3);
    expect(Math.min(...debrief.samples.map((s) => s.readyNodes))).toBe(1); // two nodes failed
    expect(Math.max(...debrief.samples.map((s) => s.runningPods))).toBe(8);
    const ben = debrief.players.find((p) => p.id === "ben");
    expect(ben?.card.byKind.placement?.count).toBe(2);
    expect(debrief.leaderboard[0]?.player).toBe("ben");
    expect(debrief.moments.some((m) => m.kind === "fault")).toBe(true);
    expect(debrief.goals.map((g) => g.condition.type)).toEqual(["DeploymentAvailable", "NodesReady"]);
    const csv = debriefCsv(debrief);
    expect(csv.split("\n")[0]).toBe(
      ["player,nickname,rank,points", ...JUDGEMENT_KINDS.map((k) => `${k} count,${k} mean`)].join(","),
    );
    expect(csv).toMatch(/^ben,Ben,1,[0-9.]+,2,/m);
    expect(csv).toMatch(/^300,\d+,\d+,\d,\d,\d+,1\.0000$/m);
  });
});

describe("markers of every instructor fault", () => {
  it.each([
    "FailNode",
    "RecoverNode",
    "PartitionNode",
    "HealNode",
    "RegistryOutage",
    "RateLimitRegistry",
    "RevokeCredential",
    "RestoreCredential",
    "CrashDeployment",
    "FailMaster",
    "RecoverMaster",
    "FailEtcdMember",
    "RecoverEtcdMember",
    "AddNode",
    "RemoveNode",
    "SetTraffic",
  ])("%s is marked as a fault", (type) => {
    const record = {
      commands: [{ seq: 0, tick: 10, seat: "instructor", command: { type }, ok: true }],
    } as never;
    expect(matchMarkers(record, [], [], 0)).toEqual([
      { tick: 10, kind: "fault", label: type, seat: "instructor" },
    ]);
  });
});
