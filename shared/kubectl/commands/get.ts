import { type Context, print, printErr } from "../context.ts";
import { bool, type FlagSpec, int, type ParsedFlags, str } from "../flags.ts";
import { formatLabels } from "../format.ts";
import type { Json } from "../json.ts";
import { listOf, toJson, toYaml } from "../output.ts";
import {
  BAD_CONTINUE,
  decodeContinue,
  encodeContinue,
  nextPageCommand,
  PAGE_BYTES,
  PAGE_OBJECTS,
  type PageMark,
} from "../paging.ts";
import {
  apiReadable,
  type FieldRequirement,
  fieldsMatch,
  findObject,
  listInScope,
  noResources,
  notFound,
  objectKey,
  parseFieldSelector,
  parseTargets,
  selectorOrError,
} from "../query.ts";
import { type KubeObject, kindPrefix, type ResourceType } from "../resources.ts";
import { formatTable } from "../table.ts";

/**
 * `kubectl get`: tables (with `-o wide`, `--show-labels`, `-A`), `-o yaml|json|name`, several kinds at
 * once (each its own table, names prefixed by kind), names or a label selector, and kubectl's messages
 * for what is missing.
 */
export const GET_FLAGS: FlagSpec[] = [
  { name: "output", short: "o", type: "string" },
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "selector", short: "l", type: "string" },
  { name: "field-selector", type: "string" },
  { name: "show-labels", type: "bool" },
  { name: "show-kind", type: "bool" },
  { name: "no-headers", type: "bool" },
  { name: "watch", short: "w", type: "bool" },
  // kubectl's own flag: objects fetched per request; here also per command (at most PAGE_OBJECTS)
  { name: "chunk-size", type: "int", default: PAGE_OBJECTS },
  // the console's: the next page, from the token a cut output printed (the API server's `continue`)
  { name: "continue", type: "string" },
];

const PRINTER_FORMATS =
  "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

export const REQUIRED_RESOURCE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples`;

/** Checks `-o`: "" (table), wide, yaml, json or name; kubectl's answer for anything else. */
export function outputFormat(ctx: Context, output: string): string | undefined {
  if (["", "wide", "yaml", "json", "name"].includes(output)) return output;
  const base = output.split("=")[0] as string;
  if (PRINTER_FORMATS.split(",").includes(base)) {
    printErr(
      ctx,
      `error: the output format "${base}" is not available in this console; use -o yaml, json, name or wide`,
    );
  } else {
    printErr(
      ctx,
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${PRINTER_FORMATS}`,
    );
  }
  return undefined;
}

