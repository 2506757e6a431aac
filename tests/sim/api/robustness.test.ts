import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeManifest } from "../../../shared/sim/api/decode.ts";
import { deploymentManifest, podManifest } from "./helpers.ts";

/** Replaces the value at a random path of `base` with `value`. */
function mutate(base: unknown, path: number[], value: unknown): unknown {
  if (path.length === 0 || base === null || typeof base !== "object") return value;
  const [head = 0, ...rest] = path;
  const keys = Object.keys(base);
  if (keys.length === 0) return value;
  const key = keys[head % keys.length] as string;
  const copy: Record<string, unknown> = Array.isArray(base)
    ? ([...base] as unknown as Record<string, unknown>)
    : { ...base };
  copy[key] = mutate((base as Record<string, unknown>)[key], rest, value);
  return copy;
}

describe("decodeManifest never throws", () => {
  it("on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = decodeManifest(value);
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it("on valid manifests with one field replaced by anything", () => {
    const bases = [
      podManifest({ tolerations: [{ key: "k", operator: "Exists" }] }),
      deploymentManifest({ replicas: 2 }),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }),
        fc.jsonValue(),
        (base, path, value) => {
          const result = decodeManifest(mutate(base, path, value));
          if (result.ok) expect(result.object === null || typeof result.object.metadata.name).toBeTruthy();
          else expect(result.errors.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
