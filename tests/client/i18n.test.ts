import { describe, expect, it } from "vitest";
import { format } from "../../client/i18n/i18n.ts";
import { en, type MessageKey } from "../../shared/i18n/en.ts";
import { ja } from "../../shared/i18n/ja.ts";
import { pickLanguage } from "../../shared/i18n/languages.ts";
import { zhTW } from "../../shared/i18n/zh-TW.ts";

const CATALOGS = { "zh-TW": zhTW, ja } as const;

/** Kubernetes terms a translation must keep as Kubernetes writes them, whenever the English has them. */
const TERMS = [
  "Pod",
  "Node",
  "kubelet",
  "kube-scheduler",
  "kube-proxy",
  "kubectl",
  "Deployment",
  "ReplicaSet",
  "Service",
  "Lease",
  "taint",
  "etcd",
  "API Server",
  "ImagePullBackOff",
  "CrashLoopBackOff",
  "NotReady",
  "NoExecute",
  "imagePullPolicy",
  "progressDeadlineSeconds",
  "SIGTERM",
];

const params = (text: string) => [...text.matchAll(/\{(\w+)(?:, plural)?/g)].map((m) => m[1]).sort();

describe("the catalogs", () => {
  for (const [name, catalog] of Object.entries(CATALOGS)) {
    it(`${name} has every key of the English catalog and no other`, () => {
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    });

    it(`${name} uses the same parameters as English in every message`, () => {
      for (const key of Object.keys(en) as MessageKey[]) {
        expect(new Set(params(catalog[key])), key).toEqual(new Set(params(en[key])));
      }
    });

    it(`${name} keeps Kubernetes terms in English`, () => {
      for (const key of Object.keys(en) as MessageKey[]) {
        for (const term of TERMS) {
          if (en[key].includes(term)) expect(catalog[key], `${key} should keep "${term}"`).toContain(term);
        }
      }
    });

    it(`${name} is translated (not a copy of the English)`, () => {
      const same = (Object.keys(en) as MessageKey[]).filter(
        (k) => catalog[k] === en[k] && /[a-z]{4} [a-z]{3}/.test(en[k]),
      );
      expect(same).toEqual([]);
    });
  }

  it("formats parameters and English plurals", () => {
    expect(format("{n, plural, one {# Pod} other {# Pods}}", { n: 1 }, "en")).toBe("1 Pod");
    expect(format("{n, plural, one {# Pod} other {# Pods}}", { n: 3 }, "en")).toBe("3 Pods");
    expect(format("{pod} bound to {node}.", { pod: "web", node: "worker-1" }, "en")).toBe(
      "web bound to worker-1.",
    );
    expect(format("Unknown {missing}", {}, "en")).toBe("Unknown {missing}");
  });

  it("picks the browser's language, Traditional Chinese for any Chinese", () => {
    expect(pickLanguage(["ja-JP", "en"])).toBe("ja");
    expect(pickLanguage(["zh-Hant-TW"])).toBe("zh-TW");
    expect(pickLanguage(["zh-CN"])).toBe("zh-TW");
    expect(pickLanguage(["fr-FR", "en-GB"])).toBe("en");
    expect(pickLanguage(["de"])).toBe("en");
  });
});
