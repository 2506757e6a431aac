/**
 * Kubernetes resource quantities ("500m", "1.5", "512Mi", "2Gi", "1G", "1e3"), parsed exactly with
 * BigInt the way apimachinery's resource.Quantity does, so "0.1" CPU is 100m and never 101m.
 */
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
export const QUANTITY_PATTERN = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

interface Exact {
  /** value = digits * 10^exp10 * 2^exp2 */
  digits: bigint;
  exp10: number;
  exp2: number;
}

function parseExact(text: string): Exact | undefined {
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, number = "", suffix = ""] = match;
  if ((number.match(/\./g) ?? []).length > 1 || !/[0-9]/.test(number)) return undefined;
  const [whole = "", fraction = ""] = number.replace(/^[+-]/, "").split(".");
  const sign = number.startsWith("-") ? -1n : 1n;
  const digits = sign * BigInt(whole + fraction || "0");
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (suffix in BINARY) exp2 = BINARY[suffix] ?? 0;
  else if (suffix in DECIMAL) exp10 += DECIMAL[suffix] ?? 0;
  else if (/^[eE][-+]?[0-9]+$/.test(suffix)) exp10 += Number(suffix.slice(1));
  else return undefined;
  return { digits, exp10, exp2 };
}

/** Scales to an integer number of 10^-scale units, rounding up as Quantity.ScaledValue does. */
function scaled(q: Exact, scale: number): number {
  let numerator = q.digits * 2n ** BigInt(q.exp2);
  let denominator = 1n;
  const exp = q.exp10 + scale;
  if (exp >= 0) numerator *= 10n ** BigInt(exp);
  else denominator = 10n ** BigInt(-exp);
  let result = numerator / denominator;
  if (numerator % denominator !== 0n && numerator > 0n) result += 1n;
  return Number(result);
}

export function isQuantity(text: string): boolean {
  return parseExact(text) !== undefined;
}

/** CPU in millicores ("500m" -> 500, "1.5" -> 1500), or undefined when malformed. */
export function parseCpu(text: string | number): number | undefined {
  const q = parseExact(String(text));
  return q && scaled(q, 3);
}

/** Memory (or any unit quantity) in whole units, rounded up ("512Mi" -> 536870912, "1G" -> 1e9). */
export function parseBytes(text: string | number): number | undefined {
  const q = parseExact(String(text));
  return q && scaled(q, 0);
}

export function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes in the largest binary suffix that divides them exactly, as the API server canonicalises. */
export function formatBytes(bytes: number): string {
  for (const [suffix, bits] of [
    ["Ei", 60],
    ["Pi", 50],
    ["Ti", 40],
    ["Gi", 30],
    ["Mi", 20],
    ["Ki", 10],
  ] as const) {
    const unit = 2 ** bits;
    if (bytes !== 0 && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

export const Ki = 1024;
export const Mi = 1024 * 1024;
export const Gi = 1024 * 1024 * 1024;
export const MB = 1000 * 1000;
