import { parseYamlFile } from "../scenario/yaml.ts";
import { type Context, printErr } from "./context.ts";

/**
 * The documents behind `-f`: virtual files (the browser has no file system) or stdin for `-f -`,
 * multi-document YAML or JSON, `kind: List` flattened into its items, empty documents skipped.
 */
export interface Manifest {
  /** The file as kubectl names it in errors ("web.yaml", "STDIN"). */
  source: string;
  value: Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function readManifests(ctx: Context, filenames: string[]): Manifest[] | undefined {
  const manifests: Manifest[] = [];
  for (const filename of filenames) {
    const text = filename === "-" ? ctx.stdin : ctx.files[filename];
    const source = filename === "-" ? "STDIN" : filename;
    if (text === undefined) {
      printErr(ctx, `error: the path "${filename}" does not exist`);
      return undefined;
    }
    const { documents, errors } = parseYamlFile(source, text);
    const first = errors[0];
    if (first) {
      const detail = first.message.replace(/^yaml: /, "");
      const where = first.line === undefined ? "" : `line ${first.line}: `;
      printErr(ctx, `error: error parsing ${source}: error converting YAML to JSON: yaml: ${where}${detail}`);
      return undefined;
    }
    for (const doc of documents) {
      const value = doc.value;
      if (isObject(value) && value.kind === "List" && Array.isArray(value.items)) {
        for (const item of value.items) manifests.push({ source, value: item as Record<string, unknown> });
      } else manifests.push({ source, value: value as Record<string, unknown> });
    }
  }
  return manifests;
}

export function manifestMeta(m: Manifest): {
  kind: string;
  apiVersion: string;
  name: string;
  namespace?: string;
} {
  const v = isObject(m.value) ? m.value : {};
  const meta = isObject(v.metadata) ? v.metadata : {};
  const out: { kind: string; apiVersion: string; name: string; namespace?: string } = {
    kind: typeof v.kind === "string" ? v.kind : "",
    apiVersion: typeof v.apiVersion === "string" ? v.apiVersion : "",
    name: typeof meta.name === "string" ? meta.name : "",
  };
  if (typeof meta.namespace === "string" && meta.namespace) out.namespace = meta.namespace;
  return out;
}
