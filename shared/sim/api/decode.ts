import { stateHash } from "../hash.ts";
import { decodeDaemonSet, decodeStatefulSet } from "./apps.ts";
import { decodeCronJob, decodeJob } from "./batch.ts";
import { decodeConfigMap, decodeSecret, decodeServiceAccount, secretDecodeError } from "./config.ts";
import { compact, labelMap, obj, ownerReferences, type Raw, str } from "./convert.ts";
import { aggregate, dedupe, type FieldError, goQuote } from "./fielderrors.ts";
import { kindHint, lookupKind, type SimulatedKind } from "./gvk.ts";
import {
  type NameValidator,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
} from "./names.ts";
import { decodeNamespace, decodeNode } from "./node.ts";
import { decodeHorizontalPodAutoscaler, decodePodDisruptionBudget, decodePriorityClass } from "./policy.ts";
import { isPlainObject, type Schema, type WalkResult, walk } from "./schema.ts";
import {
  ConfigMap as ConfigMapSchema,
  PersistentVolumeClaim as PVCSchema,
  PersistentVolume as PVSchema,
  Secret as SecretSchema,
  ServiceAccount as ServiceAccountSchema,
  StorageClass as StorageClassSchema,
} from "./schemas/config.ts";
import { Deployment, Namespace, Node, ReplicaSet, Service } from "./schemas/kinds.ts";
import { ObjectMeta } from "./schemas/meta.ts";
import { Pod } from "./schemas/pod.ts";
import {
  CronJob,
  DaemonSet,
  HorizontalPodAutoscaler,
  Job,
  PodDisruptionBudget,
  PriorityClass,
  StatefulSet,
} from "./schemas/workloads.ts";
import { decodeService } from "./service.ts";
import { decodePersistentVolume, decodePersistentVolumeClaim, decodeStorageClass } from "./storage.ts";
import type { DecodedMeta, DecodeOptions, DecodeResult } from "./types.ts";
import { validateObjectMeta } from "./validate/meta.ts";
import { decodeDeployment, decodePod, decodeReplicaSet, type KindResult } from "./workloads.ts";

export { defaultRequestsFromLimits } from "./convert.ts";
export type { DecodedMeta, DecodedObject, DecodeOptions, DecodeResult, FieldError } from "./types.ts";

/**
 * What the API server does with a manifest sent by `kubectl apply` (with kubectl's default strict field
 * validation): find the kind, decode strictly, default, validate, and answer in kubectl's words.
 */
interface KindHandler {
  schema: Schema;
  /** The name rule of the kind (ValidatePodName, ValidateServiceName ...). */
  nameFn: NameValidator;
  decode: (raw: Raw, meta: DecodedMeta & { namespace: string }) => KindResult;
  /** A value the JSON decoder itself refuses (a Secret's data that is not base64). */
  decodeError?: (raw: Raw) => string | undefined;
}

const HANDLERS: Record<SimulatedKind, KindHandler> = {
  Pod: { schema: Pod, nameFn: nameIsDNSSubdomain, decode: decodePod },
  Node: { schema: Node, nameFn: nameIsDNSSubdomain, decode: decodeNode },
  Namespace: { schema: Namespace, nameFn: nameIsDNSLabel, decode: decodeNamespace },
  Service: { schema: Service, nameFn: nameIsDNS1035Label, decode: decodeService },
  Deployment: { schema: Deployment, nameFn: nameIsDNSSubdomain, decode: decodeDeployment },
  ReplicaSet: { schema: ReplicaSet, nameFn: nameIsDNSSubdomain, decode: decodeReplicaSet },
  DaemonSet: { schema: DaemonSet, nameFn: nameIsDNSSubdomain, decode: decodeDaemonSet },
  StatefulSet: { schema: StatefulSet, nameFn: nameIsDNSLabel, decode: decodeStatefulSet },
  Job: { schema: Job, nameFn: nameIsDNSSubdomain, decode: decodeJob },
  CronJob: { schema: CronJob, nameFn: nameIsDNSSubdomain, decode: decodeCronJob },
  HorizontalPodAutoscaler: {
    schema: HorizontalPodAutoscaler,
    nameFn: nameIsPathSegment,
    decode: decodeHorizontalPodAutoscaler,
  },
  PodDisruptionBudget: {
    schema: PodDisruptionBudget,
    nameFn: nameIsDNSSubdomain,
    decode: decodePodDisruptionBudget,
  },
  PriorityClass: { schema: PriorityClass, nameFn: nameIsDNSSubdomain, decode: decodePriorityClass },
  ConfigMap: { schema: ConfigMapSchema, nameFn: nameIsDNSSubdomain, decode: decodeConfigMap },
  Secret: {
    schema: SecretSchema,
    nameFn: nameIsDNSSubdomain,
    decode: decodeSecret,
    decodeError: secretDecodeError,
  },
  ServiceAccount: { schema: ServiceAccountSchema, nameFn: nameIsDNSSubdomain, decode: decodeServiceAccount },
  PersistentVolumeClaim: {
    schema: PVCSchema,
    nameFn: nameIsDNSSubdomain,
    decode: decodePersistentVolumeClaim,
  },
  PersistentVolume: { schema: PVSchema, nameFn: nameIsDNSSubdomain, decode: decodePersistentVolume },
  StorageClass: { schema: StorageClassSchema, nameFn: nameIsDNSSubdomain, decode: decodeStorageClass },
};

const RBAC_KINDS = new Set(["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"]);

