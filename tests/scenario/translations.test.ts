import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatScenarioError } from "../../shared/scenario/load.ts";
import { scenarioTexts, translationFor } from "../../shared/scenario/translations.ts";
import { loadErrors, loadOk, SCENARIO_HEAD, source } from "./helpers.ts";

const DIR = join(import.meta.dirname, "..", "..", "scenarios");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();
const LANGUAGES = ["zh-TW", "ja"] as const;

/** Kubernetes words a translation keeps as Kubernetes writes them (compared case-insensitively). */
const TERMS = [
  "Pod",
  "Node",
  "Deployment",
  "ReplicaSet",
  "Service",
  "Endpoints",
  "kubelet",
  "kube-proxy",
  "kubectl",
  "etcd",
  "Lease",
  "taint",
  "toleration",
  "nodeSelector",
  "imagePullPolicy",
  "imagePullSecret",
  "NotReady",
  "ErrImagePull",
  "ImagePullBackOff",
  "FailedScheduling",
  "maxSurge",
  "maxUnavailable",
];
/** Characters of Simplified Chinese that Traditional writes otherwise (個, 這, 們, 時 ...). */
const SIMPLIFIED =
  /[个这们时为没设网络说过还对从将与发应该样图让经进选请认节点务据资层级误删条变处实现动态败带间队储执启镜调费产总数]/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HAN = /\p{Script=Han}/u;

/** Every text of a scenario beside its translation: [field, English, translated]. */
function pairs(file: string, language: string): [string, string, string | undefined][] {
  const scenario = loadOk([{ file, text: readFileSync(join(DIR, file), "utf8") }]);
  const tr = scenario.translations?.[language];
  return [
    ["title", scenario.title, tr?.title],
    ["description", scenario.description, tr?.description],
    ...scenario.goals.map((g, i): [string, string, string | undefined] => [`goals[${i}]`, g, tr?.goals?.[i]]),
    ...scenario.debrief.map((d, i): [string, string, string | undefined] => [
      `debrief[${i}]`,
      d,
      tr?.debrief?.[i],
    ]),
  ];
}

describe("built-in scenarios in every language", () => {
  for (const file of FILES) {
    for (const language of LANGUAGES) {
      describe(`${file} in ${language}`, () => {
        const texts = pairs(file, language);

        it("translates the title, the description, every goal and every debrief line", () => {
          for (const [field, english, translated] of texts) {
            expect(translated, field).toBeTruthy();
            expect(translated, field).not.toBe(english);
            expect(translated, field).toMatch(language === "ja" ? KANA : HAN);
          }
        });

        it("keeps the facts: every number, quoted message and Kubernetes term of the English", () => {
          for (const [field, english, translated = ""] of texts) {
            for (const n of english.match(/\d+(?:\.\d+)?/g) ?? []) expect(translated, field).toContain(n);
            // A quoted event or API message stays in English, word for word.
            for (const [, quoted] of english.matchAll(/"([^"]+)"/g))
              expect(translated, field).toContain(quoted);
            for (const term of TERMS) {
              if (english.toLowerCase().includes(term.toLowerCase()))
                expect(translated.toLowerCase(), `${field} keeps ${term}`).toContain(term.toLowerCase());
            }
          }
        });

        if (language === "zh-TW") {
          it("is written in Traditional characters", () => {
            for (const [field, , translated = ""] of texts) expect(translated, field).not.toMatch(SIMPLIFIED);
          });
        }
      });
    }
  }
});

const translated = (translations: string) =>
  source(`${SCENARIO_HEAD}spec:
  title: Pull storms
  goals: [Layers are shared, Pulls are counted]
  debrief: [Compare the Pulled events]
  translations:
${translations}`);

