import { ArraySchema } from "@colyseus/schema";
import { describe, expect, it } from "vitest";
import { Dictionary, MAX_PREFIXES } from "../../server/state/Dictionary.ts";
import { nameOf, nameWire } from "../../shared/protocol/objectName.ts";

/**
 * An object's name travels as a dictionary word for its prefix and the rest as text; the prefixes a
 * session takes are bounded, so names a student makes up cannot grow what every client receives.
 */
describe("object names on the wire", () => {
  const words = new ArraySchema<string>();
  const dictionary = new Dictionary(words);
  const prefixWord = (text: string) => dictionary.prefixIndexOf(text);
  const read = (wire: ReturnType<typeof nameWire>) =>
    nameOf(wire.namePrefixWord ? (words.at(wire.namePrefixWord) ?? "") : "", wire.name);

  it("a pod's name: its ReplicaSet's prefix once, its suffix as text; a name without a dash whole", () => {
    const pod = nameWire("web-7d4b9c-x2x9z", prefixWord);
    expect(pod.name).toBe("x2x9z");
    expect(words.at(pod.namePrefixWord)).toBe("web-7d4b9c-");
    expect(nameWire("web-7d4b9c-abcde", prefixWord).namePrefixWord).toBe(pod.namePrefixWord);
    expect(read(pod)).toBe("web-7d4b9c-x2x9z");
    expect(nameWire("web", prefixWord)).toEqual({ namePrefixWord: 0, name: "web" });
    expect(nameWire("-odd", prefixWord)).toEqual({ namePrefixWord: 0, name: "-odd" });
  });

  it(`after ${MAX_PREFIXES} prefixes, a new one travels whole; the known ones and other words still do`, () => {
    for (let i = 0; words.length <= MAX_PREFIXES; i++) nameWire(`made-up-${i}-x`, prefixWord);
    const size = words.length;
    const flood = nameWire("one-more-x", prefixWord);
    expect(flood).toEqual({ namePrefixWord: 0, name: "one-more-x" });
    expect(words.length).toBe(size);
    expect(read(nameWire("web-7d4b9c-zzzzz", prefixWord))).toBe("web-7d4b9c-zzzzz");
    expect(dictionary.indexOf("worker-9")).toBe(size);
  });
});
