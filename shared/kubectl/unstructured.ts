import type { ClusterState } from "../sim/model/state.ts";
import type { UnstructuredObject } from "../sim/model/unstructured.ts";
import { rfc3339 } from "../time/format.ts";
import {
  describeEvents,
  describeWriter,
  printAnnotationsMultiline,
  printLabelsMultiline,
} from "./describe/writer.ts";
import { eventsFor } from "./events.ts";
import { formatLabelSelector } from "./format.ts";
import { compact, type Json, metadataJson } from "./json.ts";
import { age, type PrintOptions, type Table } from "./printers.ts";

/**
 * kubectl for the kinds the game stores and does not simulate (apiserver/unstructured.ts): their
 * server-side columns (Ingress, IngressClass, NetworkPolicy, Role and RoleBinding as kubectl v1.31
 * prints them; NAME and AGE for the rest), -o json|yaml as written, and describe: Ingress's describer,
 * and kubectl's generic one (printUnstructuredContent) for the others.
 */
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

export function unstructuredOf(state: ClusterState, kind: string): UnstructuredObject[] {
  const table = state.unstructured ?? {};
  const prefix = `${kind}/`;
  return Object.keys(table)
    .filter((k) => k.startsWith(prefix))
    .sort()
    .map((k) => table[k] as UnstructuredObject);
}

function spec(o: UnstructuredObject): Obj {
  return obj(o.content.spec);
}

function ingressHosts(o: UnstructuredObject): string {
  const hosts = arr(spec(o).rules)
    .map((r) => str(obj(r).host))
    .filter((h) => h);
  return hosts.length === 0 ? "*" : hosts.join(",");
}

function ingressPorts(o: UnstructuredObject): string {
  return arr(spec(o).tls).length > 0 ? "80, 443" : "80";
}

const COLUMNS: Record<string, { headers: string[]; row: (o: UnstructuredObject, now: number) => string[] }> =
  {
    Ingress: {
      headers: ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"],
      row: (o, now) => [
        o.metadata.name,
        str(spec(o).ingressClassName) || "<none>",
        ingressHosts(o),
        "",
        ingressPorts(o),
        age(now, o.metadata.creationTimestamp),
      ],
    },
    IngressClass: {
      headers: ["NAME", "CONTROLLER", "PARAMETERS", "AGE"],
      row: (o, now) => [
        o.metadata.name,
        str(spec(o).controller),
        "<none>",
        age(now, o.metadata.creationTimestamp),
      ],
    },
    NetworkPolicy: {
      headers: ["NAME", "POD-SELECTOR", "AGE"],
      row: (o, now) => [
        o.metadata.name,
        formatLabelSelector(spec(o).podSelector as never) || "<none>",
        age(now, o.metadata.creationTimestamp),
      ],
    },
    Role: {
      headers: ["NAME", "CREATED AT"],
      row: (o) => [o.metadata.name, rfc3339(o.metadata.creationTimestamp)],
    },
    ClusterRole: {
      headers: ["NAME", "CREATED AT"],
      row: (o) => [o.metadata.name, rfc3339(o.metadata.creationTimestamp)],
    },
    RoleBinding: {
      headers: ["NAME", "ROLE", "AGE"],
      row: (o, now) => [
        o.metadata.name,
        `${str(obj(o.content.roleRef).kind)}/${str(obj(o.content.roleRef).name)}`,
        age(now, o.metadata.creationTimestamp),
      ],
    },
    ClusterRoleBinding: {
      headers: ["NAME", "ROLE", "AGE"],
      row: (o, now) => [
        o.metadata.name,
        `${str(obj(o.content.roleRef).kind)}/${str(obj(o.content.roleRef).name)}`,
        age(now, o.metadata.creationTimestamp),
      ],
    },
  };

const DEFAULT_COLUMNS = {
  headers: ["NAME", "AGE"],
  row: (o: UnstructuredObject, now: number) => [o.metadata.name, age(now, o.metadata.creationTimestamp)],
};

export function unstructuredTable(kind: string, objects: UnstructuredObject[], options: PrintOptions): Table {
  const columns = COLUMNS[kind] ?? DEFAULT_COLUMNS;
  const headers = [...columns.headers];
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = objects.map((o) => {
    const row = columns.row(o, options.now);
    if (options.allNamespaces) row.unshift(o.metadata.namespace ?? "");
    return row;
  });
  return { headers, rows };
}

export function unstructuredJson(o: UnstructuredObject): Json {
  return compact({
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: metadataJson(o.metadata),
    ...(o.content as Record<string, Json>),
  });
}

