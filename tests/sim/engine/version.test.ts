import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/scenario/load.ts";
import { createEngine } from "../../../shared/sim/engine/create.ts";
import { SIMULATION_VERSION } from "../../../shared/sim/engine/version.ts";

/**
 * A recorded match carries the SIMULATION_VERSION that recorded it, so a replay by a changed engine can
 * say why it differs. This pins one run's hash to the version: a change that alters what a match
 * re-simulates to fails here, and is one more version (shared/sim/engine/version.ts) and a new pin.
 */
const PINNED: Record<number, string> = { 1: "987e70e75db38150 a92f4d83f79cfe93" };

function run(): string {
  const files = ["node-failure.yaml", "services.yaml"].map((file) => ({
    file,
    text: readFileSync(join(process.cwd(), "scenarios", file), "utf8"),
  }));
  const hashes: string[] = [];
  for (const file of files) {
    const loaded = loadScenario([file]);
    if (!loaded.ok) throw new Error(file.file);
    const engine = createEngine(loaded.scenario, { seed: 3 });
    const node = Object.keys(engine.state.nodes).sort()[0] as string;
    for (let s = 0; s < 240; s++) {
      if (s % 20 === 0) engine.apply("instructor", { type: s % 40 ? "UncordonNode" : "CordonNode", node });
      if (s === 60) engine.apply("user", { type: "Scale", kind: "deployment", name: "web", replicas: 6 });
      engine.runFor(1000);
    }
    hashes.push(engine.hash());
  }
  return hashes.join(" ");
}

describe("the simulation's version", () => {
  it(`version ${SIMULATION_VERSION} simulates as it did when it was pinned`, () => {
    expect(
      run(),
      "the simulation changed what a match re-simulates to: add one to SIMULATION_VERSION and pin the new hashes",
    ).toBe(PINNED[SIMULATION_VERSION]);
  });
});
