import { describe, expect, it } from "vitest";
import { goDuration, parseDuration } from "../../shared/sim/duration.ts";
import { stateHash } from "../../shared/sim/hash.ts";
import { nextUint32, seedRng } from "../../shared/sim/prng.ts";
import { formatBytes, formatCpu, parseBytes, parseCpu } from "../../shared/sim/quantity.ts";
import { parseImageReference } from "../../shared/sim/registry/imageref.ts";

describe("quantities parse like Kubernetes", () => {
  it.each([
    ["500m", 500],
    ["1.5", 1500],
    ["0.1", 100],
    ["2", 2000],
    ["1e3", 1_000_000],
    ["100u", 1],
    ["1k", 1_000_000],
  ])("cpu %s -> %i millicores", (text, milli) => expect(parseCpu(text)).toBe(milli));

  it.each([
    ["512Mi", 512 * 1024 ** 2],
    ["2Gi", 2 * 1024 ** 3],
    ["1G", 1e9],
    ["1.5Gi", 1.5 * 1024 ** 3],
    ["128974848", 128974848],
    ["129e6", 129e6],
    ["123Mi", 123 * 1024 ** 2],
  ])("memory %s -> %i bytes", (text, bytes) => expect(parseBytes(text)).toBe(bytes));

  it.each(["1x", "", "Mi", "1.2.3", "--1"])("%j is not a quantity", (text) => {
    expect(parseCpu(text)).toBeUndefined();
  });

  it("formats back canonically", () => {
    expect([formatCpu(1500), formatCpu(2000), formatBytes(8 * 1024 ** 3), formatBytes(1000)]).toEqual([
      "1500m",
      "2",
      "8Gi",
      "1000",
    ]);
  });
});

describe("durations", () => {
  it.each([
    ["90s", 90_000],
    ["1h30m", 5_400_000],
    ["1.5s", 1500],
    ["500ms", 500],
    ["2m", 120_000],
    ["45", 45_000],
  ])("%s -> %i ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["90x", "1h30", "s", "-1s"])("%s is malformed", (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it("Go's duration strings for pull times", () => {
    expect([goDuration(454), goDuration(2152), goDuration(61_500)]).toEqual(["454ms", "2.152s", "1m1.5s"]);
  });
});

describe("image references", () => {
  it.each([
    ["busybox", "docker.io/library/busybox:latest"],
    ["nginx:1.27", "docker.io/library/nginx:1.27"],
    ["bitnami/redis:7", "docker.io/bitnami/redis:7"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
    ["registry.local:5000/team/app:v2", "registry.local:5000/team/app:v2"],
    [
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:1.0",
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:1.0",
    ],
  ])("%s normalises to %s", (image, normalized) => {
    const parsed = parseImageReference(image);
    expect(parsed.ok && parsed.ref.normalized).toBe(normalized);
  });

  it.each([
    ["NGINX", "invalid reference format: repository name (library/NGINX) must be lowercase"],
    ["nginx:", "invalid reference format"],
    ["nginx::1", "invalid reference format"],
    [" nginx", "invalid reference format"],
  ])("%j is invalid: %s", (image, error) => {
    expect(parseImageReference(image)).toEqual({ ok: false, error });
  });
});

describe("hash and PRNG", () => {
  it("the hash ignores key order and sees every value", () => {
    expect(stateHash({ a: 1, b: [1, "x"] })).toBe(stateHash({ b: [1, "x"], a: 1 }));
    expect(stateHash({ a: 1 })).not.toBe(stateHash({ a: 2 }));
    expect(stateHash(["1"])).not.toBe(stateHash([1]));
  });

  it("the PRNG is a pure function of its seed", () => {
    const a = seedRng(42);
    const b = seedRng(42);
    const c = seedRng(43);
    const seq = (s: ReturnType<typeof seedRng>) => Array.from({ length: 5 }, () => nextUint32(s));
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
  });
});
