import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../shared/scenario/load.ts";

describe("loadScenario never throws", () => {
  it("on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const result = loadScenario([{ file: "x.yaml", text }]);
        if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
