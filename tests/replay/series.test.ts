import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MatchLog, MatchRecorder } from "../../shared/replay/recorder.ts";
import { KEYFRAME_TICKS, Replay } from "../../shared/replay/replay.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";

/**
 * Events updated by repeats (an Event per series) across the replay's keyframes: a keyframe holds the
 * series as they were, the stream between keyframes holds each update, and a seek rebuilds exactly the
 * state the class had, whichever keyframe it starts from.
 */
const FILE = "node-failure.yaml";
const files = [{ file: FILE, text: readFileSync(join(process.cwd(), "scenarios", FILE), "utf8") }];

function cordoningMatch() {
  const loaded = loadScenario(files);
  if (!loaded.ok) throw new Error("scenario");
  const engine = createEngine(loaded.scenario, { seed: 7 });
  const log = new MatchLog();
  const recorder = new MatchRecorder(engine, log);
  const hashes = new Map<number, string>();
  const counts = new Map<number, number>();
  while (engine.state.tick < 2_000) {
    recorder.tick();
    const tick = engine.state.tick;
    // a checkpoint is taken after the tick, before that tick's commands
    if (tick % 25 === 0) {
      hashes.set(tick, engine.hash());
      counts.set(
        tick,
        engine.state.events.find(
          (e) => e.reason === "NodeNotSchedulable" && e.involvedObject.name === "worker-2",
        )?.count ?? 0,
      );
    }
    if (tick % 20 === 0)
      recorder.apply("instructor", {
        type: tick % 40 === 0 ? "CordonNode" : "UncordonNode",
        node: "worker-2",
      });
  }
  const record = log.toRecord(engine, {
    id: "series",
    scenario: { name: loaded.scenario.name, title: loaded.scenario.title },
    scenarioFiles: files,
    createdAt: "2026-12-07T10:00:00Z",
    players: [],
    occupancy: [],
  });
  return { record, hashes, counts };
}

describe("a replay of Events that repeat", () => {
  const match = cordoningMatch();

  it("the class's series grew across keyframes", () => {
    expect(match.counts.get(2_000)).toBe(49);
    expect(match.counts.get(KEYFRAME_TICKS + 25)).toBeGreaterThan(5);
  });

  it("seeks from any keyframe to exactly the state the class had", () => {
    const loaded = Replay.load(match.record);
    if (!loaded.ok) throw new Error(loaded.error);
    const replay = loaded.replay;
    expect(replay.prepare()).toEqual([]);
    for (const tick of [1_975, 325, 1_225, 650, 1_900, 925, 25]) {
      const engine = replay.seek(tick);
      expect(engine.hash(), `tick ${tick}`).toBe(match.hashes.get(tick));
      const series = engine.state.events.filter(
        (e) => e.reason === "NodeNotSchedulable" && e.involvedObject.name === "worker-2",
      );
      const count = match.counts.get(tick) ?? 0;
      expect(series.map((e) => e.count)).toEqual(count > 0 ? [count] : []);
    }
  });
});
