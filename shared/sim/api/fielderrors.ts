/**
 * Field-level validation errors as apimachinery's `field.Error` prints them
 * (`staging/src/k8s.io/apimachinery/pkg/util/validation/field/errors.go`): `<path>: <Type>[: <value>][: <detail>]`.
 */
export interface FieldError {
  /** The field path, e.g. `spec.containers[0].image`. */
  field: string;
  /** The Kubernetes cause type, e.g. `FieldValueRequired`; decode errors use `FieldValueUnknown`, `FieldValueTypeInvalid`. */
  type: string;
  detail?: string;
  /** e.g. `spec.containers[0].image: Required value` */
  message: string;
}

/**
 * A bad value as Go would print it: strings and numbers print as fmt's `%q`/`%v` do; `{ go }` carries a value
 * already written in Go syntax (`map[string]string{"app":"x"}`), printed as is.
 */
export type BadValue = string | number | boolean | { go: string };

export const REQUIRED = "FieldValueRequired";
export const INVALID = "FieldValueInvalid";
export const NOT_SUPPORTED = "FieldValueNotSupported";
export const DUPLICATE = "FieldValueDuplicate";
export const FORBIDDEN = "FieldValueForbidden";
export const TOO_LONG = "FieldValueTooLong";
export const NOT_FOUND = "FieldValueNotFound";
/** Not a Kubernetes cause type: a field the strict decoder does not know (`unknown field "..."`). */
export const UNKNOWN_FIELD = "FieldValueUnknown";
/** A JSON type mismatch found while decoding (`json: cannot unmarshal ...`). */
export const TYPE_INVALID = "FieldValueTypeInvalid";

const TYPE_TEXT: Record<string, string> = {
  [REQUIRED]: "Required value",
  [INVALID]: "Invalid value",
  [NOT_SUPPORTED]: "Unsupported value",
  [DUPLICATE]: "Duplicate value",
  [FORBIDDEN]: "Forbidden",
  [TOO_LONG]: "Too long",
  [NOT_FOUND]: "Not found",
  [TYPE_INVALID]: "Invalid value",
};

/** Go's `%q` for the strings validation prints (JSON escaping agrees for printable text). */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}

export function formatBadValue(value: BadValue): string {
  if (typeof value === "string") return goQuote(value);
  if (typeof value === "object") return value.go;
  return String(value);
}

function make(type: string, field: string, value: BadValue | undefined, detail?: string): FieldError {
  let body = TYPE_TEXT[type] ?? type;
  if (value !== undefined) body += `: ${formatBadValue(value)}`;
  if (detail) body += `: ${detail}`;
  return detail
    ? { field, type, detail, message: `${field}: ${body}` }
    : { field, type, message: `${field}: ${body}` };
}

export function required(field: string, detail?: string): FieldError {
  return make(REQUIRED, field, undefined, detail);
}

export function invalid(field: string, value: BadValue, detail: string): FieldError {
  return make(INVALID, field, value, detail);
}

export function notSupported(field: string, value: BadValue, supported: readonly string[]): FieldError {
  const detail = supported.length ? `supported values: ${supported.map(goQuote).join(", ")}` : undefined;
  return make(NOT_SUPPORTED, field, value, detail);
}

export function duplicate(field: string, value: BadValue, detail?: string): FieldError {
  return make(DUPLICATE, field, value, detail);
}

export function forbidden(field: string, detail: string): FieldError {
  return make(FORBIDDEN, field, undefined, detail);
}

export function tooLong(field: string, maxBytes: number): FieldError {
  return make(TOO_LONG, field, undefined, `must have at most ${maxBytes} bytes`);
}

export function notFound(field: string, value: BadValue, detail?: string): FieldError {
  return make(NOT_FOUND, field, value, detail);
}

export function unknownField(field: string): FieldError {
  return { field, type: UNKNOWN_FIELD, message: `unknown field ${goQuote(field)}` };
}

/** Go's `%#v` of a `map[string]string`: keys sorted, nil printed as `map[string]string(nil)`. */
export function goStringMap(map: Record<string, string> | undefined): { go: string } {
  if (map === undefined) return { go: "map[string]string(nil)" };
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(map[k] ?? "")}`);
  return { go: `map[string]string{${entries.join(", ")}}` };
}

/**
 * utilerrors.NewAggregate(...).Error(): one message alone, several in brackets joined by ", ", duplicates
 * dropped as field.ErrorList.ToAggregate does.
 */
export function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] ?? "") : `[${unique.join(", ")}]`;
}

/** Removes repeated errors (same message), keeping the first, as ToAggregate does. */
export function dedupe(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.message) && seen.add(e.message));
}

/** Field paths as field.Path prints them: `a.b`, `a[0]`, `a[key]`. */
export function child(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}
