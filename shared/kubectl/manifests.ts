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

/**
 * A `-f` file's documents, or kubectl's error for a file that is not YAML with the documents before
 * the broken one (kubectl's decoder reads a stream document by document: those it read are applied).
 */
export type ParsedManifestFile =
  | { ok: true; values: unknown[] }
  | { ok: false; message: string; values?: unknown[] };

/**
 * Parses one `-f` file (`source` as kubectl names it). Pure, so a server can run it on a worker thread
 * and hand the result to `kubectl` (KubectlOptions.parsed): YAML parsing costs about a millisecond per
 * KB, too long for an event loop shared by many classes.
 */
export function parseManifestFile(source: string, text: string): ParsedManifestFile {
  const { documents, errors } = parseYamlFile(source, text);
  const first = errors[0];
  if (first) {
    const detail = first.message.replace(/^yaml: /, "");
    const where = first.line === undefined ? "" : `line ${first.line}: `;
    return {
      ok: false,
      message: `error: error parsing ${source}: error converting YAML to JSON: yaml: ${where}${detail}`,
      values: documents.filter((d) => d.index < first.document).map((d) => d.value),
    };
  }
  return { ok: true, values: documents.map((doc) => doc.value) };
}

/** How kubectl names a `-f` argument in messages. */
export const manifestSource = (filename: string) => (filename === "-" ? "STDIN" : filename);

/**
 * kubectl's builder over `-f` files (ContinueOnError): a missing path stops everything; a file that is
 * not YAML is an error after the documents read before its broken one, and the other files are read.
 */
export function readManifestsContinuing(
  ctx: Context,
  filenames: string[],
): { manifests: Manifest[]; errors: string[] } | undefined {
  const manifests: Manifest[] = [];
  const errors: string[] = [];
  for (const filename of filenames) {
    if ((filename === "-" ? ctx.stdin : ctx.files[filename]) === undefined) {
      printErr(ctx, `error: the path "${filename}" does not exist`);
      return undefined;
    }
  }
  for (const filename of filenames) {
    const text = (filename === "-" ? ctx.stdin : ctx.files[filename]) as string;
    const source = manifestSource(filename);
    const parsed = ctx.parsed?.[filename] ?? parseManifestFile(source, text);
    if (!parsed.ok) errors.push(parsed.message);
    pushValues(manifests, source, parsed.values ?? []);
  }
  return { manifests, errors };
}

function pushValues(manifests: Manifest[], source: string, values: unknown[]): void {
  for (const value of values) {
    if (isObject(value) && value.kind === "List" && Array.isArray(value.items)) {
      for (const item of value.items) manifests.push({ source, value: item as Record<string, unknown> });
    } else manifests.push({ source, value: value as Record<string, unknown> });
  }
}

export function readManifests(ctx: Context, filenames: string[]): Manifest[] | undefined {
  const manifests: Manifest[] = [];
  for (const filename of filenames) {
    const text = filename === "-" ? ctx.stdin : ctx.files[filename];
    const source = manifestSource(filename);
    if (text === undefined) {
      printErr(ctx, `error: the path "${filename}" does not exist`);
      return undefined;
    }
    const parsed = ctx.parsed?.[filename] ?? parseManifestFile(source, text);
    if (!parsed.ok) {
      printErr(ctx, parsed.message);
      return undefined;
    }
    for (const value of parsed.values) {
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
