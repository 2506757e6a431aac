import type { MessageKey } from "../../shared/i18n/en.ts";
import { bindAttr, bindText, type Params, t } from "../i18n/i18n.ts";

/**
 * A small element builder: `h("button", { class: "primary", onclick }, "text")`. Text from the catalog
 * goes through `tr(key)` so it follows language switches; plain strings are the user's data.
 */
export type Child = Node | string | number | null | undefined | false | Child[];

type Handler = (event: Event) => void;
export interface Props {
  [name: string]: string | number | boolean | Handler | null | undefined;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) setProps(el, props);
  append(el, children);
  return el;
}

export function setProps(el: HTMLElement, props: Props): void {
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      el.addEventListener(name.slice(2), value as Handler);
    } else if (name === "class") el.className = String(value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
}

export function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** A span whose text is a catalog entry (follows language switches). */
export function tr(key: MessageKey, params?: Params, tag: keyof HTMLElementTagNameMap = "span"): HTMLElement {
  return bindText(document.createElement(tag), key, params);
}

/**
 * Kubernetes' own words (names, statuses, event messages, FailedScheduling reasons, kubectl output):
 * shown as Kubernetes writes them in every language, and marked so that no translator touches them.
 */
export function k8s(
  text: string,
  tag: keyof HTMLElementTagNameMap = "span",
  className?: string,
): HTMLElement {
  return h(tag, { translate: "no", class: className }, text);
}

/**
 * A file input shown as one of our buttons, labelled from the catalog (the browser's own "Choose File"
 * speaks the browser's language, not the page's), and the chosen file's name beside it.
 */
export function filePicker(input: HTMLInputElement, key: MessageKey): HTMLElement {
  const name = h("span", { class: "file-name muted", translate: "no" });
  input.classList.add("file-input");
  input.addEventListener("change", () => setText(name, input.files?.[0]?.name ?? ""));
  return h(
    "span",
    { class: "file-picker" },
    input,
    h("label", { for: input.id, class: "button" }, tr(key)),
    " ",
    name,
  );
}

/** A scenario author's words as written, the scenario having no translation of them in this language. */
export function authored(text: string, tag: keyof HTMLElementTagNameMap = "span"): HTMLElement {
  return h(tag, { "data-untranslated": "author" }, text);
}

/**
 * A catalog sentence in the current language whose parameters may be elements: a Kubernetes message
 * put into a translated sentence stays a `k8s` span, so the sentence is translated and the message not.
 * (Rendered once: callers re-render on a language switch.)
 */
export function phrase(
  key: MessageKey,
  params: Record<string, string | number | Node>,
  tag: keyof HTMLElementTagNameMap = "span",
): HTMLElement {
  const nodes: Node[] = [];
  const plain: Params = {};
  for (const [name, value] of Object.entries(params)) {
    if (value instanceof Node) {
      plain[name] = `\uE000${nodes.length}\uE000`;
      nodes.push(value);
    } else plain[name] = value;
  }
  const el = document.createElement(tag);
  t(key, plain)
    .split(/\uE000(\d+)\uE000/)
    .forEach((part, i) => {
      if (i % 2 === 0) {
        if (part) el.append(part);
      } else el.append(nodes[Number(part)] ?? "");
    });
  return el;
}

/** Sets aria-label (or another attribute) from the catalog. */
export function label<E extends Element>(el: E, key: MessageKey, params?: Params, attr = "aria-label"): E {
  return bindAttr(el, attr, key, params);
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Replaces the text only when it changed (keeps selections and avoids layout work). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function setAttr(el: Element, name: string, value: string | null): void {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/**
 * Keeps `container`'s children in step with `items` by key: existing elements are reused (focus and
 * scroll survive a re-render), new ones created, stale ones removed, order fixed.
 */
export function reconcile<T, E extends HTMLElement>(
  container: HTMLElement,
  items: readonly T[],
  keyOf: (item: T) => string,
  create: (item: T) => E,
  update: (el: E, item: T) => void,
): void {
  const existing = new Map<string, E>();
  for (const child of Array.from(container.children)) {
    const key = (child as HTMLElement).dataset.key;
    if (key !== undefined) existing.set(key, child as E);
  }
  let cursor: Element | null = container.firstElementChild;
  for (const item of items) {
    const key = keyOf(item);
    let el = existing.get(key);
    if (el) existing.delete(key);
    else {
      el = create(item);
      el.dataset.key = key;
    }
    update(el, item);
    if (el !== cursor) container.insertBefore(el, cursor);
    else cursor = cursor.nextElementSibling;
  }
  for (const el of existing.values()) el.remove();
}

/** Runs `fn` at most once per animation frame, however often it is asked. */
export function coalesce(fn: () => void): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fn();
    });
  };
}

/** Runs `fn` at most every `ms` (trailing call kept), for panels that need not follow every patch. */
export function throttle(fn: () => void, ms: number): () => void {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    const now = performance.now();
    if (timer) return;
    const wait = Math.max(0, last + ms - now);
    timer = setTimeout(() => {
      timer = undefined;
      last = performance.now();
      requestAnimationFrame(fn);
    }, wait);
  };
}

export function prefersReducedMotion(): boolean {
  return window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

/** A muted paragraph from the catalog, for "nothing here yet" notes that panels show or hide. */
export function note(key: MessageKey, params?: Params): HTMLElement {
  const p = tr(key, params, "p");
  p.className = "muted";
  return p;
}

/** A table's header row: one column header (`scope="col"`) per cell given. */
export function tableHead(...cells: Child[]): HTMLTableSectionElement {
  return h("thead", null, h("tr", null, ...cells.map((cell) => h("th", { scope: "col" }, cell))));
}
