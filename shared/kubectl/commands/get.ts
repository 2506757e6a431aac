import { type Context, print, printErr } from "../context.ts";
import { bool, type FlagSpec, type ParsedFlags, str } from "../flags.ts";
import { formatLabels } from "../format.ts";
import type { Json } from "../json.ts";
import { listOf, toJson, toYaml } from "../output.ts";
import {
  apiReadable,
  type FieldRequirement,
  fieldsMatch,
  findObject,
  listInScope,
  noResources,
  notFound,
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

interface Found {
  resource: ResourceType;
  objects: KubeObject[];
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

  const found: Found[] = [];
  const errors: string[] = [];
  for (const target of parsed.targets) {
    if (target.names.length === 0) {
      const requirements = fields.get(target.resource) ?? [];
      found.push({
        resource: target.resource,
        objects: listInScope(ctx, target.resource, allNamespaces, selector.selector).filter((o) =>
          fieldsMatch(target.resource, o, requirements),
        ),
      });
      continue;
    }
    const objects: KubeObject[] = [];
    for (const name of target.names) {
      const object = findObject(ctx, target.resource, name);
      if (object) objects.push(object);
      else errors.push(notFound(target.resource, name));
    }
    found.push({ resource: target.resource, objects });
  }
  const total = found.reduce((n, f) => n + f.objects.length, 0);
  const single =
    parsed.targets.length === 1 && parsed.targets[0]?.names.length === 1 && total === 1 && !parsed.multiKind;

  if (output === "json" || output === "yaml") {
    if (total > 0 || !named) {
      const items: Json[] = found.flatMap((f) => f.objects.map((o) => f.resource.json(o)));
      const value = single ? (items[0] as Json) : listOf(items);
      print(ctx, output === "json" ? toJson(value) : toYaml(value));
    }
  } else if (output === "name") {
    for (const f of found)
      for (const o of f.objects) print(ctx, `${kindPrefix(f.resource)}/${o.metadata.name}`);
  } else {
    const tables: string[] = [];
    for (const f of found) {
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
  if (total === 0 && errors.length === 0 && output !== "json" && output !== "yaml") {
    const namespaced = parsed.targets.some((t) => t.resource.namespaced);
    noResources(ctx, namespaced, allNamespaces);
  }
  return errors.length ? 1 : 0;
}

function renderTable(
  ctx: Context,
  found: Found,
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
