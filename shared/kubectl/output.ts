import { stringify } from "yaml";
import type { Json } from "./json.ts";
import { fastYaml } from "./yamlprinter.ts";

/**
 * `-o json` and `-o yaml`: kubectl prints what it fetched as unstructured maps, so keys come out sorted
 * (encoding/json and sigs.k8s.io/yaml both sort map keys); JSON is indented by four spaces, YAML puts
 * list items at their parent's indentation and quotes strings YAML 1.1 would read otherwise (timestamps,
 * "True", numbers), as go-yaml v2 does.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) {
      if (record[key] !== undefined) out[key] = sortKeys(record[key]);
    }
    return out;
  }
  return value;
}

export function listOf(items: Json[]): Json {
  return { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 4)}\n`;
}

export function toYaml(value: unknown): string {
  const sorted = sortKeys(value);
  // the direct printer writes what the library writes, ten times faster; it leaves odd values to it
  return fastYaml(sorted) ?? stringify(sorted, { indentSeq: false, lineWidth: 0, version: "1.1" });
}
