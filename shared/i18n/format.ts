import type { Language } from "./languages.ts";

/**
 * Fills a catalog template: `{name}` is a parameter, `{n, plural, one {# pod} other {# pods}}` picks by
 * the language's plural rules (`#` is the number). Numbers are written the language's way, rounded to
 * whole numbers (a parameter that needs decimals is passed as text). Shared so the server words the
 * English fallback of a phrase exactly as an English browser shows it.
 */
export type Params = Record<string, string | number>;

const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;
const PARAM = /\{(\w+)\}/g;

/** Intl's formatters are costly to make (tens of microseconds each): one per language and use, kept. */
const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<Language, Intl.PluralRules>();

export function formatNumber(n: number, language: Language, digits = 0): string {
  const key = `${language}/${digits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, { maximumFractionDigits: digits });
    numberFormats.set(key, format);
  }
  return format.format(n);
}

function pluralRulesOf(language: Language): Intl.PluralRules {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  return rules;
}

export function formatTemplate(template: string, params: Params | undefined, language: Language): string {
  if (!params) return template;
  const rules = pluralRulesOf(language);
  return template
    .replace(PLURAL, (_m, name: string, one: string, other: string) => {
      const n = Number(params[name] ?? 0);
      return (rules.select(n) === "one" ? one : other).replace(/#/g, formatNumber(n, language));
    })
    .replace(PARAM, (m, name: string) => {
      const value = params[name];
      if (value === undefined) return m;
      return typeof value === "number" ? formatNumber(value, language) : value;
    });
}
