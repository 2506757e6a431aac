import { decodeBase64, encodeBase64 } from "../base64.ts";
import { arr, compact, labelMap, obj, type Raw, str } from "./convert.ts";
import { child, type FieldError, invalid, key, required } from "./fielderrors.ts";
import { regexError } from "./names.ts";
import type { DecodedMeta } from "./types.ts";
import type { KindResult } from "./workloads.ts";

/**
 * ConfigMap, Secret and ServiceAccount as the API server decodes, defaults and validates them
 * (ValidateConfigMap, ValidateSecret): keys are config keys, Secret data is base64 (stringData is
 * encoded and merged into data on write), a Secret's type defaults to Opaque.
 */
type NamespacedMeta = DecodedMeta & { namespace: string };

const CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";
const CONFIG_KEY = new RegExp(`^${CONFIG_KEY_FMT}$`);

/** IsConfigMapKey. */
function keyErrors(map: Record<string, string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(map)) {
    const field = key(path, k);
    if (!CONFIG_KEY.test(k)) {
      errs.push(
        invalid(
          field,
          k,
          regexError(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
            CONFIG_KEY_FMT,
            "key.name",
            "KEY_NAME",
            "key-name",
          ),
        ),
      );
    } else if (k === "." || k === "..") errs.push(invalid(field, k, `must not be '${k}'`));
  }
  return errs;
}

export function decodeConfigMap(raw: Raw, metadata: NamespacedMeta): KindResult {
  const data = labelMap(raw.data) ?? {};
  const binaryData = labelMap(raw.binaryData);
  const errs = [...keyErrors(data, "data"), ...keyErrors(binaryData ?? {}, "binaryData")];
  for (const k of Object.keys(binaryData ?? {}))
    if (k in data) errs.push(invalid(key("data", k), k, "duplicate of key present in binaryData"));
  return {
    object: {
      kind: "ConfigMap",
      metadata,
      data,
      ...compact({ binaryData, immutable: typeof raw.immutable === "boolean" ? raw.immutable : undefined }),
    },
    errors: errs,
    notSimulated: [],
  };
}

/** A Secret's data that is not base64: a decode error, as Go's json.Unmarshal of []byte reports it. */
export function secretDecodeError(raw: Raw): string | undefined {
  for (const value of Object.values(obj(raw.data))) {
    if (typeof value !== "string") continue;
    const decoded = decodeBase64(value);
    if (!decoded.ok) return decoded.error;
  }
  return undefined;
}

const SECRET_REQUIRED_KEYS: Record<string, string[]> = {
  "kubernetes.io/dockerconfigjson": [".dockerconfigjson"],
  "kubernetes.io/dockercfg": [".dockercfg"],
  "kubernetes.io/tls": ["tls.crt", "tls.key"],
  "kubernetes.io/basic-auth": [],
  "kubernetes.io/ssh-auth": ["ssh-privatekey"],
};

export function decodeSecret(raw: Raw, metadata: NamespacedMeta): KindResult {
  const data: Record<string, string> = { ...(labelMap(raw.data) ?? {}) };
  const stringData = labelMap(raw.stringData) ?? {};
  for (const [k, v] of Object.entries(stringData)) data[k] = encodeBase64(v);
  const type = str(raw.type) || "Opaque";
  const errs = keyErrors(data, "data");
  for (const k of SECRET_REQUIRED_KEYS[type] ?? []) if (!(k in data)) errs.push(required(key("data", k)));
  return {
    object: {
      kind: "Secret",
      metadata,
      type,
      data,
      ...compact({ immutable: typeof raw.immutable === "boolean" ? raw.immutable : undefined }),
    },
    errors: errs,
    notSimulated: [],
  };
}

export function decodeServiceAccount(raw: Raw, metadata: NamespacedMeta): KindResult {
  const names = (v: unknown) => {
    const list = arr(v).map((item) => ({ name: str(obj(item).name) ?? "" }));
    return list.length > 0 ? list : undefined;
  };
  const errs: FieldError[] = [];
  arr(raw.imagePullSecrets).forEach((item, i) => {
    if (!str(obj(item).name)) errs.push(required(child(`imagePullSecrets[${i}]`, "name")));
  });
  return {
    object: {
      kind: "ServiceAccount",
      metadata,
      ...compact({
        secrets: names(raw.secrets),
        imagePullSecrets: names(raw.imagePullSecrets),
        automountServiceAccountToken:
          typeof raw.automountServiceAccountToken === "boolean"
            ? raw.automountServiceAccountToken
            : undefined,
      }),
    },
    errors: errs,
    notSimulated: [],
  };
}
