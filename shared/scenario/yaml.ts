import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  type Tags,
} from "yaml";
import type { ScenarioError } from "./errors.ts";

/**
 * Multi-document YAML as kubectl reads it: YAML 1.1 scalars (`yes` is a boolean, as in go-yaml), but
 * timestamps, binary and sets stay plain strings or maps so every document is plain JSON.
 */
export interface ParsedDocument {
  file: string;
  /** 1-based position in its file. */
  index: number;
  value: unknown;
  doc: Document.Parsed;
  lines: LineCounter;
}

const NON_JSON_TAGS = /:(binary|omap|pairs|set|timestamp)$/;

function jsonTags(tags: Tags): Tags {
  return tags.filter((t) => {
    const tag = t as { tag?: string; format?: string };
    return !NON_JSON_TAGS.test(tag.tag ?? "") && tag.format !== "TIME";
  });
}

export function parseYamlFile(
  file: string,
  text: string,
): { documents: ParsedDocument[]; errors: ScenarioError[] } {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { version: "1.1", lineCounter: lines, customTags: jsonTags });
  const documents: ParsedDocument[] = [];
  const errors: ScenarioError[] = [];
  parsed.forEach((doc, i) => {
    const index = i + 1;
    if (doc.errors.length) {
      for (const e of doc.errors) {
        errors.push({
          file,
          document: index,
          message: `yaml: ${e.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "")}`,
          line: e.linePos?.[0].line,
        });
      }
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      // Alias problems (an unknown anchor, an alias bomb) surface only when the document is resolved.
      const start = (doc.contents as Node | null)?.range?.[0];
      errors.push({
        file,
        document: index,
        message: `yaml: ${e instanceof Error ? e.message : String(e)}`,
        ...(start !== undefined ? { line: lines.linePos(start).line } : {}),
      });
      return;
    }
    if (value === null || value === undefined) return;
    documents.push({ file, index, value, doc, lines });
  });
  return { documents, errors };
}

/** Splits `spec.containers[0].resources.requests[cpu]` into ["spec", "containers", "0", ...]. */
export function pathTokens(path: string): string[] {
  const tokens: string[] = [];
  let current = "";
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    if (ch === ".") {
      if (current) tokens.push(current);
      current = "";
    } else if (ch === "[") {
      if (current) tokens.push(current);
      const end = path.indexOf("]", i);
      tokens.push(path.slice(i + 1, end < 0 ? path.length : end));
      current = "";
      i = end < 0 ? path.length : end;
    } else current += ch;
  }
  if (current) tokens.push(current);
  return tokens;
}

function lineAt(lines: LineCounter, offset: number | undefined): number | undefined {
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) ? String(node.value) : undefined;
}

/**
 * The line of a field path in a document: the key of the deepest field that exists (a missing field is
 * reported at its parent). `badValue` narrows a map-level error to the entry holding that key or value.
 */
export function lineOf(parsed: ParsedDocument, path: string, badValue?: string): number | undefined {
  let node: unknown = parsed.doc.contents;
  let line = lineAt(parsed.lines, (node as Node | null)?.range?.[0]);
  for (const token of pathTokens(path)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => scalarText(p.key) === token);
      if (!pair) break;
      line = lineAt(parsed.lines, (pair.key as Node | null)?.range?.[0]) ?? line;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(token)) {
      const item = node.items[Number(token)] as Node | undefined;
      if (!item) break;
      line = lineAt(parsed.lines, item.range?.[0]) ?? line;
      node = item;
    } else break;
  }
  if (badValue !== undefined && isMap(node)) {
    const pair = node.items.find((p) => scalarText(p.key) === badValue || scalarText(p.value) === badValue);
    if (pair) line = lineAt(parsed.lines, (pair.key as Node | null)?.range?.[0]) ?? line;
  }
  return line;
}
