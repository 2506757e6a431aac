import { clear, h, k8s, label, phrase, tr } from "./h.ts";
import { type LineError, syntaxErrors } from "./yamlErrors.ts";

/**
 * A plain-text YAML editor (a textarea: every browser feature works, screen readers included) with a
 * line-number gutter that marks the lines with errors, and the list of errors as buttons that put the
 * caret on their line.
 */
export interface YamlEditor {
  element: HTMLElement;
  textarea: HTMLTextAreaElement;
  value(): string;
  setValue(text: string): void;
  /** Shows these errors (server-side ones); syntax errors are found while typing. */
  showErrors(errors: LineError[]): void;
  goToLine(line: number): void;
}

export function createYamlEditor(id: string, initial: string): YamlEditor {
  const gutter = h("pre", { class: "gutter", "aria-hidden": "true" });
  const textarea = h("textarea", {
    id,
    class: "yaml-input",
    spellcheck: "false",
    autocapitalize: "off",
    autocomplete: "off",
    wrap: "off",
    rows: "16",
    "aria-describedby": `${id}-errors`,
  });
  textarea.value = initial;
  const errorList = h("ul", { id: `${id}-errors`, class: "yaml-errors", "aria-live": "polite" });
  // a manifest is Kubernetes' text: no translator should touch it
  const editorBox = h("div", { class: "yaml-editor", translate: "no" }, gutter, textarea);
  const element = h("div", { class: "yaml-wrap" }, editorBox, errorList);
  let serverErrors: LineError[] = [];

  const goToLine = (line: number) => {
    const lines = textarea.value.split("\n");
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += (lines[i] as string).length + 1;
    textarea.focus();
    textarea.setSelectionRange(offset, offset + (lines[line - 1]?.length ?? 0));
    const lineHeight = Number.parseFloat(getComputedStyle(textarea).lineHeight) || 18;
    textarea.scrollTop = Math.max(0, (line - 4) * lineHeight);
  };

  const render = () => {
    const syntax = syntaxErrors(textarea.value);
    const errors = [...syntax, ...serverErrors];
    const bad = new Map<number, string>();
    for (const e of errors) if (e.line !== undefined) bad.set(e.line, e.message);
    const count = textarea.value.split("\n").length;
    clear(gutter);
    for (let i = 1; i <= count; i++) {
      const mark = bad.get(i);
      gutter.append(mark ? h("span", { class: "bad-line", title: mark }, `${i} ●`) : `${i}`, "\n");
    }
    clear(errorList);
    for (const e of errors) {
      // the parser's or the API server's message, as they word it, in a sentence of ours
      const text =
        e.line !== undefined
          ? phrase("yaml.errorAt", { line: e.line, message: k8s(e.message) })
          : k8s(e.message);
      const item = h("li", { class: "yaml-error" });
      if (e.line !== undefined) {
        const b = h("button", { type: "button", class: "link" }, text);
        const line = e.line;
        b.addEventListener("click", () => goToLine(line));
        item.append(b);
      } else item.append(text);
      errorList.append(item);
    }
    textarea.setAttribute("aria-invalid", String(errors.length > 0));
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  textarea.addEventListener("input", () => {
    serverErrors = [];
    clearTimeout(timer);
    timer = setTimeout(render, 200);
  });
  textarea.addEventListener("scroll", () => {
    gutter.scrollTop = textarea.scrollTop;
  });
  textarea.addEventListener("keydown", (event) => {
    // Tab indents (two spaces, as Kubernetes manifests do); Escape then Tab leaves the editor
    if (event.key === "Tab" && !event.shiftKey && !escaped) {
      event.preventDefault();
      const start = textarea.selectionStart;
      textarea.setRangeText("  ", start, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input"));
    }
    escaped = event.key === "Escape";
  });
  let escaped = false;
  render();
  label(textarea, "yaml.label");
  element.prepend(tr("yaml.help", undefined, "p"));
  (element.firstElementChild as HTMLElement).className = "hint";

  return {
    element,
    textarea,
    value: () => textarea.value,
    setValue(text) {
      textarea.value = text;
      serverErrors = [];
      render();
    },
    showErrors(errors) {
      serverErrors = errors;
      render();
      const first = errors.find((e) => e.line !== undefined);
      if (first?.line !== undefined) goToLine(first.line);
    },
    goToLine,
  };
}