/** JSON with sorted keys, as Go marshals the map kubectl made from the YAML. */
function goJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goJSON).join(",")}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${goJSON(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function fail(message: string, errors: FieldError[], kind?: string, name?: string): DecodeResult {
  return compact({ ok: false as const, kind, name, errors, message });
}

const SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** names.SimpleNameGenerator's 5-character suffix, derived from the manifest so decoding stays pure. */
function generatedSuffix(raw: unknown): string {
  const hash = stateHash(raw);
  let out = "";
  for (let i = 0; i < 5; i++)
    out += SUFFIX_ALPHABET[Number.parseInt(hash.slice(i * 3, i * 3 + 3), 16) % SUFFIX_ALPHABET.length];
  return out;
}

function decodeMeta(
  raw: Raw,
  namespaced: boolean,
  options: DecodeOptions & { nameSuffix?: string },
): DecodedMeta {
  const m = obj(raw.metadata);
  const generateName = str(m.generateName);
  const name =
    str(m.name) || (generateName ? generateName + (options.nameSuffix ?? generatedSuffix(raw)) : "");
  return compact({
    name,
    // Cluster-scoped objects lose a namespace they were given, as the API server clears it.
    namespace: namespaced ? str(m.namespace) || options.defaultNamespace || "default" : undefined,
    labels: labelMap(m.labels) ?? {},
    annotations: labelMap(m.annotations) ?? {},
    ownerReferences: ownerReferences(m.ownerReferences),
  });
}

function decodeErrorMessage(kind: string, apiVersion: string, detail: string): string {
  const version = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
  return `${kind} in version ${goQuote(version)} cannot be handled as a ${kind}: ${detail}`;
}

function walked(raw: unknown, schema: Schema, kind: string, path = ""): WalkResult {
  const out: WalkResult = { unknown: [], notSimulated: [] };
  walk(raw, schema, kind, out, path, path);
  return out;
}

/**
 * Decodes, defaults and validates one manifest (a parsed YAML/JSON document). Options: the namespace for
 * namespaced objects that give none, and the suffix for `metadata.generateName` (derived from the
 * manifest when not given).
 */
export function decodeManifest(
  raw: unknown,
  options: DecodeOptions & { nameSuffix?: string } = {},
): DecodeResult {
  if (!isPlainObject(raw)) {
    const kind = Array.isArray(raw)
      ? "array"
      : raw === null
        ? "null"
        : typeof raw === "boolean"
          ? "bool"
          : typeof raw;
    const message = `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
    return fail(message, [{ field: "", type: "FieldValueTypeInvalid", message }]);
  }
  const kind = typeof raw.kind === "string" ? raw.kind : "";
  const apiVersion = typeof raw.apiVersion === "string" ? raw.apiVersion : "";
  const rawName = str(obj(raw.metadata).name);
  if (!kind) {
    const message = `Object 'Kind' is missing in '${goJSON(raw)}'`;
    return fail(message, [{ field: "kind", type: "FieldValueRequired", message }], undefined, rawName);
  }
  if (!apiVersion) {
    const message = "error validating data: apiVersion not set";
    return fail(message, [{ field: "apiVersion", type: "FieldValueRequired", message }], kind, rawName);
  }
  const info = lookupKind(apiVersion, kind);
  if (!info) {
    // kubectl's words exactly: no "did you mean" (the hint stays on the field error, for whoever wants it).
    const hint = kindHint(apiVersion, kind);
    const message = `no matches for kind ${goQuote(kind)} in version ${goQuote(apiVersion)}`;
    return fail(
      message,
      [{ field: "kind", type: "NoKindMatch", message, ...(hint ? { detail: hint } : {}) }],
      kind,
      rawName,
    );
  }
  const handler = info.simulated ? HANDLERS[info.kind as SimulatedKind] : undefined;
  // An object the game does not simulate: its metadata is decoded and checked, the rest accepted as is.
  const out = handler
    ? walked(raw, handler.schema, kind)
    : walked(raw.metadata, ObjectMeta, kind, "metadata");
  if (out.error) {
    return fail(decodeErrorMessage(kind, apiVersion, out.error.message), [out.error.error], kind, rawName);
  }
  const refused = handler?.decodeError?.(raw);
  if (refused) {
    const error = { field: "", type: "FieldValueTypeInvalid", message: refused };
    return fail(decodeErrorMessage(kind, apiVersion, refused), [error], kind, rawName);
  }
  if (out.unknown.length) {
    const detail = `strict decoding error: ${out.unknown.map((e) => e.message).join(", ")}`;
    return fail(decodeErrorMessage(kind, apiVersion, detail), out.unknown, kind, rawName);
  }
  const meta = decodeMeta(raw, info.namespaced, options);
  const metaErrors = validateObjectMeta(meta, {
    namespaced: info.namespaced,
    nameFn: handler?.nameFn ?? (RBAC_KINDS.has(kind) ? nameIsPathSegment : nameIsDNSSubdomain),
    generateName: str(obj(raw.metadata).generateName),
  });
  const result = handler?.decode(raw, meta as DecodedMeta & { namespace: string });
  const errors = dedupe([...metaErrors, ...(result?.errors ?? [])]);
  if (errors.length) {
    const message = `The ${kind} ${goQuote(meta.name)} is invalid: ${aggregate(errors.map((e) => e.message))}`;
    return fail(message, errors, kind, meta.name);
  }
  const notSimulated = [...out.notSimulated, ...(result?.notSimulated ?? [])];
  if (!result)
    return { ok: true, object: null, kind, apiVersion, name: meta.name, metadata: meta, notSimulated };
  return { ok: true, object: result.object, notSimulated };
}
