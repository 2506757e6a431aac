import { z } from "zod";
import type { DocProblem } from "./document.ts";

/**
 * A scenario's texts in other languages: `spec.translations`, keyed by language tag, each with the
 * title, description, goals and debrief of `spec` (which stay the reference, usually English). Goals and
 * debrief lines are matched by position, so a translated list must have as many lines as the original.
 */
export const MAX_TRANSLATIONS = 10;
export const MAX_LANGUAGE_TAG_LENGTH = 20;
/** BCP 47's shape without its registry: a 2–8 letter language, then subtags ("zh-TW", "ja", "pt-BR"). */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

const text = z.string().min(1);
export const ScenarioTranslation = z.strictObject({
  title: text.optional(),
  description: text.optional(),
  goals: z.array(text).optional(),
  debrief: z.array(text).optional(),
});
export type ScenarioTranslation = z.infer<typeof ScenarioTranslation>;
export const ScenarioTranslations = z.record(z.string(), ScenarioTranslation);
export type ScenarioTranslations = z.infer<typeof ScenarioTranslations>;

/** The checks zod's shapes do not express: tags, how many, list lengths matching `spec`. */
export function checkTranslations(spec: {
  goals?: readonly string[] | undefined;
  debrief?: readonly string[] | undefined;
  translations?: ScenarioTranslations | undefined;
}): DocProblem[] {
  const problems: DocProblem[] = [];
  const problem = (field: string, message: string) =>
    problems.push({ field, message: `${field}: ${message}` });
  const entries = Object.entries(spec.translations ?? {});
  if (entries.length > MAX_TRANSLATIONS) {
    problem(
      "spec.translations",
      `Too many: ${entries.length}: must have at most ${MAX_TRANSLATIONS} languages`,
    );
  }
  const seen = new Map<string, string>();
  for (const [tag, translation] of entries) {
    if (tag.length > MAX_LANGUAGE_TAG_LENGTH || !LANGUAGE_TAG.test(tag)) {
      problem(
        "spec.translations",
        `Invalid value: ${JSON.stringify(tag)}: must be a language tag such as "zh-TW" or "ja" (letters, digits and dashes, at most ${MAX_LANGUAGE_TAG_LENGTH} characters)`,
      );
      continue;
    }
    // Language tags are case-insensitive: "JA" and "ja" would be two translations of one language.
    const first = seen.get(tag.toLowerCase());
    if (first !== undefined) {
      problem(
        "spec.translations",
        `Duplicate value: ${JSON.stringify(tag)}: the same language as "${first}"`,
      );
    } else seen.set(tag.toLowerCase(), tag);
    for (const list of ["goals", "debrief"] as const) {
      const translated = translation[list];
      const original = spec[list]?.length ?? 0;
      if (translated !== undefined && translated.length !== original) {
        problem(
          `spec.translations.${tag}.${list}`,
          `Invalid value: ${translated.length} ${lines(translated.length)}: must have ${original} ${lines(original)}, one for each of spec.${list} in the same order`,
        );
      }
    }
  }
  return problems;
}

const lines = (n: number) => (n === 1 ? "line" : "lines");

/** What a scenario shows people, in one language. */
export interface ScenarioTexts {
  title: string;
  description: string;
  goals: string[];
  debrief: string[];
}

/**
 * The translation for a UI language: the exact tag, else one of the same language ("ja-JP" for "ja",
 * "zh-Hant" for "zh-TW"), else none.
 */
export function translationFor(
  translations: ScenarioTranslations | undefined,
  language: string,
): ScenarioTranslation | undefined {
  if (!translations) return undefined;
  const lower = language.toLowerCase();
  const primary = lower.split("-")[0];
  const tags = Object.keys(translations);
  const tag =
    tags.find((t) => t === language) ??
    tags.find((t) => t.toLowerCase() === lower) ??
    tags.find((t) => t.toLowerCase().split("-")[0] === primary);
  return tag === undefined ? undefined : translations[tag];
}

/**
 * A scenario's title, description, goals and debrief in `language`, each falling back to the original
 * when the scenario has no translation of it (a teacher's upload may translate only the title).
 */
export function scenarioTexts(
  scenario: ScenarioTexts & { translations?: ScenarioTranslations | undefined },
  language: string,
): ScenarioTexts {
  const tr = translationFor(scenario.translations, language);
  const line = (list: "goals" | "debrief") =>
    scenario[list].map((original, i) => tr?.[list]?.[i] ?? original);
  return {
    title: tr?.title ?? scenario.title,
    description: tr?.description ?? scenario.description,
    goals: line("goals"),
    debrief: line("debrief"),
  };
}
