import type { ReplyOf } from "../../shared/protocol/wire.ts";
import { say, t } from "../i18n/i18n.ts";
import type { ClusterView } from "../state/view.ts";
import { h, label, tr } from "./h.ts";

/**
 * The kubectl console: a command line with history (arrow keys, kept per browser) and Tab completion
 * of commands, kinds and the names that exist (shared/kubectl's `complete`, run here on the synced
 * state), output as monospace text. Commands run on the server as the player's seat.
 */
export interface KubectlConsole {
  element: HTMLElement;
  input: HTMLInputElement;
  run(line: string): Promise<void>;
}

const HISTORY_KEY = "kubeclass.kubectl.history";
const MAX_HISTORY = 200;
const MAX_ENTRIES = 60;

export type RunKubectl = (line: string) => Promise<ReplyOf<"kubectl">>;

export function createKubectlConsole(
  run: RunKubectl,
  view: () => ClusterView,
  onRun?: (changed: boolean) => void,
): KubectlConsole {
  const output = h("div", {
    class: "console-output",
    role: "log",
    "aria-live": "polite",
    tabindex: "0",
    id: "console-output",
  });
  label(output, "console.output");
  const input = h("input", {
    id: "console-input",
    class: "console-input",
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
    "aria-describedby": "console-help",
    "aria-autocomplete": "list",
  });
  const suggestions = h("ul", { class: "console-suggestions", id: "console-suggestions", role: "listbox" });
  input.setAttribute("aria-controls", suggestions.id);
  const form = h(
    "form",
    { class: "console-line" },
    h("label", { for: "console-input", class: "prompt", translate: "no" }, "$ kubectl"),
    input,
  );
  const help = tr("console.help", undefined, "p");
  help.id = "console-help";
  help.className = "hint";
  const element = h("div", { class: "console" }, output, form, suggestions, help);

  let history: string[] = [];
  try {
    history = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? "[]") as string[];
  } catch {
    history = [];
  }
  let position = history.length;
  let draft = "";

  /** kubectl's input and output stay as kubectl prints them; a refusal of the game is translated. */
  const print = (line: string, stdout: string, stderr: string, refusal = false) => {
    const entry = h(
      "div",
      { class: "console-entry" },
      h("div", { class: "console-command", translate: "no" }, `$ kubectl ${line}`),
      stdout ? h("pre", { class: "console-stdout", translate: "no" }, stdout) : null,
      stderr ? h("pre", { class: "console-stderr", translate: refusal ? null : "no" }, stderr) : null,
    );
    output.append(entry);
    while (output.children.length > MAX_ENTRIES) output.firstElementChild?.remove();
    output.scrollTop = output.scrollHeight;
  };

  const execute = async (raw: string) => {
    const line = raw.trim().replace(/^kubectl\s+/, "");
    if (!line) return;
    if (line === "clear") {
      output.replaceChildren();
      return;
    }
    history = [...history.filter((x) => x !== line), line].slice(-MAX_HISTORY);
    position = history.length;
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(history));
    } catch {
      // no storage
    }
    const reply = await run(line);
    if (!reply.ok) {
      print(line, "", `${say(reply)}\n`, true);
      return;
    }
    print(line, reply.stdout, reply.stderr);
    onRun?.(reply.commands.length > 0);
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const line = input.value;
    input.value = "";
    suggestions.replaceChildren();
    void execute(line);
  });

  let completer: ((line: string) => string[]) | undefined;
  const complete = async () => {
    if (!completer) {
      const { completionFor } = await import("./completion.ts");
      completer = (line) => completionFor(view(), line);
    }
    const line = input.value.slice(0, input.selectionStart ?? input.value.length);
    const candidates = completer(line);
    suggestions.replaceChildren();
    if (candidates.length === 0) return;
    const start = /\S*$/.exec(line)?.index ?? line.length;
    const typed = line.slice(start);
    const common = commonPrefix(candidates);
    const rest = input.value.slice(line.length);
    if (candidates.length === 1) {
      // "nginx=" wants the image right after it, as kubectl's completion leaves no space there
      const only = candidates[0] as string;
      input.value = `${line.slice(0, start)}${only}${only.endsWith("=") ? "" : " "}${rest.trimStart()}`;
    } else if (common.length > typed.length) {
      input.value = `${line.slice(0, start)}${common}${rest}`;
    } else {
      for (const c of candidates.slice(0, 40))
        suggestions.append(h("li", { role: "option", translate: "no" }, c));
      suggestions.setAttribute("aria-label", t("console.candidates", { n: candidates.length }));
    }
    const caret = input.value.length - rest.length - (candidates.length === 1 && rest ? 0 : 0);
    input.setSelectionRange(caret, caret);
  };

  input.addEventListener("keydown", (event) => {
    if (event.key === "Tab" && !event.shiftKey && input.value.trim()) {
      event.preventDefault();
      void complete();
    } else if (event.key === "ArrowUp") {
      if (position === history.length) draft = input.value;
      if (position > 0) {
        position--;
        input.value = history[position] ?? "";
        event.preventDefault();
      }
    } else if (event.key === "ArrowDown") {
      if (position < history.length) {
        position++;
        input.value = position === history.length ? draft : (history[position] ?? "");
        event.preventDefault();
      }
    } else if (event.key === "Escape") {
      suggestions.replaceChildren();
    } else if (event.key === "l" && event.ctrlKey) {
      event.preventDefault();
      output.replaceChildren();
    }
  });

  return { element, input, run: execute };
}

function commonPrefix(words: string[]): string {
  if (words.length === 0) return "";
  let prefix = words[0] as string;
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
