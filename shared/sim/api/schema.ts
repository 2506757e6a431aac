import { isQuantity } from "../quantity.ts";
import { child, type FieldError, INVALID, TYPE_INVALID, unknownField } from "./fielderrors.ts";
import { QUANTITY_FORMAT_ERROR } from "./resources.ts";

/**
 * The shapes of the Kubernetes types, enough to decode a manifest the way the API server's strict JSON
 * decoder does (sigs.k8s.io/json): case-sensitive field names, unknown fields collected, the first type
 * mismatch reported with Go's `json: cannot unmarshal ...` wording. A field can be marked as accepted but
 * not simulated by the game (reported) or as ignored (server-managed metadata, reported nowhere).
 */
export type Schema =
  | { t: "string" | "int32" | "int64" | "float64" | "bool" | "quantity" | "intOrString" | "any" }
  | { t: "list"; of: Schema; go?: string }
  | { t: "map"; of: Schema; go?: string }
  | { t: "struct"; name: string; pkg: string; fields: Record<string, Schema | Field> }
  | { t: "lazy"; get: () => Schema };

export interface Field {
  schema: Schema;
  /** "report": valid but not simulated; "silent": valid, ignored without a word. */
  skip: "report" | "silent";
  /** A value equal to the API default is not worth reporting (`dnsPolicy: ClusterFirst`). */
  unlessEquals?: unknown;
}

export const str: Schema = { t: "string" };
export const i32: Schema = { t: "int32" };
export const i64: Schema = { t: "int64" };
export const f64: Schema = { t: "float64" };
export const bool: Schema = { t: "bool" };
export const quantity: Schema = { t: "quantity" };
export const intOrString: Schema = { t: "intOrString" };
export const anyValue: Schema = { t: "any" };
export const strings: Schema = { t: "list", of: str };
export const stringMap: Schema = { t: "map", of: str };
export const resourceList: Schema = { t: "map", of: quantity, go: "v1.ResourceList" };

export const list = (of: Schema, go?: string): Schema => ({ t: "list", of, go });
export const map = (of: Schema, go?: string): Schema => ({ t: "map", of, go });
export const lazy = (get: () => Schema): Schema => ({ t: "lazy", get });
export const struct = (name: string, fields: Record<string, Schema | Field>, pkg = "v1"): Schema => ({
  t: "struct",
  name,
  pkg,
  fields,
});
/** A valid field the game does not simulate: accepted and reported. */
export const notSimulated = (schema: Schema, unlessEquals?: unknown): Field => ({
  schema,
  skip: "report",
  unlessEquals,
});
/** A valid field the server manages or ignores: accepted silently. */
export const ignored = (schema: Schema): Field => ({ schema, skip: "silent" });

function resolve(schema: Schema): Schema {
  return schema.t === "lazy" ? resolve(schema.get()) : schema;
}

export function goType(schema: Schema): string {
  const s = resolve(schema);
  switch (s.t) {
    case "list":
      return s.go ?? `[]${goType(s.of)}`;
    case "map":
      return s.go ?? `map[string]${goType(s.of)}`;
    case "struct":
      return `${s.pkg}.${s.name}`;
    case "quantity":
      return "resource.Quantity";
    case "intOrString":
      return "intstr.IntOrString";
    case "any":
      return "interface {}";
    default:
      return s.t;
  }
}

export interface DecodeError {
  /** The error as a field error (for locating it). */
  error: FieldError;
  /** What the decoder says, e.g. `json: cannot unmarshal number into Go struct field ...`. */
  message: string;
}

export interface WalkResult {
  /** The first decode error: Go's decoder keeps the first one and reports only it. */
  error?: DecodeError;
  unknown: FieldError[];
  notSimulated: string[];
}