/** describeBackendV1: `svc:port (endpoints)`, or the error the lookup met. */
function ingressBackend(state: ClusterState, namespace: string, backend: unknown): string {
  const service = obj(obj(backend).service);
  const name = str(service.name);
  if (!name) {
    const resource = obj(obj(backend).resource);
    return resource.kind
      ? `APIGroup: ${str(resource.apiGroup)}, Kind: ${str(resource.kind)}, Name: ${str(resource.name)}`
      : "";
  }
  const port = obj(service.port);
  const text = `${name}:${port.number !== undefined ? str(port.number) : str(port.name)}`;
  const svc = state.services[`${namespace}/${name}`];
  if (!svc) return `${text} (<error: services "${name}" not found>)`;
  const endpoints = state.endpoints[`${namespace}/${name}`];
  const match = svc.spec.ports.find(
    (p) =>
      (port.number !== undefined && p.port === port.number) ||
      (port.name !== undefined && p.name === port.name),
  );
  const addresses: string[] = [];
  for (const subset of endpoints?.subsets ?? []) {
    const ep = subset.ports.find((p) => (match?.name ?? "") === (p.name ?? "")) ?? subset.ports[0];
    for (const a of subset.addresses) addresses.push(`${a.ip}:${ep?.port ?? ""}`);
  }
  if (addresses.length === 0) return `${text} (<none>)`;
  const shown = addresses.slice(0, 3).join(",");
  return `${text} (${addresses.length > 3 ? `${shown} + ${addresses.length - 3} more...` : shown})`;
}

function describeIngress(o: UnstructuredObject, state: ClusterState, show: boolean): string {
  const w = describeWriter();
  const s = spec(o);
  const ns = o.metadata.namespace ?? "default";
  w.write(0, `Name:\t${o.metadata.name}\n`);
  printLabelsMultiline(w, "Labels", o.metadata.labels);
  w.write(0, `Namespace:\t${ns}\n`);
  w.write(0, "Address:\t\n");
  w.write(0, `Ingress Class:\t${str(s.ingressClassName) || "<none>"}\n`);
  const def = s.defaultBackend;
  w.write(0, `Default backend:\t${def ? ingressBackend(state, ns, def) : "<default>"}\n`);
  const tls = arr(s.tls);
  if (tls.length > 0) {
    w.write(0, "TLS:\n");
    for (const t of tls) {
      const hosts = arr(obj(t).hosts).map(str).join(",");
      const secret = str(obj(t).secretName);
      w.write(1, secret ? `${secret} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
    }
  }
  w.write(0, "Rules:\n  Host\tPath\tBackends\n");
  w.write(1, "----\t----\t--------\n");
  let count = 0;
  for (const rule of arr(s.rules)) {
    const http = obj(rule).http;
    if (!http) continue;
    count++;
    w.write(1, `${str(obj(rule).host) || "*"}\t\n`);
    for (const path of arr(obj(http).paths)) {
      w.write(2, `\t${str(obj(path).path)} \t${ingressBackend(state, ns, obj(path).backend)}\n`);
    }
  }
  if (count === 0) w.write(1, `*\t*\t${def ? ingressBackend(state, ns, def) : ""}\n`);
  printAnnotationsMultiline(w, "Annotations", o.metadata.annotations);
  if (show) describeEvents(w, eventsFor(state.events, { kind: o.kind, ...o.metadata }), state.now);
  return w.text();
}

/** smartLabelFor: "apiGroups" -> "API Groups", "podSelector" -> "Pod Selector". */
function smartLabel(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(/[\s_-]+/);
  const special: Record<string, string> = {
    api: "API",
    ip: "IP",
    url: "URL",
    uid: "UID",
    id: "ID",
    tls: "TLS",
    cidr: "CIDR",
  };
  return words.map((w) => special[w.toLowerCase()] ?? w.charAt(0).toUpperCase() + w.slice(1)).join(" ");
}

/** printUnstructuredContent: nested maps indented, lists item by item, scalars after the label. */
function printContent(w: ReturnType<typeof describeWriter>, level: number, value: Obj): void {
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    const label = smartLabel(key);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      w.write(level, `${label}:\n`);
      printContent(w, level + 1, v as Obj);
    } else if (Array.isArray(v)) {
      w.write(level, `${label}:\n`);
      for (const item of v) {
        if (item !== null && typeof item === "object" && !Array.isArray(item))
          printContent(w, level + 1, item as Obj);
        else w.write(level + 1, `${str(item) || JSON.stringify(item)}\n`);
      }
    } else w.write(level, `${label}:\t${typeof v === "string" ? v : JSON.stringify(v)}\n`);
  }
}

function describeGeneric(o: UnstructuredObject, state: ClusterState, show: boolean): string {
  const w = describeWriter();
  w.write(0, `Name:\t${o.metadata.name}\n`);
  if (o.metadata.namespace !== undefined) w.write(0, `Namespace:\t${o.metadata.namespace}\n`);
  printLabelsMultiline(w, "Labels", o.metadata.labels);
  printAnnotationsMultiline(w, "Annotations", o.metadata.annotations);
  w.write(0, `API Version:\t${o.apiVersion}\n`);
  w.write(0, `Kind:\t${o.kind}\n`);
  w.write(0, "Metadata:\n");
  w.write(1, `Creation Timestamp:\t${rfc3339(o.metadata.creationTimestamp)}\n`);
  w.write(1, `Resource Version:\t${o.metadata.resourceVersion}\n`);
  w.write(1, `UID:\t${o.metadata.uid}\n`);
  printContent(w, 0, o.content);
  if (show) describeEvents(w, eventsFor(state.events, { kind: o.kind, ...o.metadata }), state.now);
  return w.text();
}

export function describeUnstructured(o: UnstructuredObject, state: ClusterState, show = true): string {
  return o.kind === "Ingress" ? describeIngress(o, state, show) : describeGeneric(o, state, show);
}
