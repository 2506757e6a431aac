import type { ResourceRequirements } from "../model/pod.ts";
import { isQuantity, QUANTITY_PATTERN } from "../quantity.ts";
import { type FieldError, invalid, key, required } from "./fielderrors.ts";
import { isQualifiedName, NEGATIVE_ERROR, NOT_INTEGER_ERROR } from "./names.ts";

/** resource.Quantity's format error, returned while decoding (UnmarshalJSON), before any validation. */
export const QUANTITY_FORMAT_ERROR = `quantities must match the regular expression '${QUANTITY_PATTERN}'`;

interface Exact {
  /** value = digits * 10^exp10 * 2^exp2 */
  digits: bigint;
  exp10: number;
  exp2: number;
  format: "BinarySI" | "DecimalSI" | "DecimalExponent";
}

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<string, string> = {
  "-9": "n",
  "-6": "u",
  "-3": "m",
  "0": "",
  "3": "k",
  "6": "M",
  "9": "G",
  "12": "T",
  "15": "P",
  "18": "E",
};

function parseExact(text: string): Exact | undefined {
  if (!isQuantity(text)) return undefined;
  const match = /^([+-]?[0-9.]+)(.*)$/.exec(text.trim());
  const number = match?.[1] ?? "0";
  const suffix = match?.[2] ?? "";
  const [whole = "", fraction = ""] = number.replace(/^[+-]/, "").split(".");
  const digits = (number.startsWith("-") ? -1n : 1n) * BigInt(whole + fraction || "0");
  let exp10 = -fraction.length;
  let exp2 = 0;
  let format: Exact["format"] = "DecimalSI";
  if (suffix in BINARY) {
    exp2 = BINARY[suffix] ?? 0;
    format = "BinarySI";
  } else if (suffix in DECIMAL) exp10 += DECIMAL[suffix] ?? 0;
  else {
    exp10 += Number(suffix.slice(1));
    format = "DecimalExponent";
  }
  return { digits, exp10, exp2, format };
}

/** Exact comparison of two valid quantities: -1, 0 or 1. */
export function compareQuantities(a: string, b: string): number {
  const x = parseExact(a);
  const y = parseExact(b);
  if (!x || !y) return 0;
  // Bring both to integers over a common denominator of 10^k.
  const k = Math.max(0, -x.exp10, -y.exp10);
  const scale = (q: Exact) => q.digits * 2n ** BigInt(q.exp2) * 10n ** BigInt(q.exp10 + k);
  const d = scale(x) - scale(y);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/**
 * Quantity.String(): the canonical form the API server prints ("1.5" -> "1500m", "2000m" -> "2",
 * "1024Mi" -> "1Gi", "1000" -> "1k"), keeping the binary/decimal/exponent format of the input.
 */
export function canonicalQuantity(text: string): string {
  const q = parseExact(text);
  if (!q) return text;
  if (q.digits === 0n) return "0";
  if (q.format === "BinarySI") {
    let numerator = q.digits * 2n ** BigInt(q.exp2);
    let exp10 = q.exp10;
    while (exp10 < 0 && numerator % 10n === 0n) {
      numerator /= 10n;
      exp10++;
    }
    if (exp10 >= 0) {
      const value = numerator * 10n ** BigInt(exp10);
      const abs = value < 0n ? -value : value;
      if (abs >= 1024n) {
        for (const [suffix, bits] of [...Object.entries(BINARY)].reverse()) {
          const unit = 2n ** BigInt(bits);
          if (value % unit === 0n) return `${value / unit}${suffix}`;
        }
        return String(value);
      }
    }
    return decimalForm({ ...q, digits: q.digits * 2n ** BigInt(q.exp2), exp2: 0, format: "DecimalSI" });
  }
  return decimalForm(q);
}

function decimalForm(q: Exact): string {
  let digits = q.digits;
  let exp10 = q.exp10;
  while (digits % 10n === 0n && digits !== 0n) {
    digits /= 10n;
    exp10++;
  }
  let exp = Math.floor(exp10 / 3) * 3;
  if (q.format === "DecimalSI") exp = Math.min(18, exp);
  if (exp < -9) {
    // Below nano the API server rounds up to whole nano units.
    const down = 10n ** BigInt(-9 - exp10);
    let nanos = digits / down;
    if (digits % down !== 0n && digits > 0n) nanos += 1n;
    return `${nanos}n`;
  }
  const mantissa = digits * 10n ** BigInt(exp10 - exp);
  if (q.format === "DecimalExponent") return exp === 0 ? String(mantissa) : `${mantissa}e${exp}`;
  return `${mantissa}${DECIMAL_SUFFIX[String(exp)] ?? ""}`;
}

function isIntegerValued(text: string): boolean {
  const q = parseExact(text);
  if (!q) return false;
  if (q.exp10 >= 0) return true;
  return (q.digits * 2n ** BigInt(q.exp2)) % 10n ** BigInt(-q.exp10) === 0n;
}

const STANDARD_CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);
const STANDARD_RESOURCES = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "requests.storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
]);

const isHugePages = (name: string) => name.startsWith("hugepages-");
export const isNativeResource = (name: string) => !name.includes("/") || name.includes("kubernetes.io/");
const isOvercommitAllowed = (name: string) => isNativeResource(name) && !isHugePages(name);
export const isIntegerResource = (name: string) => name === "pods" || !isNativeResource(name);

function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith("requests.")) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

function validateContainerResourceName(name: string, field: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalid(field, name, msg));
  if (errs.length) return errs;
  if (!name.includes("/")) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name)) {
      errs.push(invalid(field, name, "must be a standard resource type or fully qualified"));
    }
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name)) {
      errs.push(invalid(field, name, "must be a standard resource for containers"));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(field, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceQuantityValue: not negative, whole numbers for integer resources (pods, extended). */
export function validateResourceQuantity(name: string, value: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (compareQuantities(value, "0") < 0) errs.push(invalid(field, canonicalQuantity(value), NEGATIVE_ERROR));
  if (isIntegerResource(name) && !isIntegerValued(value)) {
    errs.push(invalid(field, { go: canonicalQuantity(value) }, NOT_INTEGER_ERROR));
  }
  return errs;
}

/** ValidateResourceRequirements for one container: names, values, and requests within limits. */
export function validateResourceRequirements(
  resources: ResourceRequirements | undefined,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const limits = resources?.limits ?? {};
  const requests = resources?.requests ?? {};
  const limPath = `${field}.limits`;
  const reqPath = `${field}.requests`;
  for (const [name, value] of Object.entries(limits)) {
    errs.push(...validateContainerResourceName(name, key(limPath, name)));
    errs.push(...validateResourceQuantity(name, value, key(limPath, name)));
  }
  for (const [name, value] of Object.entries(requests)) {
    errs.push(...validateContainerResourceName(name, key(reqPath, name)));
    errs.push(...validateResourceQuantity(name, value, key(reqPath, name)));
    const limit = limits[name];
    if (limit !== undefined) {
      const cmp = compareQuantities(value, limit);
      if (cmp !== 0 && !isOvercommitAllowed(name)) {
        errs.push(
          invalid(
            reqPath,
            canonicalQuantity(value),
            `must be equal to ${name} limit of ${canonicalQuantity(limit)}`,
          ),
        );
      } else if (cmp > 0) {
        errs.push(
          invalid(
            reqPath,
            canonicalQuantity(value),
            `must be less than or equal to ${name} limit of ${canonicalQuantity(limit)}`,
          ),
        );
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, "Limit must be set for non overcommitable resources"));
    }
  }
  return errs;
}
