import { DEFAULT_PATH } from "../catalogue/userland.ts";
import type { Container, Pod } from "../model/pod.ts";
import type { ImageProcess } from "../model/registry.ts";
import type { Service } from "../model/service.ts";
import type { ClusterState } from "../model/state.ts";
import { resolveEnv } from "./configrefs.ts";
import { KUBERNETES_SERVICE_IP } from "./network.ts";

/**
 * A container's environment as the kubelet and runtime build it: the image's Env (PATH first), the
 * pod's HOSTNAME, the container's env (with $(VAR) references expanded), the Service links of every
 * Service in the pod's namespace when the container is created (enableServiceLinks) and the API
 * server's KUBERNETES_* variables, then HOME. Values from ConfigMaps, Secrets and the downward API
 * come from runtime/configrefs.ts (the kubelet refuses to create the container when one is missing).
 */
export interface ContainerEnvironment {
  env: [string, string][];
  unresolved: string[];
}

function linkName(service: string): string {
  return service.toUpperCase().replace(/-/g, "_");
}

/** The docker-links-style variables of one Service (pkg/kubelet/envvars). */
function serviceLinks(name: string, ip: string, ports: Service["spec"]["ports"]): [string, string][] {
  const prefix = linkName(name);
  const first = ports[0];
  if (!first) return [];
  const out: [string, string][] = [
    [`${prefix}_SERVICE_HOST`, ip],
    [`${prefix}_SERVICE_PORT`, String(first.port)],
  ];
  for (const p of ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${linkName(p.name)}`, String(p.port)]);
  out.push([`${prefix}_PORT`, `${first.protocol.toLowerCase()}://${ip}:${first.port}`]);
  for (const p of ports) {
    const proto = p.protocol.toLowerCase();
    const base = `${prefix}_PORT_${p.port}_${p.protocol}`;
    out.push(
      [base, `${proto}://${ip}:${p.port}`],
      [`${base}_PROTO`, proto],
      [`${base}_PORT`, String(p.port)],
      [`${base}_ADDR`, ip],
    );
  }
  return out;
}

/** Kubernetes' $(VAR) references in command, args and env values; $$(VAR) stays literal. */
export function expandReferences(text: string, vars: Map<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (all, name: string | undefined) => {
    if (all === "$$") return "$";
    const v = name === undefined ? undefined : vars.get(name);
    return v ?? all;
  });
}

export function containerEnvironment(
  state: ClusterState,
  pod: Pod,
  container: Container,
  image: ImageProcess,
): ContainerEnvironment {
  const vars = new Map<string, string>();
  const unresolved: string[] = [];
  const imageEnv = image.env ?? {};
  vars.set("PATH", imageEnv.PATH ?? DEFAULT_PATH);
  vars.set("HOSTNAME", pod.metadata.name);
  // Service links first: the container's own env may refer to them, and overrides them.
  const links: [string, string][] = [];
  const services = Object.values(state.services)
    .filter((s) => s.metadata.namespace === pod.metadata.namespace && s.spec.type !== "ExternalName")
    .filter((s) => s.spec.clusterIP && s.spec.clusterIP !== "None")
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const s of services) links.push(...serviceLinks(s.metadata.name, s.spec.clusterIP, s.spec.ports));
  // The API server's Service is in every pod's environment, whatever its namespace (the master service).
  if (pod.metadata.namespace !== "default" || !state.services["default/kubernetes"]) {
    links.push(
      ...serviceLinks("kubernetes", KUBERNETES_SERVICE_IP, [
        { name: "https", protocol: "TCP", port: 443, targetPort: 6443 },
      ]),
    );
  }
  const linked = new Map(links);
  const own = new Map<string, string>();
  // envFrom first, then env in order; a literal value's $(VAR) references are expanded, a value from a
  // ConfigMap, Secret or the downward API is taken as it is.
  for (const [name, value, how] of resolveEnv(state, pod, container).vars) {
    own.set(name, how === "literal" ? expandReferences(value, new Map([...linked, ...own])) : value);
  }
  for (const [k, v] of own) vars.set(k, v);
  for (const [k, v] of links) if (!own.has(k)) vars.set(k, v);
  for (const [k, v] of Object.entries(imageEnv)) if (!vars.has(k)) vars.set(k, v);
  if (!vars.has("HOME")) vars.set("HOME", "/root");
  return { env: [...vars], unresolved };
}
