import { LineCounter, parseAllDocuments } from "yaml";
import { lineOf, parseYamlFile } from "../../shared/scenario/yaml.ts";

/**
 * Where a manifest's errors are: YAML syntax errors from the parser's positions, and the field paths
 * kubectl names ("spec.containers[0].image: Required value", `unknown field "spec.replicass"`) mapped
 * to their line with the yaml package's source positions.
 */
export interface LineError {
  /** 1-based; undefined when no line could be found. */
  line: number | undefined;
  message: string;
}

export function syntaxErrors(text: string): LineError[] {
  const out: LineError[] = [];
  const lines = new LineCounter();
  for (const doc of parseAllDocuments(text, { version: "1.1", prettyErrors: false, lineCounter: lines })) {
    for (const e of doc.errors) {
      out.push({ line: lines.linePos(e.pos[0]).line, message: e.message.split("\n")[0] ?? e.message });
    }
  }
  return out;
}

const FIELD =
  /((?:apiVersion|kind|metadata|spec|data|status)(?:[.[][\w./\-[\]"']*)?): ([^\n,*]+(?:, [a-z][^\n,*]*)*)/g;
const UNKNOWN = /unknown field "([^"]+)"/g;
const OBJECT = /The (\w+) "([^"]+)" is invalid/;
const YAML_LINE = /line (\d+)/;

/** Maps kubectl's stderr for an apply of `text` to lines of `text`. */
export function kubectlErrors(text: string, stderr: string): LineError[] {
  const { documents } = parseYamlFile("-", text);
  const object = OBJECT.exec(stderr);
  const docFor = () => {
    if (object) {
      const found = documents.find((d) => {
        const v = d.value as { kind?: unknown; metadata?: { name?: unknown } };
        return v?.kind === object[1] && v?.metadata?.name === object[2];
      });
      if (found) return found;
    }
    return documents[0];
  };
  const out: LineError[] = [];
  const seen = new Set<string>();
  const add = (path: string, message: string) => {
    const key = `${path}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const doc = docFor();
    out.push({
      line: doc ? lineOf(doc, path.replace(/^[A-Z]\w*\./, "")) : undefined,
      message: `${path}: ${message}`,
    });
  };
  for (const m of stderr.matchAll(UNKNOWN)) add(m[1] as string, "unknown field");
  if (out.length === 0) {
    for (const m of stderr.matchAll(FIELD)) add(m[1] as string, (m[2] as string).trim());
  }
  if (out.length === 0 && stderr.trim()) {
    const line = YAML_LINE.exec(stderr);
    out.push({
      line: line ? Number(line[1]) : undefined,
      message: stderr.trim().split("\n")[0] ?? stderr.trim(),
    });
  }
  return out;
}
