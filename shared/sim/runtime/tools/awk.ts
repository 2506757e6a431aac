import { readFile } from "../files.ts";
import { complain, say, type Tool } from "./types.ts";

/**
 * awk, as far as scripts in manifests use it: one or more `PATTERN { print FIELDS }` rules, where a
 * pattern is /regex/ (or nothing) and the fields are $0, $1 ... $NF, quoted strings, joined by spaces
 * (commas) or nothing; -F sets the field separator. Anything else is said to be beyond the model.
 */
interface Rule {
  pattern?: RegExp;
  items: string[];
}

function parseProgram(text: string): Rule[] | undefined {
  const rules: Rule[] = [];
  const re = /\s*(?:\/((?:\\\/|[^/])*)\/)?\s*\{\s*print\s*([^}]*)\}\s*;?/y;
  let m = re.exec(text);
  let end = 0;
  while (m) {
    const [, pattern, body = ""] = m;
    const items = body.trim() === "" ? ["$0"] : body.split(",").map((s) => s.trim());
    rules.push({
      ...(pattern !== undefined ? { pattern: new RegExp(pattern.replace(/\\\//g, "/")) } : {}),
      items,
    });
    end = re.lastIndex;
    m = re.exec(text);
  }
  return rules.length > 0 && text.slice(end).trim() === "" ? rules : undefined;
}

function field(item: string, fields: string[], line: string): string {
  const quoted = /^"(.*)"$/.exec(item);
  if (quoted) return quoted[1] ?? "";
  if (item === "$0") return line;
  if (item === "$NF") return fields[fields.length - 1] ?? "";
  const n = /^\$(\d+)$/.exec(item);
  if (n) return fields[Number(n[1]) - 1] ?? "";
  return item;
}

export const awk: Tool = (call) => {
  let separator: RegExp | string = /\s+/;
  const rest: string[] = [];
  for (let i = 0; i < call.args.length; i++) {
    const a = call.args[i] as string;
    if (a === "-F") separator = call.args[++i] ?? " ";
    else if (a.startsWith("-F")) separator = a.slice(2);
    else rest.push(a);
  }
  const [program = "", ...paths] = rest;
  const rules = parseProgram(program);
  if (!rules) {
    call.run.note(`awk ${program}`, "assumed to succeed at once (exit code 0, no output)");
    return 0;
  }
  const text =
    paths.length === 0
      ? (call.stdin ?? "")
      : paths
          .map((p) => {
            const r = readFile(call.run, p);
            if (!("text" in r)) complain(call, `awk: cannot open "${p}" (No such file or directory)`);
            return "text" in r ? r.text : "";
          })
          .join("");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (const line of lines) {
    const fields = typeof separator === "string" ? line.split(separator) : line.trim().split(separator);
    for (const rule of rules) {
      if (rule.pattern && !rule.pattern.test(line)) continue;
      say(call, rule.items.map((item) => field(item, fields, line)).join(" "));
    }
  }
  return 0;
};
