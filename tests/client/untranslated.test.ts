import { describe, expect, it } from "vitest";
import { foreignPatterns } from "../e2e/support/untranslated.ts";

/**
 * The crawl's first check (tests/e2e/crawl.test.ts): the catalog entries of the other languages as
 * patterns of a whole text, a parameter matching anything and a plural only its own forms.
 */
const matcher = (language: "zh-TW" | "ja") => {
  const patterns = foreignPatterns(language).map((p) => ({
    key: p.key,
    re: new RegExp(`^${p.pattern}$`, "u"),
  }));
  return (text: string) => patterns.find((p) => p.re.test(text))?.key;
};

describe("the crawl's catalog patterns", () => {
  const zh = matcher("zh-TW");
  const ja = matcher("ja");

  it("find an English entry with its parameters filled in", () => {
    expect(zh("Continue as Ada")).toBe("join.continueAs");
    expect(zh("3 nodes are Ready")).toBe("winCondition.nodesReady");
    expect(ja("1 node is Ready")).toBe("winCondition.nodesReady");
  });

  it("find the other translation's words left on a screen", () => {
    expect(ja("以 Ada 的身分繼續")).toBe("zh-TW:join.continueAs");
    expect(zh("Ada として続ける")).toBe("ja:join.continueAs");
  });

  it("take a lone status for the session's (so a Pod's status must be marked translate=\"no\")", () => {
    expect(ja("Running")).toBe("status.running");
  });

  it("leave the page's own language and Kubernetes' words alone", () => {
    expect(zh("以 Ada 的身分繼續")).toBeUndefined();
    expect(zh("Pod web 處於 Running 且 Ready")).toBeUndefined();
    expect(zh("0/4 nodes are available: 3 Insufficient cpu.")).toBeUndefined();
  });
});
