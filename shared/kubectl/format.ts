import type { LabelSelector } from "../sim/model/workload.ts";
import { parseBytes, parseCpu } from "../sim/quantity.ts";

/**
 * Small formatting helpers kubectl's printers share: resource.Quantity's canonical String(), and label /
 * selector strings (time layouts are in shared/time/format.ts).
 */
const BINARY: [string, number][] = [
  ["Ei", 60],
  ["Pi", 50],
  ["Ti", 40],
  ["Gi", 30],
  ["Mi", 20],
  ["Ki", 10],
];
const DECIMAL: [string, number][] = [
  ["E", 18],
  ["P", 15],
  ["T", 12],
  ["G", 9],
  ["M", 6],
  ["k", 3],
];

/** A byte count in canonical form: binary suffixes when it divides by 1024, else decimal ones. */
export function canonicalBytes(bytes: number, binary = bytes % 1024 === 0): string {
  if (bytes === 0) return "0";
  for (const [suffix, exp] of binary ? BINARY : DECIMAL) {
    const unit = binary ? 2 ** exp : 10 ** exp;
    if (bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

export function canonicalCpu(milli: number): string {
  if (milli === 0) return "0";
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** resource.Quantity.String() of a quantity as written in a manifest ("0.5" -> "500m", "1024Mi" -> "1Gi"). */
export function canonicalQuantity(resource: string, text: string): string {
  if (resource === "cpu") {
    const milli = parseCpu(text);
    return milli === undefined ? text : canonicalCpu(milli);
  }
  const bytes = parseBytes(text);
  if (bytes === undefined) return text;
  return canonicalBytes(bytes, /i$/.test(text.trim()));
}

/** labels.FormatLabels: sorted `k=v` joined by commas, or `<none>`. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${(labels as Record<string, string>)[k]}`).join(",");
}

function requirementText(e: { key: string; operator: string; values?: string[] }): string {
  const values = [...(e.values ?? [])].sort().join(",");
  switch (e.operator) {
    case "In":
      return `${e.key} in (${values})`;
    case "NotIn":
      return `${e.key} notin (${values})`;
    case "Exists":
      return e.key;
    case "DoesNotExist":
      return `!${e.key}`;
    default:
      return `${e.key} ${e.operator} (${values})`;
  }
}

/** metav1.FormatLabelSelector: matchLabels then matchExpressions, `<none>` when empty. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  const parts = Object.keys(selector?.matchLabels ?? {})
    .sort()
    .map((k) => `${k}=${selector?.matchLabels?.[k]}`);
  for (const e of selector?.matchExpressions ?? []) parts.push(requirementText(e));
  return parts.length ? parts.join(",") : "<none>";
}

/** LabelSelectorAsSelector(...).String(): every requirement sorted by key. */
export function selectorString(selector: LabelSelector | undefined): string {
  const parts: { key: string; text: string }[] = Object.entries(selector?.matchLabels ?? {}).map(
    ([k, v]) => ({
      key: k,
      text: `${k}=${v}`,
    }),
  );
  for (const e of selector?.matchExpressions ?? []) parts.push({ key: e.key, text: requirementText(e) });
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.length ? parts.map((p) => p.text).join(",") : "<none>";
}
