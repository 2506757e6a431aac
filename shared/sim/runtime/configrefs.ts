import { decodeBase64 } from "../base64.ts";
import type { Container, EnvFromSource, EnvVar, Pod } from "../model/pod.ts";
import { containerSpec } from "../model/podcontainers.ts";
import type { ClusterState } from "../model/state.ts";
import { parseBytes, parseCpu } from "../quantity.ts";

/**
 * What a container's configuration refers to, resolved as the kubelet does when it makes the
 * container (makeEnvironmentVariables, the configMap and secret volume plugins): values from
 * ConfigMaps and Secrets, the pod's own fields (downward API), and the files a ConfigMap or Secret
 * volume holds. A missing reference that is not optional is an error in the kubelet's words.
 */
type Lookup = { ok: true; data: Record<string, string> } | { ok: false; error: string };

/** A ConfigMap's or Secret's data, as text (Secret values base64-decoded). */
export function configData(
  state: ClusterState,
  kind: "configmap" | "secret",
  namespace: string,
  name: string,
): Lookup {
  if (kind === "configmap") {
    const cm = state.configmaps[`${namespace}/${name}`];
    if (!cm) return { ok: false, error: `configmap "${name}" not found` };
    const binary = Object.fromEntries(
      Object.entries(cm.binaryData ?? {}).map(([k, v]) => {
        const d = decodeBase64(v);
        return [k, d.ok ? d.text : ""];
      }),
    );
    return { ok: true, data: { ...cm.data, ...binary } };
  }
  const secret = state.secrets[`${namespace}/${name}`];
  if (!secret) return { ok: false, error: `secret "${name}" not found` };
  return {
    ok: true,
    data: Object.fromEntries(
      Object.entries(secret.data).map(([k, v]) => {
        const d = decodeBase64(v);
        return [k, d.ok ? d.text : ""];
      }),
    ),
  };
}

/** The downward API's fieldRef values. */
function fieldValue(pod: Pod, path: string): string | undefined {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === "labels" ? pod.metadata.labels : pod.metadata.annotations)[m[2] ?? ""] ?? "";
  switch (path) {
    case "metadata.name":
      return pod.metadata.name;
    case "metadata.namespace":
      return pod.metadata.namespace;
    case "metadata.uid":
      return pod.metadata.uid;
    case "spec.nodeName":
      return pod.spec.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec.serviceAccountName ?? "default";
    case "status.hostIP":
    case "status.hostIPs":
      return pod.status.hostIP ?? "";
    case "status.podIP":
    case "status.podIPs":
      return pod.status.podIP ?? "";
    default:
      return undefined;
  }
}

/**
 * A downwardAPI volume file's content: a field as the env var has it, or all labels or annotations as
 * the kubelet writes them (fieldpath.FormatMap: sorted `key="value"` lines, no newline at the end).
 */
function volumeFieldValue(pod: Pod, path: string): string {
  if (path === "metadata.labels" || path === "metadata.annotations") {
    const map = path === "metadata.labels" ? pod.metadata.labels : pod.metadata.annotations;
    return Object.keys(map)
      .sort()
      .map((k) => `${k}=${JSON.stringify(map[k])}`)
      .join("\n");
  }
  return fieldValue(pod, path) ?? "";
}

/** The downward API's resourceFieldRef: a request or limit (a limit defaults to the node's allocatable). */
function resourceValue(
  state: ClusterState,
  pod: Pod,
  own: Container,
  ref: NonNullable<EnvVar["valueFrom"]>["resourceFieldRef"],
): string {
  if (!ref) return "";
  const container = ref.containerName ? (containerSpec(pod, ref.containerName) ?? own) : own;
  const [kind = "", resource = ""] = ref.resource.split(".");
  const text = (kind === "limits" ? container.resources?.limits : container.resources?.requests)?.[resource];
  const node = pod.spec.nodeName ? state.nodes[pod.spec.nodeName] : undefined;
  if (resource === "cpu") {
    const millis =
      text !== undefined
        ? (parseCpu(text) ?? 0)
        : kind === "limits"
          ? (node?.status.allocatable.cpu ?? 0)
          : 0;
    const divisor = parseCpu(ref.divisor ?? "1") || 1000;
    return String(Math.ceil(millis / divisor));
  }
  const bytes =
    text !== undefined
      ? (parseBytes(text) ?? 0)
      : kind === "limits"
        ? (node?.status.allocatable.memory ?? 0)
        : 0;
  const divisor = parseBytes(ref.divisor ?? "1") || 1;
  return String(Math.ceil(bytes / divisor));
}

