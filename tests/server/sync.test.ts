import { Decoder, Encoder, schema, t } from "@colyseus/schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { syncStringSet } from "../../server/state/sync.ts";

/** A synced set of IPs kept by syncStringSet: the same on a decoding client after every patch, and cheap. */
const Holder = schema({ ips: t.array("string") }, "SyncTestHolder");

function pair() {
  const source = new Holder();
  const encoder = new Encoder(source);
  const copy = new Holder();
  const decoder = new Decoder(copy);
  decoder.decode(encoder.encodeAll());
  encoder.discardChanges();
  const patch = () => {
    const bytes = encoder.encode();
    decoder.decode(bytes);
    encoder.discardChanges();
    return bytes.byteLength;
  };
  return { source, copy, patch };
}

const sorted = (items: Iterable<string>) => [...items].sort();
const ips = (n: number) => Array.from({ length: n }, (_, i) => `10.244.1.${2 + i}`);

describe("syncStringSet", () => {
  it("holds the source's items, on the server and on a client decoding the patches", () => {
    const ip = fc.integer({ min: 0, max: 40 }).map((i) => `10.244.${i % 3}.${i}`);
    const steps = fc.array(fc.array(ip, { maxLength: 25 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(steps, (lists) => {
        const { source, copy, patch } = pair();
        for (const wanted of lists) {
          syncStringSet(source.ips, wanted);
          patch();
          expect(sorted(source.ips)).toEqual(sorted(new Set(wanted)));
          expect([...copy.ips]).toEqual([...source.ips]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("sends the addresses that came or went, not the whole list again", () => {
    const { source, copy, patch } = pair();
    const fifty = ips(50);
    syncStringSet(source.ips, fifty);
    expect(patch()).toBeGreaterThan(50 * 10);
    syncStringSet(source.ips, [...fifty].reverse());
    expect(patch()).toBe(0);
    // one pod gone, another ready
    const next = [...fifty.filter((x) => x !== fifty[20]), "10.244.1.99"];
    syncStringSet(source.ips, next);
    expect(patch()).toBeLessThan(40);
    expect(sorted(copy.ips)).toEqual(sorted(next));
  });
});
