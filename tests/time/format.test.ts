import { describe, expect, it } from "vitest";
import {
  ageText,
  clockText,
  humanDuration,
  rfc1123z,
  rfc3339,
  rfc3339Micro,
  rfc3339Milli,
  rfc3339Nano,
  tickClockText,
  utcParts,
} from "../../shared/time/format.ts";

describe("Kubernetes' own time formats", () => {
  it.each([
    [0, "0s"],
    [119_000, "119s"],
    [125_000, "2m5s"],
    [278_000, "4m38s"],
    [600_000, "10m"],
    [3 * 3_600_000 + 60_000, "3h1m"],
    [10 * 3_600_000, "10h"],
    [50 * 3_600_000, "2d2h"],
    [30 * 86_400_000, "30d"],
    [-5000, "<invalid>"],
  ])("kubectl AGE of %i ms is %s", (ms, text) => expect(humanDuration(ms)).toBe(text));

  it("an age slightly in the future (an extrapolated clock) reads 0s", () => {
    expect(ageText(-5000)).toBe("0s");
    expect(ageText(398_000)).toBe("6m38s");
  });

  it("timestamps as the API and kubectl write them", () => {
    const at = Date.UTC(2026, 11, 1, 9, 5, 7, 42);
    expect(rfc3339(at)).toBe("2026-12-01T09:05:07Z");
    expect(rfc3339Milli(at)).toBe("2026-12-01T09:05:07.042Z");
    expect(rfc3339Micro(at)).toBe("2026-12-01T09:05:07.042000Z");
    expect(rfc3339Nano(at)).toBe("2026-12-01T09:05:07.042000000Z");
    expect(rfc1123z(at)).toBe("Tue, 01 Dec 2026 09:05:07 +0000");
    expect(utcParts(at)).toEqual({
      year: 2026,
      mm: "12",
      month: "Dec",
      dd: "01",
      weekday: "Tue",
      hh: "09",
      mi: "05",
      ss: "07",
      ms: "042",
    });
  });
});

describe("the match clock", () => {
  it.each([
    [0, "0:00"],
    [65_000, "1:05"],
    [3_723_000, "1:02:03"],
    [-1, "0:00"],
  ])("%i ms reads %s", (ms, text) => expect(clockText(ms)).toBe(text));

  it("reads ticks as simulated time", () => expect(tickClockText(650)).toBe("1:05"));
});
