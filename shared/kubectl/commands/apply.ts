import { decodeManifest } from "../../sim/api/decode.ts";
import { lookupKind } from "../../sim/api/gvk.ts";
import type { CommandResult } from "../../sim/commands.ts";
import { type Context, print, printErr, refusalText } from "../context.ts";
import { type FlagSpec, int, list, type ParsedFlags } from "../flags.ts";
import { type Manifest, manifestMeta, readManifestsContinuing } from "../manifests.ts";
import { findObject } from "../query.ts";
import { groupResource, resolveResource } from "../resources.ts";

/**
 * `kubectl apply -f`, `create -f`, `create deployment`, `create namespace`: every object goes to the
 * API server as the engine's Apply command; kubectl's own checks (the namespace, create's "already
 * exists") and its wording around the server's answer (`error when creating "web.yaml": ...`) are here.
 */
export const APPLY_FLAGS: FlagSpec[] = [{ name: "filename", short: "f", type: "strings" }];
export const CREATE_DEPLOYMENT_FLAGS: FlagSpec[] = [
  { name: "image", type: "strings" },
  { name: "replicas", short: "r", type: "int", default: 1 },
  { name: "port", type: "int", default: -1 },
];

const NEED_FILE = "error: must specify one of -f and -k";

/** Sets the namespace kubectl would send (the context's, for a namespaced object that names none). */
function withNamespace(ctx: Context, m: Manifest): Record<string, unknown> | string {
  const meta = manifestMeta(m);
  const namespaced = lookupKind(meta.apiVersion, meta.kind)?.namespaced;
  if (!namespaced) return m.value;
  if (meta.namespace && ctx.enforceNamespace && meta.namespace !== ctx.namespace) {
    return `error: the namespace from the provided object "${meta.namespace}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${meta.namespace}' to perform this operation.`;
  }
  if (meta.namespace) return m.value;
  const metadata = (m.value.metadata as Record<string, unknown> | undefined) ?? {};
  return { ...m.value, metadata: { ...metadata, namespace: ctx.namespace } };
}

/** The server's refusal of an object from a file, worded as kubectl wraps it. */
function fileError(m: Manifest, result: Extract<CommandResult, { ok: false }>): string {
  const meta = manifestMeta(m);
  const msg = result.message;
  if (result.code === "Invalid") {
    if (msg.includes("cannot be handled as a")) {
      return `Error from server (BadRequest): error when creating "${m.source}": ${msg}`;
    }
    if (msg.startsWith("no matches for kind")) {
      return `error: resource mapping not found for name: "${meta.name}" namespace: "${meta.namespace ?? ""}" from "${m.source}": ${msg}\nensure CRDs are installed first`;
    }
    if (msg.startsWith("error validating data")) {
      return `error: error validating "${m.source}": ${msg}; if you choose to ignore these errors, turn validation off with --validate=false`;
    }
    if (msg.startsWith("Object 'Kind' is missing") || msg.startsWith("json: cannot unmarshal")) {
      return `error: unable to decode "${m.source}": ${msg}`;
    }
    return refusalText(result);
  }
  if (result.code === "NotFound" && msg.startsWith("namespaces ")) {
    return `Error from server (NotFound): error when creating "${m.source}": ${msg}`;
  }
  return refusalText(result);
}

function existing(ctx: Context, m: Manifest): string | undefined {
  const meta = manifestMeta(m);
  const r = resolveResource(meta.kind);
  if (!r?.simulated || !meta.name) return undefined;
  const scoped = { ...ctx, namespace: meta.namespace ?? ctx.namespace };
  return findObject(scoped, r, meta.name) ? `${groupResource(r)} "${meta.name}" already exists` : undefined;
}

function applyFiles(ctx: Context, flags: ParsedFlags, create: boolean): number {
  const filenames = list(flags.values, "filename");
  if (filenames.length === 0) {
    printErr(ctx, NEED_FILE);
    return 1;
  }
  const read = readManifestsContinuing(ctx, filenames);
  if (!read) return 1;
  const manifests = read.manifests;
  if (manifests.length === 0 && read.errors.length === 0) {
    printErr(ctx, "error: no objects passed to apply");
    return 1;
  }
  // kubectl's builder maps every document first (ContinueOnError): what it cannot map or validate is an
  // error, the rest is sent one object at a time; all the errors are printed at the end, builder's first.
  const mappingErrors: string[] = [...read.errors];
  const serverErrors: string[] = [];
  const objects: { m: Manifest; manifest: Record<string, unknown> }[] = [];
  for (const m of manifests) {
    const manifest = withNamespace(ctx, m);
    if (typeof manifest === "string") mappingErrors.push(manifest);
    else objects.push({ m, manifest });
  }
  for (const { m, manifest } of objects) {
    if (create) {
      const exists = existing(ctx, { ...m, value: manifest });
      if (exists) {
        serverErrors.push(`Error from server (AlreadyExists): error when creating "${m.source}": ${exists}`);
        continue;
      }
    }
    const result = ctx.client.apply(ctx.seat, { type: "Apply", manifest });
    if (result.ok) {
      print(ctx, result.message ?? "");
      const r = resolveResource(manifestMeta(m).kind);
      if (r && !r.simulated && !result.message?.endsWith(" unchanged")) {
        // said where the student looks, in kubectl's form for a server's warning
        printErr(
          ctx,
          `Warning: ${groupResource(r)} are stored, not simulated: nothing acts on them in kubeclass`,
        );
      } else if (!result.message?.endsWith(" unchanged")) notSimulatedWarning(ctx, manifest);
    } else {
      const text = fileError({ ...m, value: manifest }, result);
      (isMappingError(text) ? mappingErrors : serverErrors).push(text);
    }
  }
  const errors = [...mappingErrors, ...serverErrors];
  if (errors.length === 1) printErr(ctx, errors[0] as string);
  // cmdutil.MultipleErrors: one error a line, without the "error: " kubectl puts before a lone one
  else for (const error of errors) printErr(ctx, error.replace(/^error: /, ""));
  return errors.length > 0 ? 1 : 0;
}

