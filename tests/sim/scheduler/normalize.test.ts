import { describe, expect, it } from "vitest";
import { defaultNormalizeScore } from "../../../shared/sim/scheduler/normalize.ts";

describe("DefaultNormalizeScore", () => {
  it.each([
    { name: "scales to the max", reverse: false, input: [10, 20, 30], output: [33, 66, 100] },
    { name: "reversed", reverse: true, input: [0, 1, 2], output: [100, 50, 0] },
    { name: "integer division truncates", reverse: false, input: [1, 3], output: [33, 100] },
    { name: "all zero stays zero", reverse: false, input: [0, 0, 0], output: [0, 0, 0] },
    { name: "all zero reversed becomes max", reverse: true, input: [0, 0], output: [100, 100] },
    { name: "reversed truncation", reverse: true, input: [1, 3], output: [67, 0] },
  ])("$name", ({ reverse, input, output }) => {
    const scores = [...input];
    defaultNormalizeScore(100, reverse, scores);
    expect(scores).toEqual(output);
  });

  it("only touches the first count entries of a scratch buffer", () => {
    const scores = new Float64Array([5, 10, 999]);
    defaultNormalizeScore(100, false, scores, 2);
    expect(Array.from(scores)).toEqual([50, 100, 999]);
  });
});