interface Ctx {
  path: string;
  goPath: string;
  owner: string;
  report: boolean;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/** Walks `value` against `schema`, collecting unknown fields, the first type error and not-simulated fields. */
export function walk(
  value: unknown,
  schema: Schema,
  owner: string,
  out: WalkResult,
  path = "",
  goPath = "",
): void {
  visit(value, schema, { path, goPath, owner, report: true }, out);
}

function typeError(value: unknown, schema: Schema, ctx: Ctx, out: WalkResult): void {
  if (out.error) return;
  const type = goType(schema);
  const resolved = resolve(schema);
  const intTarget = resolved.t === "int32" || resolved.t === "int64" || resolved.t === "intOrString";
  const kind = typeof value === "number" && intTarget ? `number ${value}` : jsonKind(value);
  const where = ctx.goPath ? `Go struct field ${ctx.owner}.${ctx.goPath}` : `Go value`;
  // IntOrString decodes a non-string into its int32 half, so Go names that type.
  const target = resolved.t === "intOrString" ? "int32" : type;
  const message = `json: cannot unmarshal ${kind} into ${where} of type ${target}`;
  out.error = { error: { field: ctx.path, type: TYPE_INVALID, message }, message };
}

const INT32 = 2 ** 31;

function visit(value: unknown, schema: Schema, ctx: Ctx, out: WalkResult): void {
  if (value === null || value === undefined) return;
  const s = resolve(schema);
  switch (s.t) {
    case "any":
      return;
    case "string":
      if (typeof value !== "string") typeError(value, s, ctx, out);
      return;
    case "bool":
      if (typeof value !== "boolean") typeError(value, s, ctx, out);
      return;
    case "float64":
      if (typeof value !== "number") typeError(value, s, ctx, out);
      return;
    case "int32":
    case "int64": {
      const limit = s.t === "int32" ? INT32 : 2 ** 63;
      const ok = typeof value === "number" && Number.isInteger(value) && value >= -limit && value < limit;
      if (!ok) typeError(value, s, ctx, out);
      return;
    }
    case "intOrString": {
      const ok = typeof value === "string" || (typeof value === "number" && Number.isInteger(value));
      if (!ok) typeError(value, s, ctx, out);
      return;
    }
    case "quantity": {
      const text = typeof value === "string" || typeof value === "number" ? String(value) : undefined;
      if ((text === undefined || !isQuantity(text)) && !out.error) {
        const shown = text ?? JSON.stringify(value);
        out.error = {
          error: {
            field: ctx.path,
            type: INVALID,
            message: `${ctx.path}: Invalid value: ${JSON.stringify(shown)}: ${QUANTITY_FORMAT_ERROR}`,
            detail: QUANTITY_FORMAT_ERROR,
          },
          message: QUANTITY_FORMAT_ERROR,
        };
      }
      return;
    }
    case "list":
      if (!Array.isArray(value)) {
        typeError(value, s, ctx, out);
        return;
      }
      value.forEach((item, i) => {
        visit(item, s.of, { ...ctx, path: `${ctx.path}[${i}]` }, out);
      });
      return;
    case "map":
      if (!isPlainObject(value)) {
        typeError(value, s, ctx, out);
        return;
      }
      for (const [k, v] of Object.entries(value)) visit(v, s.of, { ...ctx, path: `${ctx.path}[${k}]` }, out);
      return;
    case "struct":
      if (!isPlainObject(value)) {
        typeError(value, s, ctx, out);
        return;
      }
      for (const [name, v] of Object.entries(value)) {
        const path = child(ctx.path, name);
        const spec = s.fields[name];
        if (spec === undefined) {
          out.unknown.push(unknownField(path));
          continue;
        }
        const field: Field | undefined = "skip" in spec ? spec : undefined;
        let report = ctx.report;
        if (field && report) {
          report = false;
          const isDefault =
            field.unlessEquals !== undefined && JSON.stringify(v) === JSON.stringify(field.unlessEquals);
          if (field.skip === "report" && !isEmpty(v) && !isDefault) out.notSimulated.push(path);
        }
        const sub: Schema = field ? field.schema : (spec as Schema);
        visit(v, sub, { path, goPath: child(ctx.goPath, name), owner: s.name, report }, out);
      }
      return;
  }
}