/** Fields accepted as written that the game does not follow, named in one server-style warning. */
function notSimulatedWarning(ctx: Context, manifest: Record<string, unknown>): void {
  const decoded = decodeManifest(manifest);
  if (!decoded.ok || decoded.notSimulated.length === 0) return;
  const shown = decoded.notSimulated.slice(0, MAX_FIELDS_NAMED);
  const more = decoded.notSimulated.length - shown.length;
  printErr(
    ctx,
    `Warning: kubeclass accepts but does not simulate ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`,
  );
}

const MAX_FIELDS_NAMED = 5;

/** Errors kubectl's builder finds before anything is sent: the mapping, the schema, the decoding. */
function isMappingError(text: string): boolean {
  return /^error: (resource mapping not found|error validating|unable to decode|the namespace from)/.test(
    text,
  );
}

export function runApply(ctx: Context, flags: ParsedFlags): number {
  if (flags.positionals.length > 0) {
    printErr(
      ctx,
      `error: Unexpected args: [${flags.positionals.join(" ")}]\nSee 'kubectl apply -h' for help and examples`,
    );
    return 1;
  }
  return applyFiles(ctx, flags, false);
}

export function runCreate(ctx: Context, flags: ParsedFlags): number {
  if (flags.positionals.length > 0) {
    printErr(
      ctx,
      `error: unknown command "${flags.positionals[0]}" for "kubectl create"\nSee 'kubectl create -h' for help and examples`,
    );
    return 1;
  }
  return applyFiles(ctx, flags, true);
}

/** The container name kubectl derives from an image: its last path part without tag or digest. */
export function containerNameFor(image: string): string {
  const last = image.split("/").pop() ?? image;
  return (last.split("@")[0] as string).split(":")[0]?.replaceAll("_", "-") ?? last;
}

export function runCreateDeployment(ctx: Context, flags: ParsedFlags): number {
  const [name, ...extra] = flags.positionals;
  if (!name || extra.length > 0) {
    printErr(ctx, `error: exactly one NAME is required, got ${flags.positionals.length}`);
    return 1;
  }
  const images = list(flags.values, "image");
  if (images.length === 0) {
    printErr(ctx, 'error: required flag(s) "image" not set');
    return 1;
  }
  const port = int(flags.values, "port");
  if (port >= 0 && images.length > 1) {
    printErr(ctx, "error: cannot use --port with multiple --image");
    return 1;
  }
  if (ctx.state.deployments[`${ctx.namespace}/${name}`]) {
    printErr(ctx, `error: failed to create deployment: deployments.apps "${name}" already exists`);
    return 1;
  }
  const labels = { app: name };
  const manifest = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: ctx.namespace, labels },
    spec: {
      replicas: int(flags.values, "replicas"),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: images.map((image) => ({
            name: containerNameFor(image),
            image,
            ...(port >= 0 ? { ports: [{ containerPort: port }] } : {}),
          })),
        },
      },
    },
  };
  const result = ctx.client.apply(ctx.seat, { type: "Apply", manifest });
  if (!result.ok) {
    printErr(
      ctx,
      result.code === "Unavailable"
        ? refusalText(result)
        : `error: failed to create deployment: ${result.message}`,
    );
    return 1;
  }
  print(ctx, result.message ?? "");
  return 0;
}

export function runCreateNamespace(ctx: Context, flags: ParsedFlags): number {
  const [name, ...extra] = flags.positionals;
  if (!name || extra.length > 0) {
    printErr(ctx, `error: exactly one NAME is required, got ${flags.positionals.length}`);
    return 1;
  }
  if (ctx.state.namespaces[name]) {
    printErr(ctx, `Error from server (AlreadyExists): namespaces "${name}" already exists`);
    return 1;
  }
  const result = ctx.client.apply(ctx.seat, {
    type: "Apply",
    manifest: { apiVersion: "v1", kind: "Namespace", metadata: { name } },
  });
  if (!result.ok) {
    printErr(ctx, refusalText(result));
    return 1;
  }
  print(ctx, result.message ?? "");
  return 0;
}
