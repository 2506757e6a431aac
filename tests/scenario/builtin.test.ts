import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateWinConditions } from "../../shared/scenario/goals.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";

/** Every built-in scenario runs headless to its end with bots only and meets its win conditions. */
const DIR = join(process.cwd(), "scenarios");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();
/** Timeline steps that are meant to fail (the lesson is the failure). */
const EXPECTED_FAILURES: Record<string, RegExp[]> = {
  "ha-control-plane.yaml": [/^Scale at 180s: Error from server: etcdserver: request timed out$/],
};

describe("built-in scenarios", () => {
  it("there are at least eight, each with goals, a timeline, win conditions and debrief notes", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(8);
    for (const file of FILES) {
      const result = loadScenario([{ file, text: readFileSync(join(DIR, file), "utf8") }]);
      expect(result.ok, file).toBe(true);
      if (!result.ok) continue;
      const s = result.scenario;
      expect(s.title.length, file).toBeGreaterThan(0);
      expect(s.description.length, file).toBeGreaterThan(0);
      expect(s.goals.length, file).toBeGreaterThan(0);
      expect(s.timeline.length, file).toBeGreaterThan(0);
      expect(s.winConditions.length, file).toBeGreaterThan(0);
      expect(s.debrief.length, file).toBeGreaterThan(0);
      expect(s.durationSeconds, file).toBeGreaterThan(0);
    }
  });

  it.each(FILES)("%s runs to its end with bots and meets its win conditions", (file) => {
    const result = loadScenario([{ file, text: readFileSync(join(DIR, file), "utf8") }]);
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
    const engine = createEngine(result.scenario);
    engine.runFor((result.scenario.durationSeconds ?? 0) * 1000);
    const goals = evaluateWinConditions(engine.state, result.scenario.winConditions);
    expect(goals.filter((g) => !g.met).map((g) => `${g.description}: ${g.detail}`)).toEqual([]);
    const failures = engine.state.events
      .filter((e) => e.reason === "ScenarioStepFailed")
      .map((e) => e.message);
    const expected = EXPECTED_FAILURES[file] ?? [];
    expect(failures.filter((m) => !expected.some((re) => re.test(m)))).toEqual([]);
    expect(failures).toHaveLength(expected.length);
  });
});