describe("spec.translations", () => {
  it("reads translations by language tag; a language may translate only some texts", () => {
    const scenario = loadOk([
      translated(`    ja:
      title: プルの嵐
      goals: [レイヤーは共有される, pull は数えられる]
      debrief: [Pulled イベントを比べよう]
    pt-BR: { title: Tempestade de pulls }
`),
    ]);
    expect(scenario.translations).toEqual({
      ja: {
        title: "プルの嵐",
        goals: ["レイヤーは共有される", "pull は数えられる"],
        debrief: ["Pulled イベントを比べよう"],
      },
      "pt-BR": { title: "Tempestade de pulls" },
    });
    expect(scenarioTexts(scenario, "ja")).toEqual({
      title: "プルの嵐",
      description: "",
      goals: ["レイヤーは共有される", "pull は数えられる"],
      debrief: ["Pulled イベントを比べよう"],
    });
    expect(scenarioTexts(scenario, "pt-BR")).toMatchObject({
      title: "Tempestade de pulls",
      goals: ["Layers are shared", "Pulls are counted"],
    });
    expect(scenarioTexts(scenario, "zh-TW").title).toBe("Pull storms");
  });

  it("a scenario without translations has none", () => {
    expect(loadOk([source(SCENARIO_HEAD)]).translations).toBeUndefined();
  });

  it("finds a translation by exact tag, then by its language", () => {
    const translations = {
      ja: { title: "ja" },
      "zh-Hant": { title: "zh-Hant" },
      "zh-TW": { title: "zh-TW" },
    };
    expect(translationFor(translations, "zh-TW")?.title).toBe("zh-TW");
    expect(translationFor(translations, "ZH-tw")?.title).toBe("zh-TW");
    expect(translationFor(translations, "ja-JP")?.title).toBe("ja");
    expect(translationFor({ "zh-Hant": { title: "zh-Hant" } }, "zh-TW")?.title).toBe("zh-Hant");
    expect(translationFor(translations, "en")).toBeUndefined();
    expect(translationFor(undefined, "ja")).toBeUndefined();
  });

  it.each([
    [
      "    ja:\n      goals: [レイヤーは共有される]\n",
      "spec.translations.ja.goals: Invalid value: 1 line: must have 2 lines, one for each of spec.goals in the same order",
      11,
    ],
    [
      "    zh-TW:\n      debrief: [比較, Pulled 事件]\n",
      "spec.translations.zh-TW.debrief: Invalid value: 2 lines: must have 1 line, one for each of spec.debrief in the same order",
      11,
    ],
    ["    ja:\n      titel: プルの嵐\n", 'unknown field "spec.translations.ja.titel"', 11],
    ["    ja:\n      winConditions: []\n", 'unknown field "spec.translations.ja.winConditions"', 11],
    ["    ja:\n      title: ''\n", "spec.translations.ja.title: Required value", 11],
    [
      "    ja:\n      goals: [a, 3]\n",
      "spec.translations.ja.goals[1]: Invalid value: 3: must be a string",
      11,
    ],
    ["    ja: [プルの嵐]\n", 'spec.translations.ja: Invalid value: ["プルの嵐"]: must be an object', 10],
    [
      "    zh_TW: { title: 拉取風暴 }\n",
      'spec.translations: Invalid value: "zh_TW": must be a language tag such as "zh-TW" or "ja" (letters, digits and dashes, at most 20 characters)',
      10,
    ],
    [
      "    en-x-a-very-long-private-tag: { title: x }\n",
      'spec.translations: Invalid value: "en-x-a-very-long-private-tag": must be a language tag such as "zh-TW" or "ja" (letters, digits and dashes, at most 20 characters)',
      10,
    ],
    [
      "    ja: { title: プルの嵐 }\n    JA: { title: プルの嵐 }\n",
      'spec.translations: Duplicate value: "JA": the same language as "ja"',
      11,
    ],
  ])("%j", (yaml, message, line) => {
    const errors = loadErrors([translated(yaml)]);
    expect(errors.map((e) => e.message)).toEqual([message]);
    expect(errors[0]).toMatchObject({ file: "test.yaml", document: 1, kind: "Scenario", name: "test", line });
  });

  it("takes at most ten languages", () => {
    const tags = ["ja", "zh-TW", "ko", "fr", "de", "es", "it", "pt-BR", "nl", "sv", "fi"];
    const errors = loadErrors([translated(tags.map((t) => `    ${t}: { title: x }\n`).join(""))]);
    expect(errors.map((e) => e.message)).toEqual([
      "spec.translations: Too many: 11: must have at most 10 languages",
    ]);
    expect(errors[0]?.line).toBe(9);
  });

  it("translated lists are checked against a scenario without goals too", () => {
    const errors = loadErrors([
      source(`${SCENARIO_HEAD}spec:\n  translations:\n    ja: { goals: [一つ] }\n`),
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      "spec.translations.ja.goals: Invalid value: 1 line: must have 0 lines, one for each of spec.goals in the same order",
    ]);
  });
});

describe("the README's example", () => {
  const readme = readFileSync(join(import.meta.dirname, "..", "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("#### Texts in other languages"));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  const head = "apiVersion: kubeclass.dev/v1\nkind: Scenario\nmetadata: { name: outage }\n";

  it("loads, with both translations", () => {
    const scenario = loadOk([{ file: "outage.yaml", text: head + yaml }]);
    expect(scenarioTexts(scenario, "zh-TW").title).toBe("Registry 中斷");
    expect(scenarioTexts(scenario, "ja").goals).toHaveLength(2);
  });

  it("gives the error the README quotes when a Japanese goal is missing", () => {
    const broken = (head + yaml).replace(/\n {8}- すでに[^\n]*/, "");
    const errors = loadErrors([{ file: "outage.yaml", text: broken }]).map(formatScenarioError);
    expect(errors).toHaveLength(1);
    expect(section).toContain(errors[0]);
  });
});