export function runGet(ctx: Context, flags: ParsedFlags): number {
  const v = flags.values;
  if (flags.positionals.length === 0) {
    printErr(ctx, REQUIRED_RESOURCE);
    return 1;
  }
  const output = outputFormat(ctx, str(v, "output"));
  if (output === undefined) return 1;
  const parsed = parseTargets(flags.positionals);
  if (!parsed.ok) {
    printErr(ctx, parsed.message);
    return 1;
  }
  const allNamespaces = bool(v, "all-namespaces");
  const selectorText = str(v, "selector");
  const selector = selectorOrError(selectorText);
  if (!selector.ok) {
    printErr(ctx, selector.message);
    return 1;
  }
  const named = parsed.targets.some((t) => t.names.length > 0);
  if (named && selectorText) {
    printErr(ctx, "error: name cannot be provided when a selector is specified");
    return 1;
  }
  if (named && allNamespaces) {
    printErr(ctx, "error: a resource cannot be retrieved by name across all namespaces");
    return 1;
  }
  if (!apiReadable(ctx)) return 1;
  const fieldText = str(v, "field-selector");
  const fields = new Map<ResourceType, FieldRequirement[]>();
  for (const t of parsed.targets) {
    const f = parseFieldSelector(t.resource, fieldText);
    if (!f.ok) {
      printErr(ctx, f.message);
      return 1;
    }
    fields.set(t.resource, f.requirements);
  }

  const continueText = str(v, "continue");
  const start = continueText ? decodeContinue(continueText) : undefined;
  if (continueText && !start) {
    printErr(ctx, BAD_CONTINUE);
    return 1;
  }
  const chunk = int(v, "chunk-size");
  const limit = chunk > 0 ? Math.min(chunk, PAGE_OBJECTS) : PAGE_OBJECTS;

  const found: Found[] = [];
  const errors: string[] = [];
  for (const target of parsed.targets) {
    if (target.names.length === 0) {
      found.push({
        resource: target.resource,
        objects: listInScope(ctx, target.resource, allNamespaces, selector.selector),
        fields: fields.get(target.resource) ?? [],
      });
      continue;
    }
    const objects: KubeObject[] = [];
    for (const name of target.names) {
      const object = findObject(ctx, target.resource, name);
      if (object) objects.push(object);
      else if (!start) errors.push(notFound(target.resource, name));
    }
    found.push({ resource: target.resource, objects, fields: [] });
  }
  const page = takePage(found, start, limit, output === "json" || output === "yaml" ? output : undefined);
  const total = page.shown.reduce((n, f) => n + f.objects.length, 0);
  const single =
    !page.more &&
    !start &&
    parsed.targets.length === 1 &&
    parsed.targets[0]?.names.length === 1 &&
    total === 1 &&
    !parsed.multiKind;

  if (output === "json" || output === "yaml") {
    if (total > 0 || !named) {
      const items: Json[] = page.json ?? [];
      const value = single ? (items[0] as Json) : listOf(items);
      if (page.more) {
        // the API server's List of a limited request: where to continue, and how many are left
        (value as { metadata: Record<string, unknown> }).metadata = {
          continue: encodeContinue(page.more.mark),
          ...(page.more.remaining !== undefined ? { remainingItemCount: page.more.remaining } : {}),
          resourceVersion: "",
        };
      }
      print(ctx, output === "json" ? toJson(value) : toYaml(value));
    }
  } else if (output === "name") {
    for (const f of page.shown)
      for (const o of f.objects) print(ctx, `${kindPrefix(f.resource)}/${o.metadata.name}`);
  } else {
    const tables: string[] = [];
    for (const f of page.shown) {
      if (f.objects.length === 0) continue;
      tables.push(
        renderTable(ctx, f, {
          wide: output === "wide",
          allNamespaces,
          showKind: parsed.multiKind || bool(v, "show-kind"),
          showLabels: bool(v, "show-labels"),
          noHeaders: bool(v, "no-headers"),
        }),
      );
    }
    if (tables.length) print(ctx, tables.join("\n\n"));
  }
  for (const error of errors) printErr(ctx, error);
  if (page.more) printErr(ctx, pageWarning(ctx, page.more, total, limit, output));
  if (total === 0 && errors.length === 0 && output !== "json" && output !== "yaml" && !start) {
    const namespaced = parsed.targets.some((t) => t.resource.namespaced);
    noResources(ctx, namespaced, allNamespaces);
  }
  return errors.length ? 1 : 0;
}

interface Found {
  resource: ResourceType;
  objects: KubeObject[];
  /** `--field-selector`, matched while the page is taken (the objects are not filtered yet). */
  fields: FieldRequirement[];
}

interface Page {
  /** Per resource, the objects on this page (their field selectors applied). */
  shown: { resource: ResourceType; objects: KubeObject[] }[];
  /** For -o json|yaml: the page's objects as JSON. */
  json?: Json[];
  /** Objects were left out: where to continue, and how many (unknown when a field selector was used). */
  more?: { mark: PageMark; remaining?: number; bytes: boolean };
}

/** Events are listed by time, not by key: their page mark is a position. */
const keyOrdered = (resource: ResourceType) => resource.resource !== "events";

/**
 * The page: objects after `start`, at most `limit` of them and, for -o json|yaml, at most PAGE_BYTES of
 * their JSON. With a field selector the objects past the page are not matched (the API server too leaves
 * remainingItemCount out then), so a page costs what it shows, not what the cluster holds.
 */
