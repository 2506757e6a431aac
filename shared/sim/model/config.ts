import type { ObjectMeta } from "./meta.ts";

/** core/v1 ConfigMap, Secret and ServiceAccount: configuration pods refer to by name. */
export interface ConfigMap {
  apiVersion: "v1";
  kind: "ConfigMap";
  metadata: ObjectMeta & { namespace: string };
  data: Record<string, string>;
  /** Base64 as stored. */
  binaryData?: Record<string, string>;
  immutable?: boolean;
}

export interface Secret {
  apiVersion: "v1";
  kind: "Secret";
  metadata: ObjectMeta & { namespace: string };
  /** Opaque, kubernetes.io/dockerconfigjson, kubernetes.io/tls ... */
  type: string;
  /** Base64 as stored (stringData is merged in on write, as the API server does). */
  data: Record<string, string>;
  immutable?: boolean;
}

export interface ServiceAccount {
  apiVersion: "v1";
  kind: "ServiceAccount";
  metadata: ObjectMeta & { namespace: string };
  secrets?: { name: string }[];
  imagePullSecrets?: { name: string }[];
  automountServiceAccountToken?: boolean;
}
