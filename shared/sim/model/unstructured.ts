import type { ObjectMeta } from "./meta.ts";

/**
 * An object of a kind the API server knows and the game does not simulate (Ingress, NetworkPolicy, Role
 * …): stored as it came (everything beyond apiVersion, kind, metadata and status), so kubectl lists,
 * describes, prints and deletes it as a real cluster would, while nothing acts on it.
 */
export interface UnstructuredObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  /** The manifest's other top-level fields (spec, data, rules …), as written. */
  content: Record<string, unknown>;
}

/** The store's key: "Kind/namespace/name" ("Kind//name" for a cluster-scoped kind). */
export function unstructuredKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ""}/${name}`;
}