function takePage(
  found: Found[],
  start: PageMark | undefined,
  limit: number,
  serialized?: "json" | "yaml",
): Page {
  const page: Page = { shown: found.map((f) => ({ resource: f.resource, objects: [] })) };
  if (serialized) page.json = [];
  let count = 0;
  let bytes = 0;
  let last: PageMark | undefined;
  for (let r = 0; r < found.length; r++) {
    const f = found[r] as Found;
    if (start && r < start.resource) continue;
    const shown = page.shown[r] as Page["shown"][number];
    const ordered = keyOrdered(f.resource);
    for (let i = 0; i < f.objects.length; i++) {
      const o = f.objects[i] as KubeObject;
      const key = ordered ? objectKey(f.resource, o) : String(i);
      if (start && r === start.resource && (ordered ? key <= start.key : i <= Number(start.key))) continue;
      if (!fieldsMatch(f.resource, o, f.fields)) continue;
      let json: Json | undefined;
      if (serialized) {
        json = f.resource.json(o);
        // compact JSON's length is close to the YAML's; the indented JSON kubectl prints is ~1.8x it
        bytes += JSON.stringify(json).length * (serialized === "json" ? 1.8 : 1);
      }
      const full = count >= limit || (serialized !== undefined && count > 0 && bytes > PAGE_BYTES);
      if (full && last) {
        page.more = { mark: last, remaining: remainingAfter(found, r, i, f.fields), bytes: count < limit };
        return page;
      }
      shown.objects.push(o);
      if (json !== undefined) page.json?.push(json);
      count++;
      last = { resource: r, key };
    }
  }
  return page;
}

/** Objects after position `i` of resource `r` (this one included), or undefined with a field selector. */
function remainingAfter(
  found: Found[],
  r: number,
  i: number,
  fields: FieldRequirement[],
): number | undefined {
  let n = (found[r] as Found).objects.length - i;
  for (let next = r + 1; next < found.length; next++) {
    const f = found[next] as Found;
    if (f.fields.length > 0 || fields.length > 0) return undefined;
    n += f.objects.length;
  }
  return fields.length > 0 ? undefined : n;
}

/** What was left out, in kubectl's warning form: how to get the next page, or narrow the list. */
function pageWarning(
  ctx: Context,
  more: NonNullable<Page["more"]>,
  shown: number,
  limit: number,
  output: string,
): string {
  const left = more.remaining === undefined ? "more remain" : `${more.remaining} more`;
  const why = more.bytes
    ? `-o ${output} stops at ${PAGE_BYTES / 1024} KiB per command`
    : `this console lists at most ${limit} objects per command`;
  return [
    `Warning: ${shown} objects shown, ${left} (${why}).`,
    `  next page: ${nextPageCommand(ctx, encodeContinue(more.mark))}`,
    "  or narrow the list: -n NAMESPACE, -l SELECTOR, --field-selector FIELD=VALUE, or names",
  ].join("\n");
}

function renderTable(
  ctx: Context,
  found: { resource: ResourceType; objects: KubeObject[] },
  options: {
    wide: boolean;
    allNamespaces: boolean;
    showKind: boolean;
    showLabels: boolean;
    noHeaders: boolean;
  },
): string {
  const r = found.resource;
  const namespaceColumn = options.allNamespaces && r.namespaced;
  const table = r.table(found.objects, {
    now: ctx.state.now,
    wide: options.wide,
    allNamespaces: namespaceColumn,
  });
  const nameColumn = table.headers.indexOf("NAME");
  if (options.showKind && nameColumn >= 0) {
    const prefix = kindPrefix(r);
    for (const row of table.rows) row[nameColumn] = `${prefix}/${row[nameColumn]}`;
  }
  if (options.showLabels) {
    table.headers.push("LABELS");
    table.rows.forEach((row, i) => {
      row.push(formatLabels(found.objects[i]?.metadata.labels));
    });
  }
  const text = formatTable(table.headers, table.rows);
  return options.noHeaders ? text.slice(text.indexOf("\n") + 1) : text;
}