export interface ResolvedEnv {
  /** The container's own variables in order ($(VAR) not yet expanded), envFrom first. */
  vars: [string, string, "literal" | "resolved"][];
  /** The first reference the kubelet cannot resolve: CreateContainerConfigError. */
  error?: string;
}

function fromSources(state: ClusterState, pod: Pod, sources: EnvFromSource[], out: ResolvedEnv): void {
  for (const source of sources) {
    const ref = source.configMapRef ?? source.secretRef;
    if (!ref) continue;
    const found = configData(
      state,
      source.configMapRef ? "configmap" : "secret",
      pod.metadata.namespace,
      ref.name,
    );
    if (!found.ok) {
      if (!ref.optional) out.error ??= found.error;
      continue;
    }
    for (const [k, v] of Object.entries(found.data))
      out.vars.push([`${source.prefix ?? ""}${k}`, v, "resolved"]);
  }
}

export function resolveEnv(state: ClusterState, pod: Pod, container: Container): ResolvedEnv {
  const out: ResolvedEnv = { vars: [] };
  fromSources(state, pod, container.envFrom ?? [], out);
  for (const e of container.env ?? []) {
    const from = e.valueFrom;
    if (!from) {
      out.vars.push([e.name, e.value ?? "", "literal"]);
      continue;
    }
    const keyRef = from.configMapKeyRef ?? from.secretKeyRef;
    if (keyRef) {
      const kind = from.configMapKeyRef ? "configmap" : "secret";
      const found = configData(state, kind, pod.metadata.namespace, keyRef.name);
      if (!found.ok) {
        if (!keyRef.optional) out.error ??= found.error;
        continue;
      }
      const value = found.data[keyRef.key];
      if (value === undefined) {
        const kindName = kind === "configmap" ? "ConfigMap" : "Secret";
        if (!keyRef.optional)
          out.error ??= `couldn't find key ${keyRef.key} in ${kindName} ${pod.metadata.namespace}/${keyRef.name}`;
        continue;
      }
      out.vars.push([e.name, value, "resolved"]);
    } else if (from.fieldRef) {
      out.vars.push([e.name, fieldValue(pod, from.fieldRef.fieldPath) ?? "", "resolved"]);
    } else if (from.resourceFieldRef) {
      out.vars.push([e.name, resourceValue(state, pod, container, from.resourceFieldRef), "resolved"]);
    }
  }
  return out;
}

/**
 * The files a container sees through its volume mounts: a ConfigMap's or Secret's keys as files under
 * the mount path (or only `items`, at their paths; a subPath mount is the one file). Missing sources
 * are the volume manager's business (kubelet/volumes.ts): here they simply add nothing.
 */
export function mountedFiles(state: ClusterState, pod: Pod, container: Container): [string, string][] {
  const files: [string, string][] = [];
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.spec.volumes?.find((v) => v.name === mount.name);
    if (volume?.downwardAPI) {
      const base = mount.mountPath.replace(/\/$/, "");
      for (const item of volume.downwardAPI.items) {
        const text = item.fieldRef
          ? volumeFieldValue(pod, item.fieldRef.fieldPath)
          : resourceValue(state, pod, container, item.resourceFieldRef);
        if (mount.subPath) {
          if (item.path === mount.subPath) files.push([base, text]);
        } else files.push([`${base}/${item.path}`, text]);
      }
      continue;
    }
    const source = volume?.configMap
      ? { kind: "configmap" as const, name: volume.configMap.name, items: volume.configMap.items }
      : volume?.secret
        ? { kind: "secret" as const, name: volume.secret.secretName, items: volume.secret.items }
        : undefined;
    if (!source) continue;
    const found = configData(state, source.kind, pod.metadata.namespace, source.name);
    if (!found.ok) continue;
    const entries: [string, string][] = source.items
      ? source.items.filter((i) => i.key in found.data).map((i) => [i.path, found.data[i.key] as string])
      : Object.entries(found.data);
    const base = mount.mountPath.replace(/\/$/, "");
    for (const [path, text] of entries) {
      if (mount.subPath) {
        if (path === mount.subPath) files.push([base, text]);
      } else files.push([`${base}/${path}`, text]);
    }
  }
  return files;
}
