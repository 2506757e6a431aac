import { Decoder, Encoder, schema, t } from "@colyseus/schema";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeView } from "../../server/state/writeView.ts";

/**
 * writeView fills a synced schema from a plain view (shared/view): after every patch a decoding client
 * holds the same values, and a patch carries only what changed (a set's one new address, not the list).
 */
const Item = schema(
  { name: t.string().default(""), n: t.number().default(0), tags: t.set("string") },
  "WvItem",
);
const Holder = schema(
  {
    title: t.string().default(""),
    ips: t.set("string"),
    lines: t.array("string"),
    items: t.map(Item),
    list: t.array(Item),
    labels: t.map("string"),
    child: t.ref(Item),
  },
  "WvHolder",
);

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

const plain = (h: InstanceType<typeof Holder>) => ({
  title: h.title,
  ips: [...h.ips.values()].sort(),
  lines: [...h.lines],
  items: Object.fromEntries(
    [...h.items.entries()].map(([k, v]) => [k, { name: v.name, n: v.n, tags: [...v.tags.values()].sort() }]),
  ),
  list: [...h.list].map((v) => ({ name: v.name, n: v.n, tags: [...v.tags.values()].sort() })),
  labels: Object.fromEntries(h.labels.entries()),
  child: { name: h.child.name, n: h.child.n, tags: [...h.child.tags.values()].sort() },
});

const word = fc.constantFrom("a", "b", "c", "d", "e");
const item = fc.record({ name: word, n: fc.integer({ min: 0, max: 9 }), tags: fc.uniqueArray(word) });
const view = fc.record({
  title: word,
  ips: fc.uniqueArray(fc.integer({ min: 0, max: 30 }).map((i) => `10.244.0.${i}`)),
  lines: fc.array(word, { maxLength: 5 }),
  items: fc.dictionary(word, item),
  list: fc.array(item, { maxLength: 4 }),
  labels: fc.dictionary(word, word),
  child: item,
});
type View = typeof view extends fc.Arbitrary<infer V> ? V : never;

const asPlainView = (v: View) => ({
  ...v,
  ips: new Set(v.ips),
  items: new Map(Object.entries(v.items).map(([k, i]) => [k, { ...i, tags: new Set(i.tags) }])),
  list: v.list.map((i) => ({ ...i, tags: new Set(i.tags) })),
  labels: new Map(Object.entries(v.labels)),
  child: { ...v.child, tags: new Set(v.child.tags) },
});

const expected = (v: View) => ({
  title: v.title,
  ips: [...v.ips].sort(),
  lines: v.lines,
  items: Object.fromEntries(Object.entries(v.items).map(([k, i]) => [k, { ...i, tags: [...i.tags].sort() }])),
  list: v.list.map((i) => ({ ...i, tags: [...i.tags].sort() })),
  labels: v.labels,
  child: { ...v.child, tags: [...v.child.tags].sort() },
});

describe("writeView", () => {
  it("makes the schema hold the view, on the server and on a client decoding the patches", () => {
    fc.assert(
      fc.property(fc.array(view, { minLength: 1, maxLength: 6 }), (views) => {
        const { source, copy, patch } = pair();
        for (const v of views) {
          writeView(source, asPlainView(v));
          patch();
          expect(plain(source)).toEqual(expected(v));
          expect(plain(copy)).toEqual(expected(v));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("given the view it last wrote, holds the new one the same (what equals the last is skipped)", () => {
    fc.assert(
      fc.property(fc.array(view, { minLength: 1, maxLength: 6 }), (views) => {
        const { source, copy, patch } = pair();
        let last: object | undefined;
        for (const v of views) {
          const next = asPlainView(v);
          writeView(source, next, last);
          last = next;
          patch();
          expect(plain(source)).toEqual(expected(v));
          expect(plain(copy)).toEqual(expected(v));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("sends nothing when nothing changed, and a set's change as the items that came or went", () => {
    const { source, copy, patch } = pair();
    const fifty = Array.from({ length: 50 }, (_, i) => `10.244.1.${2 + i}`);
    writeView(source, { ips: new Set(fifty), title: "x" });
    expect(patch()).toBeGreaterThan(50 * 10);
    writeView(source, { ips: new Set([...fifty].reverse()), title: "x" });
    expect(patch()).toBe(0);
    const next = [...fifty.filter((x) => x !== fifty[20]), "10.244.1.99"];
    writeView(source, { ips: new Set(next) });
    expect(patch()).toBeLessThan(40);
    expect([...copy.ips.values()].sort()).toEqual([...next].sort());
  });

  it("leaves out what the view does not name", () => {
    const { source } = pair();
    writeView(source, { title: "kept", lines: ["a"] });
    writeView(source, { lines: ["b"] });
    expect(source.title).toBe("kept");
    expect([...source.lines]).toEqual(["b"]);
  });
});
