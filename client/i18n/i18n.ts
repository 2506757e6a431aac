import { en, type MessageKey } from "../../shared/i18n/en.ts";
import {
  formatTemplate,
  formatNumber as formatTemplateNumber,
  type Params,
} from "../../shared/i18n/format.ts";
import { isLanguage, type Language, pickLanguage } from "../../shared/i18n/languages.ts";
import { isPhrase, phraseText, type Worded } from "../../shared/protocol/phrases.ts";

/**
 * The UI's strings: `t(key, params)` from the current catalog (English as the fallback), switchable at
 * any time. Elements filled with `bindText`/`bindAttr` follow a switch by themselves; components that
 * render dynamic text listen with `onLanguageChange`. The choice is remembered per browser.
 */
export type { Params };

type Catalog = Record<MessageKey, string>;

const STORAGE_KEY = "kubeclass.language";

const loaders: Record<Exclude<Language, "en">, () => Promise<Catalog>> = {
  "zh-TW": async () => (await import("../../shared/i18n/zh-TW.ts")).zhTW,
  ja: async () => (await import("../../shared/i18n/ja.ts")).ja,
};

const catalogs: Partial<Record<Language, Catalog>> = { en };
let current: Language = "en";
let catalog: Catalog = en;

interface Binding {
  attr: string | null;
  key: MessageKey;
  params: Params | undefined;
}
const bound = new Set<WeakRef<Element>>();
const bindings = new WeakMap<Element, Map<string, Binding>>();
const listeners = new Set<(language: Language) => void>();

export function format(template: string, params?: Params, language: Language = current): string {
  return formatTemplate(template, params, language);
}

export function t(key: MessageKey, params?: Params): string {
  return format(catalog[key] ?? en[key] ?? key, params);
}

/**
 * What the server (or the page) says, in the current language: a phrase (shared/protocol/phrases.ts)
 * translated from its code and parameters. Something without a known code (an older server) shows its
 * English message.
 */
export function say(said: Partial<Worded>): string {
  if (!isPhrase(said)) return said.message ?? "";
  return phraseText(said, (code) => catalog[`phrase.${code}`] ?? en[`phrase.${code}`], current);
}

/** Whether the catalogs have this key (for tables looked up by a value, like event reasons). */
export function hasKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function language(): Language {
  return current;
}

export function formatNumber(n: number, digits = 0): string {
  return formatTemplateNumber(n, current, digits);
}

function apply(el: Element, b: Binding): void {
  const text = t(b.key, b.params);
  if (b.attr === null) el.textContent = text;
  else el.setAttribute(b.attr, text);
}

function bind(el: Element, attr: string | null, key: MessageKey, params?: Params): void {
  let map = bindings.get(el);
  if (!map) {
    map = new Map();
    bindings.set(el, map);
    bound.add(new WeakRef(el));
  }
  const b = { attr, key, params };
  map.set(attr ?? "", b);
  apply(el, b);
}

/** Sets the element's text from the catalog, now and after every language switch. */
export function bindText<E extends Element>(el: E, key: MessageKey, params?: Params): E {
  bind(el, null, key, params);
  return el;
}

/** Sets an attribute (aria-label, placeholder, title ...) from the catalog, now and after every switch. */
export function bindAttr<E extends Element>(el: E, attr: string, key: MessageKey, params?: Params): E {
  bind(el, attr, key, params);
  return el;
}

/** Calls `listener` after every language switch; returns the unsubscribe function. */
export function onLanguageChange(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function storedLanguage(): Language | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The language to start with: remembered, else the browser's preference. */
export function initialLanguage(): Language {
  return storedLanguage() ?? pickLanguage(navigator.languages ?? [navigator.language]);
}

export async function setLanguage(next: Language, remember = true): Promise<void> {
  if (!catalogs[next] && next !== "en") catalogs[next] = await loaders[next]();
  current = next;
  catalog = catalogs[next] ?? en;
  document.documentElement.lang = next;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private browsing without storage: the choice lasts for this page
    }
  }
  for (const ref of bound) {
    const el = ref.deref();
    if (!el) {
      bound.delete(ref);
      continue;
    }
    for (const b of bindings.get(el)?.values() ?? []) apply(el, b);
  }
  for (const listener of listeners) listener(next);
}
