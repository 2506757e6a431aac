import { describe, expect, it } from "vitest";
import { en } from "../../shared/i18n/en.ts";
import { englishOf, PHRASES, type PhraseCode, phrase, worded } from "../../shared/protocol/phrases.ts";
import { commandReply, refusal } from "../../shared/protocol/replies.ts";

const paramsOf = (text: string) => [...text.matchAll(/\{(\w+)(?:, plural)?/g)].map((m) => m[1]).sort();

describe("phrases", () => {
  it("every code has an English text using exactly the parameters PHRASES declares", () => {
    for (const code of Object.keys(PHRASES) as PhraseCode[]) {
      const text = en[`phrase.${code}`];
      expect(text, code).toBeTypeOf("string");
      expect(new Set(paramsOf(text)), code).toEqual(new Set(Object.keys(PHRASES[code])));
    }
  });

  it("the catalogs have no phrase the protocol does not know", () => {
    const keys = Object.keys(en).filter((k) => k.startsWith("phrase."));
    expect(keys.map((k) => k.slice("phrase.".length)).sort()).toEqual(Object.keys(PHRASES).sort());
  });

  it("a refusal carries its reason, code, parameters and the English text", () => {
    expect(refusal("Throttled", "throttled", { rate: 20 })).toEqual({
      ok: false,
      reason: "Throttled",
      code: "throttled",
      params: { rate: 20 },
      message: "Too many messages: this one was dropped. Send at most 20 per second.",
    });
  });

  it("nested phrases are worded first; plurals follow English rules", () => {
    const said = phrase("sessionOver", {
      why: phrase("timeUp"),
      verdict: phrase("classWon", { total: 1 }),
    });
    expect(englishOf(said)).toBe("Time is up. The class won: all 1 goal is met.");
    expect(worded("hintSent", { n: 2 }).message).toBe("Hint sent to 2 connected players.");
  });

  it("Kubernetes' own words travel untranslated", () => {
    const text = 'User "system:node:worker-1" cannot bind pods: a kubelet may only act for its own node';
    expect(commandReply({ ok: false, code: "Forbidden", message: text })).toEqual({
      ok: false,
      reason: "Forbidden",
      code: "kubernetes",
      params: { text },
      message: text,
    });
    expect(commandReply({ ok: true })).toEqual({ ok: true });
  });
});
