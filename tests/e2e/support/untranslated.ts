import type { Page } from "playwright-core";
import { en, type MessageKey } from "../../../shared/i18n/en.ts";
import { ja } from "../../../shared/i18n/ja.ts";
import type { Language } from "../../../shared/i18n/languages.ts";
import { zhTW } from "../../../shared/i18n/zh-TW.ts";

/**
 * Finds interface text left in English on a page shown in another language. Two checks on every
 * visible text node, on the interface's attributes (aria-label, title, placeholder, alt ...), on the
 * document's title and on the words the board draws on its canvas:
 * (a) the text is an English catalog entry (its parameters filled with anything) whose translation in
 *     the page's language differs; or an entry of the other translation (a screen that kept the words
 *     of the language it was drawn in before a switch);
 * (b) the text holds three or more English words in a row.
 * Kubernetes' own words (kubectl input and output, event messages and reasons, FailedScheduling's
 * reasons, statuses, object names ...) sit in containers marked `translate="no"`, as machine
 * translators read it; a scenario's texts its author did not translate are marked
 * `data-untranslated="author"`. Both checks skip them.
 */
export type CrawlLanguage = Exclude<Language, "en">;

export interface Untranslated {
  check: "catalog" | "english";
  /** The catalog key (check a) or the English words (check b). */
  what: string;
  text: string;
  where: string;
}

/**
 * Kubernetes' own names of several words, which a translation keeps in English as the Kubernetes
 * documentation does; and HTTP's reason phrases.
 */
export const KUBERNETES_PHRASES = [
  "Horizontal Pod Autoscaler",
  "Cluster Autoscaler",
  "node lifecycle controller",
  "Too Many Requests",
];

const CATALOGS: Record<CrawlLanguage, Record<MessageKey, string>> = { "zh-TW": zhTW, ja };

const PLURAL = /\{\w+, plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;
const PARAM = /\{\w+\}/g;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * An English catalog entry as a pattern of the whole text: a parameter matches anything, a plural
 * either of its English forms ("# node is" or "# nodes are").
 */
function templatePattern(template: string): string | undefined {
  const literal = template.replace(PLURAL, "$1 $2").replace(PARAM, "");
  // a template of parameters and punctuation ("{type}: {problem}") says nothing about its language
  if (!/\p{L}{2}/u.test(literal)) return undefined;
  const parts: string[] = [];
  let last = 0;
  for (const m of template.matchAll(PLURAL)) {
    parts.push(holes(template.slice(last, m.index)));
    const form = (f: string) => f.split("#").map(escapeRegExp).join("[\\d.,]+");
    parts.push(`(?:${form(m[1] as string)}|${form(m[2] as string)})`);
    last = m.index + m[0].length;
  }
  parts.push(holes(template.slice(last)));
  return parts.join("");
}

/** Literal text with `{param}` holes that match anything. */
function holes(text: string): string {
  return text.split(PARAM).map(escapeRegExp).join("[\\s\\S]+?");
}

/**
 * The entries of the other catalogs (English, the other translation) that differ from the page's
 * language, as patterns for the page; `key` says which ("ja:teach.start").
 */
export function foreignPatterns(language: CrawlLanguage): { key: string; pattern: string }[] {
  const catalog = CATALOGS[language];
  const others: [string, Record<MessageKey, string>][] = [
    ["en", en],
    ...Object.entries(CATALOGS).filter(([l]) => l !== language),
  ];
  const out: { key: string; pattern: string }[] = [];
  for (const [name, other] of others) {
    for (const key of Object.keys(en) as MessageKey[]) {
      if (other[key] === catalog[key]) continue;
      const pattern = templatePattern(other[key].replace(/\s+/g, " ").trim());
      if (pattern) out.push({ key: name === "en" ? key : `${name}:${key}`, pattern });
    }
  }
  return out;
}

/** Runs both checks in the page (a self-contained function: it is serialised to the browser). */
export function findUntranslated(page: Page, language: CrawlLanguage): Promise<Untranslated[]> {
  return page.evaluate(
    ({ patterns, phrases }) => {
      const compiled = patterns.map((p) => ({ key: p.key, re: new RegExp(`^${p.pattern}$`, "u") }));
      const found: Untranslated[] = [];
      const seen = new Set<string>();
      const WORD = /^[A-Za-z]+(?:['’][A-Za-z]+)?$/;
      const englishRun = (text: string): string | undefined => {
        let run: string[] = [];
        // a quotation in a translated sentence (「0/3 nodes are available ...」) is Kubernetes' words
        let plain = text.replace(/「[^」]*」|『[^』]*』/g, " · ");
        for (const phrase of phrases) plain = plain.split(phrase).join(" · ");
        for (const raw of plain.split(/\s+/)) {
          const word = raw.replace(/^[("'“‘「（[]+/, "").replace(/[)"'”’」）\],.;:!?…]+$/, "");
          if (WORD.test(word)) run.push(word);
          else if (run.length >= 3) return run.join(" ");
          else run = [];
        }
        return run.length >= 3 ? run.join(" ") : undefined;
      };
      const describe = (el: Element): string => {
        const name = (e: Element) =>
          `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ""}${
            typeof e.className === "string" && e.className.trim()
              ? `.${e.className.trim().split(/\s+/).slice(0, 2).join(".")}`
              : ""
          }`;
        const parts = [name(el)];
        let up = el.parentElement;
        while (up && parts.length < 4 && !el.id) {
          parts.unshift(name(up));
          if (up.id) break;
          up = up.parentElement;
        }
        return parts.join(" > ");
      };
      const report = (text: string, where: string) => {
        const t = text.replace(/\s+/g, " ").trim();
        if (!t || !/\p{L}/u.test(t)) return;
        for (const c of compiled) {
          if (c.re.test(t)) {
            const id = `catalog|${c.key}|${t}|${where}`;
            if (!seen.has(id)) found.push({ check: "catalog", what: c.key, text: t, where });
            seen.add(id);
            return;
          }
        }
        const run = englishRun(t);
        if (run) {
          const id = `english|${t}|${where}`;
          if (!seen.has(id)) found.push({ check: "english", what: run, text: t, where });
          seen.add(id);
        }
      };
      const shown = (el: Element): boolean => {
        const owner = el.closest("option, optgroup") ? el.closest("select") : el;
        if (!owner) return false;
        if (owner.closest("[hidden], template")) return false;
        return owner.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
      };
      const exempt = (el: Element) => el.closest('[translate="no"], [data-untranslated]') !== null;

      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || el.closest("script, style, noscript, textarea")) continue;
        if (exempt(el) || !shown(el)) continue;
        report(node.textContent ?? "", describe(el));
      }
      const ATTRS = ["aria-label", "title", "placeholder", "alt", "aria-roledescription", "aria-valuetext"];
      for (const el of document.querySelectorAll(ATTRS.map((a) => `[${a}]`).join(","))) {
        if (exempt(el) || !shown(el)) continue;
        for (const a of ATTRS) {
          const value = el.getAttribute(a);
          if (value) report(value, `${describe(el)} @${a}`);
        }
      }
      report(document.title, "document.title");
      const board = (
        window as unknown as { kubeclassBoard?: { inspect(): { texts?: string[] } | undefined } }
      ).kubeclassBoard?.inspect();
      const canvas = document.querySelector(".board canvas");
      if (board?.texts && canvas && shown(canvas))
        for (const text of board.texts) report(text, "board canvas");
      return found;
    },
    { patterns: foreignPatterns(language), phrases: KUBERNETES_PHRASES },
  );
}
