import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { shows, verdictSignature, verdictsOf } from "../../client/board/guidance.ts";
import { loadScenario } from "../../shared/scenario/load.ts";
import { createEngine } from "../../shared/sim/engine/create.ts";
import { explain } from "../../shared/sim/scheduler/scheduleone.ts";

/**
 * The scheduler's guidance before a move reads the engine's own explain (what the server answers),
 * and the teacher's help level decides what of it shows: the class's complaint in `scheduling` was
 * gpu-1 drawn like the Nodes too small for trainer, and ssd-1 drawn as if it fitted.
 */
function scheduling() {
  const text = readFileSync(join(process.cwd(), "scenarios", "scheduling.yaml"), "utf8");
  const loaded = loadScenario([{ file: "scheduling.yaml", text }]);
  if (!loaded.ok) throw new Error("scheduling.yaml does not load");
  return createEngine(loaded.scenario);
}

describe("the scheduler's guidance", () => {
  it("lights gpu-1 for trainer and rules every other Node out with FailedScheduling's words", () => {
    const engine = scheduling();
    const trainer = engine.podByName("default", "trainer");
    if (!trainer) throw new Error("no trainer");
    const verdicts = verdictsOf(explain(trainer, engine.snapshot));
    expect(verdicts.get("gpu-1")).toMatchObject({ feasible: true, best: true });
    for (const node of ["small-1", "small-2", "ssd-1"]) {
      expect(verdicts.get(node), node).toMatchObject({
        feasible: false,
        plugin: "NodeAffinity",
        reasons: ["node(s) didn't match Pod's node affinity/selector"],
      });
    }
    const fastDb = engine.podByName("default", "fast-db");
    if (!fastDb) throw new Error("no fast-db");
    const db = verdictsOf(explain(fastDb, engine.snapshot));
    expect(db.get("gpu-1")).toMatchObject({
      feasible: false,
      plugin: "TaintToleration",
      reasons: ["node(s) had untolerated taint {dedicated: gpu}"],
    });
    expect(db.get("ssd-1")?.feasible).toBe(true);
    const big = engine.podByName("default", "big-batch");
    if (!big) throw new Error("no big-batch");
    expect(verdictsOf(explain(big, engine.snapshot)).get("small-1")).toMatchObject({
      plugin: "NodeResourcesFit",
      reasons: ["Insufficient cpu"],
    });
  });

  it("shows what the teacher's help level allows: full, reasons only, or nothing before the move", () => {
    expect(shows("full")).toEqual({ glow: true, reasons: true, score: true, confirm: true });
    expect(shows("reasons")).toEqual({ glow: false, reasons: true, score: false, confirm: false });
    expect(shows("none")).toEqual({ glow: false, reasons: false, score: false, confirm: false });
    const fits = { feasible: true, plugin: "", reasons: [], score: 287, best: true };
    const out = {
      feasible: false,
      plugin: "NodeResourcesFit",
      reasons: ["Insufficient cpu"],
      score: 0,
      best: false,
    };
    expect(verdictSignature(fits, "full")).toBe("ok287*");
    // reasons only: a feasible Node looks like any other, a ruled-out one says why
    expect(verdictSignature(fits, "reasons")).toBe("");
    expect(verdictSignature(out, "reasons")).toBe("noNodeResourcesFit:Insufficient cpu");
    expect(verdictSignature(out, "none")).toBe("");
  });
});
