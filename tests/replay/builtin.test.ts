import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMatchRecord } from "../../shared/replay/record.ts";
import { MatchLog, MatchRecorder } from "../../shared/replay/recorder.ts";
import { Replay } from "../../shared/replay/replay.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";

/** Every built-in scenario, recorded as a match, exported, imported and replayed: the same hashes. */
const DIR = join(process.cwd(), "scenarios");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

describe("replays of the built-in scenarios", () => {
  it.each(FILES)("%s reproduces every recorded hash after an export and an import", (file) => {
    const files = [{ file, text: readFileSync(join(DIR, file), "utf8") }];
    const loaded = loadScenario(files);
    if (!loaded.ok) throw new Error(file);
    const engine = createEngine(loaded.scenario);
    const log = new MatchLog();
    const recorder = new MatchRecorder(engine, log);
    const end = (loaded.scenario.durationSeconds ?? 300) * 10;
    // A player's moves on top of the bots: the user scales what there is, the instructor cordons a node.
    while (engine.state.tick < end) {
      if (engine.state.tick === 300) {
        const deployment = Object.values(engine.state.deployments)[0];
        if (deployment)
          recorder.apply(
            "user",
            {
              type: "Scale",
              kind: "deployment",
              name: deployment.metadata.name,
              replicas: deployment.spec.replicas + 1,
            },
            "p1",
          );
        const node = Object.keys(engine.state.nodes).sort()[0];
        if (node) recorder.apply("instructor", { type: "CordonNode", node });
      }
      recorder.tick();
    }
    const record = log.toRecord(engine, {
      id: file,
      scenario: { name: loaded.scenario.name, title: loaded.scenario.title },
      scenarioFiles: files,
      createdAt: "2026-11-21T09:00:00Z",
      players: [{ id: "p1", nickname: "P1" }],
      occupancy: [{ player: "p1", seat: "user", fromTick: 0 }],
    });
    const imported = parseMatchRecord(JSON.parse(JSON.stringify(record)));
    if (!imported.ok) throw new Error(imported.error);
    expect(imported.record).toEqual(record);
    const replay = Replay.load(imported.record);
    if (!replay.ok) throw new Error(replay.error);
    expect(replay.replay.prepare()).toEqual([]);
    expect(record.checkpoints.length).toBeGreaterThan(1);
    expect(replay.replay.seek(record.endTick).hash()).toBe(engine.hash());
  });
});
