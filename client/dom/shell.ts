import type { MessageKey } from "../../shared/i18n/en.ts";
import { isLanguage, LANGUAGES } from "../../shared/i18n/languages.ts";
import { bindText, language, onLanguageChange, type Params, setLanguage, t } from "../i18n/i18n.ts";
import { clear, h, label } from "./h.ts";

/**
 * The page frame every screen shares: a header (brand, a slot for the screen's own status, the
 * language switch), the main area, and a polite live region for toasts that screen readers announce.
 */
export interface Shell {
  main: HTMLElement;
  /** The screen's part of the header (session code, clock, seat ...). */
  status: HTMLElement;
  /** Header buttons of the screen (leave seat, end session ...). */
  actions: HTMLElement;
}

let shell: Shell | undefined;
let titleKey: { key: MessageKey; params?: Params } | undefined;

export function getShell(): Shell {
  if (shell) return shell;
  const root = document.getElementById("app");
  if (!root) throw new Error("no #app element");
  clear(root);
  const select = label(
    h(
      "select",
      { id: "language", class: "language" },
      ...LANGUAGES.map((l) => h("option", { value: l.code, lang: l.code }, l.name)),
    ),
    "shell.language",
  );
  select.value = language();
  select.addEventListener("change", () => {
    if (isLanguage(select.value)) void setLanguage(select.value);
  });
  onLanguageChange((lang) => {
    select.value = lang;
    if (titleKey) document.title = `${t(titleKey.key, titleKey.params)} · kubeclass`;
  });
  const status = h("div", { class: "header-status" });
  const actions = h("div", { class: "header-actions" });
  const brand = h(
    "a",
    { class: "brand", href: "/" },
    h("span", { class: "brand-mark", "aria-hidden": "true" }, "⎈"),
    h("span", { class: "brand-name" }, "kubeclass"),
  );
  const header = h(
    "header",
    { class: "app-header" },
    brand,
    status,
    h("div", { class: "header-right" }, actions, h("label", { class: "language-label" }, select)),
  );
  const main = h("main", { id: "main", class: "app-main", tabindex: "-1" });
  const skip = h("a", { class: "skip-link", href: "#main" });
  bindText(skip, "shell.skip");
  const toasts = h("div", { id: "toasts", class: "toasts", role: "status", "aria-live": "polite" });
  const alerts = h("div", { id: "alerts", class: "sr-only", role: "alert", "aria-live": "assertive" });
  root.append(skip, header, main, toasts, alerts);
  shell = { main, status, actions };
  return shell;
}

/** Empties the screen-specific parts of the frame for a new screen. */
export function resetShell(title: MessageKey, params?: Params): Shell {
  const s = getShell();
  clear(s.main);
  clear(s.status);
  clear(s.actions);
  s.main.className = "app-main";
  titleKey = { key: title, params };
  document.title = `${t(title, params)} · kubeclass`;
  return s;
}

export type ToastLevel = "info" | "success" | "warning" | "error";

/** What a toast says: fixed, or worded again when the language changes while it is shown. */
export type ToastText = string | Node | (() => string | Node);

/** The toasts on screen that are worded from the catalog, to word again after a language switch. */
const worded = new Map<HTMLElement, () => string | Node>();
onLanguageChange(() => {
  for (const [el, word] of worded) {
    if (el.isConnected) el.replaceChildren(word());
    else worded.delete(el);
  }
});

/** A short message in the corner, read out by screen readers; errors stay until dismissed. */
/** `key`: a later toast with the same key replaces this one (one line per pod, not a stack). */
export function toast(
  text: ToastText,
  level: ToastLevel = "info",
  ms = level === "error" ? 0 : 5000,
  key?: string,
): void {
  const area = document.getElementById("toasts");
  if (!area) return;
  if (key)
    for (const old of area.querySelectorAll<HTMLElement>(".toast[data-key]"))
      if (old.dataset.key === key) old.remove();
  const close = h("button", { class: "toast-close", type: "button" }, "×");
  label(close, "shell.dismiss");
  const body = h("span", { class: "toast-text" }, typeof text === "function" ? text() : text);
  if (typeof text === "function") worded.set(body, text);
  const item = h("div", { class: `toast toast-${level}`, ...(key ? { "data-key": key } : {}) }, body, close);
  close.addEventListener("click", () => item.remove());
  area.appendChild(item);
  while (area.children.length > 5) area.firstElementChild?.remove();
  if (ms > 0) setTimeout(() => item.remove(), ms);
}

/** Announces `text` to screen readers at once (assertive), without showing anything. */
export function announce(text: string): void {
  const region = document.getElementById("alerts");
  if (!region) return;
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
  }, 30);
}
