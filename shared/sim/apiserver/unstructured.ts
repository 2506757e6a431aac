import { kindInfo } from "../api/gvk.ts";
import type { DecodedMeta } from "../api/types.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { UnstructuredObject } from "../model/unstructured.ts";
import { unstructuredKey } from "../model/unstructured.ts";
import { admitCreate } from "./quota.ts";

/**
 * The API server's storage of the kinds it knows and the game does not simulate (Ingress,
 * NetworkPolicy, Role, LimitRange …): stored as written (status dropped, as the main resource's writes
 * drop it), created, configured or unchanged, listed, described and deleted like any object. Nothing
 * acts on them; kubectl says so once, beside its usual answer.
 */

/** Fields the API server owns or takes apart: never stored from the manifest as content. */
const OWN_FIELDS = new Set(["apiVersion", "kind", "metadata", "status"]);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** "ingress.networking.k8s.io", "limitrange": how kubectl names one of a kind in its answers. */
export function unstructuredPrefix(kind: string, apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? kind.toLowerCase() : `${kind.toLowerCase()}.${apiVersion.slice(0, slash)}`;
}

/** "ingresses.networking.k8s.io", "limitranges": how errors name the resource. */
function groupResource(kind: string, apiVersion: string): string {
  const plural = kindInfo(kind)?.plural ?? `${kind.toLowerCase()}s`;
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? plural : `${plural}.${apiVersion.slice(0, slash)}`;
}

export function applyUnstructured(
  engine: Engine,
  decoded: { kind: string; apiVersion: string; metadata: DecodedMeta },
  manifest: Record<string, unknown>,
  expectedRv?: number,
): CommandResult {
  const state = engine.state;
  const m = decoded.metadata;
  if (m.namespace && !state.namespaces[m.namespace]) {
    return { ok: false, code: "NotFound", message: `namespaces "${m.namespace}" not found` };
  }
  state.unstructured ??= {};
  const table = state.unstructured;
  const key = unstructuredKey(decoded.kind, m.namespace, m.name);
  const content: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(manifest)) {
    if (!OWN_FIELDS.has(field)) content[field] = structuredClone(value);
  }
  const prefix = unstructuredPrefix(decoded.kind, decoded.apiVersion);
  const existing = table[key];
  if (existing) {
    if (expectedRv !== undefined && existing.metadata.resourceVersion !== expectedRv) {
      return {
        ok: false,
        code: "Conflict",
        message: `Operation cannot be fulfilled on ${groupResource(decoded.kind, decoded.apiVersion)} "${m.name}": the object has been modified; please apply your changes to the latest version and try again`,
      };
    }
    if (
      same(existing.content, content) &&
      same(existing.metadata.labels, m.labels) &&
      same(existing.metadata.annotations, m.annotations)
    ) {
      return { ok: true, message: `${prefix}/${m.name} unchanged` };
    }
    existing.content = content;
    existing.apiVersion = decoded.apiVersion;
    existing.metadata.labels = { ...m.labels };
    existing.metadata.annotations = { ...m.annotations };
    existing.metadata.resourceVersion = ++state.revision;
    return { ok: true, message: `${prefix}/${m.name} configured` };
  }
  const plural = groupResource(decoded.kind, decoded.apiVersion);
  const refused = admitCreate(engine, decoded.kind, plural, m.name);
  if (refused) return refused;
  const object: UnstructuredObject = {
    apiVersion: decoded.apiVersion,
    kind: decoded.kind,
    metadata: {
      name: m.name,
      ...(m.namespace ? { namespace: m.namespace } : {}),
      uid: engine.uid(),
      labels: { ...m.labels },
      annotations: { ...m.annotations },
      creationTimestamp: engine.now,
      resourceVersion: ++state.revision,
      ...(m.ownerReferences ? { ownerReferences: m.ownerReferences } : {}),
    },
    content,
  };
  table[key] = object;
  return { ok: true, message: `${prefix}/${m.name} created` };
}

/** `kubectl delete` of one of these kinds. */
export function deleteUnstructured(
  engine: Engine,
  kind: string,
  name: string,
  namespace: string | undefined,
): CommandResult | undefined {
  const info = kindInfo(kind);
  if (!info || info.simulated || kind === "Event") return undefined;
  const apiVersion = info.apiVersions[0] as string;
  const table = engine.state.unstructured ?? {};
  const key = unstructuredKey(info.kind, info.namespaced ? namespace : undefined, name);
  if (!table[key]) {
    return {
      ok: false,
      code: "NotFound",
      message: `${groupResource(info.kind, apiVersion)} "${name}" not found`,
    };
  }
  delete table[key];
  engine.state.revision++;
  return { ok: true, message: `${unstructuredPrefix(info.kind, apiVersion)} "${name}" deleted` };
}
