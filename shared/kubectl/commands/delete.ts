import { type Context, print, printErr, refusalText } from "../context.ts";
import { bool, type FlagSpec, list, type ParsedFlags, str } from "../flags.ts";
import { manifestMeta, readManifests } from "../manifests.ts";
import {
  apiReadable,
  findObject,
  listInScope,
  noResources,
  notFound,
  parseTargets,
  selectorOrError,
} from "../query.ts";
import { type ResourceType, resolveResource } from "../resources.ts";

/**
 * `kubectl delete TYPE NAME... | TYPE/NAME... | -f FILE | TYPE -l SEL | TYPE --all`: one Delete command
 * per object, printing the API server's answer (`pod "web" deleted`) as kubectl does.
 */
export const DELETE_FLAGS: FlagSpec[] = [
  { name: "filename", short: "f", type: "strings" },
  { name: "selector", short: "l", type: "string" },
  { name: "all", type: "bool" },
  { name: "all-namespaces", short: "A", type: "bool" },
  { name: "wait", type: "bool", default: true },
  { name: "force", type: "bool" },
  { name: "grace-period", type: "int", default: -1 },
];

/** Kinds the engine's API server deletes. */
const DELETABLE = new Set([
  "Pod",
  "Node",
  "Namespace",
  "Deployment",
  "ReplicaSet",
  "Service",
  "DaemonSet",
  "StatefulSet",
  "Job",
  "CronJob",
  "HorizontalPodAutoscaler",
  "PodDisruptionBudget",
  "PriorityClass",
  "ConfigMap",
  "Secret",
  "ServiceAccount",
  "PersistentVolumeClaim",
  "PersistentVolume",
  "StorageClass",
]);

const NO_RESOURCES = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** The API server deletes these, and every kind it stores without simulating (apiserver/unstructured.ts). */
function deletable(r: ResourceType): boolean {
  return DELETABLE.has(r.kind) || (!r.simulated && r.kind !== "Event");
}

function deleteOne(ctx: Context, r: ResourceType, name: string, namespace: string): boolean {
  if (!deletable(r)) {
    printErr(ctx, `error: deleting ${r.resource} is not available in this console`);
    return false;
  }
  const result = ctx.client.apply(ctx.seat, {
    type: "Delete",
    kind: r.kind,
    name,
    ...(r.namespaced ? { namespace } : {}),
  });
  if (!result.ok) {
    printErr(ctx, refusalText(result));
    return false;
  }
  print(ctx, result.message ?? "");
  return true;
}

export function runDelete(ctx: Context, flags: ParsedFlags): number {
  const v = flags.values;
  if (bool(v, "force") || flags.given.has("grace-period")) {
    printErr(
      ctx,
      "Warning: kubeclass always deletes gracefully: --force and --grace-period are not simulated.",
    );
  }
  const filenames = list(v, "filename");
  if (filenames.length > 0) return deleteFiles(ctx, filenames);
  if (flags.positionals.length === 0) {
    printErr(ctx, NO_RESOURCES);
    return 1;
  }
  const parsed = parseTargets(flags.positionals);
  if (!parsed.ok) {
    printErr(ctx, parsed.message);
    return 1;
  }
  const selectorText = str(v, "selector");
  const selector = selectorOrError(selectorText);
  if (!selector.ok) {
    printErr(ctx, selector.message);
    return 1;
  }
  const everything = bool(v, "all") || selectorText !== "";
  let exit = 0;
  for (const target of parsed.targets) {
    if (target.names.length === 0) {
      if (!everything) {
        printErr(ctx, "error: resource(s) were provided, but no name was specified");
        return 1;
      }
      if (!apiReadable(ctx)) return 1;
      const allNamespaces = bool(v, "all-namespaces");
      const objects = listInScope(ctx, target.resource, allNamespaces, selector.selector);
      if (objects.length === 0) noResources(ctx, target.resource.namespaced, allNamespaces);
      for (const o of objects) {
        if (!deleteOne(ctx, target.resource, o.metadata.name, o.metadata.namespace ?? ctx.namespace))
          exit = 1;
      }
      continue;
    }
    for (const name of target.names) {
      if (!deletable(target.resource)) {
        if (!findObject(ctx, target.resource, name)) {
          printErr(ctx, notFound(target.resource, name));
          exit = 1;
          continue;
        }
      }
      if (!deleteOne(ctx, target.resource, name, ctx.namespace)) exit = 1;
    }
  }
  return exit;
}

function deleteFiles(ctx: Context, filenames: string[]): number {
  const manifests = readManifests(ctx, filenames);
  if (!manifests) return 1;
  let exit = 0;
  for (const m of manifests) {
    const meta = manifestMeta(m);
    const r = resolveResource(meta.kind);
    if (!r) {
      printErr(
        ctx,
        `error: resource mapping not found for name: "${meta.name}" namespace: "${meta.namespace ?? ""}" from "${m.source}": no matches for kind "${meta.kind}" in version "${meta.apiVersion}"\nensure CRDs are installed first`,
      );
      exit = 1;
      continue;
    }
    if (!r.simulated && !findObject(ctx, r, meta.name)) {
      printErr(
        ctx,
        `Error from server (NotFound): error when deleting "${m.source}": ${notFound(r, meta.name).replace(/^Error from server \(NotFound\): /, "")}`,
      );
      exit = 1;
      continue;
    }
    const result = deletable(r)
      ? ctx.client.apply(ctx.seat, {
          type: "Delete",
          kind: r.kind,
          name: meta.name,
          ...(r.namespaced ? { namespace: meta.namespace ?? ctx.namespace } : {}),
        })
      : undefined;
    if (!result) {
      printErr(ctx, `error: deleting ${r.resource} is not available in this console`);
      exit = 1;
    } else if (result.ok) print(ctx, result.message ?? "");
    else {
      const text = refusalText(result);
      printErr(
        ctx,
        result.code === "NotFound"
          ? text.replace(
              /^Error from server \(NotFound\): /,
              `Error from server (NotFound): error when deleting "${m.source}": `,
            )
          : text,
      );
      exit = 1;
    }
  }
  return exit;
}
