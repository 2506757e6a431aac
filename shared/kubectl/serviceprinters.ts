import type { Endpoints, Service } from "../sim/model/service.ts";
import { formatLabels } from "./format.ts";
import { age, type PrintOptions, type Table } from "./printers.ts";

/** `kubectl get services` and `endpoints` (printService, printEndpoints, formatEndpoints). */
export function servicePorts(svc: Service): string {
  if (svc.spec.ports.length === 0) return "<none>";
  return svc.spec.ports
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`))
    .join(",");
}

function externalIP(svc: Service): string {
  switch (svc.spec.type) {
    case "LoadBalancer": {
      const ingress = svc.status?.loadBalancer.ingress ?? [];
      return ingress.length ? ingress.map((i) => i.ip ?? i.hostname ?? "").join(",") : "<pending>";
    }
    case "ExternalName":
      return "<none>";
    default:
      return "<none>";
  }
}

export function serviceTable(services: Service[], options: PrintOptions): Table {
  const headers = ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"];
  if (options.wide) headers.push("SELECTOR");
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = services.map((svc) => {
    const row = [
      svc.metadata.name,
      svc.spec.type,
      svc.spec.clusterIP || "<none>",
      externalIP(svc),
      servicePorts(svc),
      age(options.now, svc.metadata.creationTimestamp),
    ];
    if (options.wide) row.push(formatLabels(svc.spec.selector));
    if (options.allNamespaces) row.unshift(svc.metadata.namespace);
    return row;
  });
  return { headers, rows };
}

/**
 * formatEndpoints: ready addresses as ip:port, three at most then "+ N more...". `ports` limits the ports
 * by name (describe service asks per port); subsets without ready addresses print nothing, as upstream.
 */
export function formatEndpoints(ep: Endpoints | undefined, portName?: string): string {
  if (!ep || ep.subsets.length === 0) return "<none>";
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const subset of ep.subsets) {
    if (subset.ports.length === 0) {
      count += subset.addresses.length;
      for (const a of subset.addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of subset.ports) {
      if (portName !== undefined && (port.name ?? "") !== portName) continue;
      count += subset.addresses.length;
      for (const a of subset.addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(`${a.ip}:${port.port}`);
      }
    }
  }
  const text = list.join(",");
  return more ? `${text} + ${count - max} more...` : text;
}

export function endpointsTable(list: Endpoints[], options: PrintOptions): Table {
  const headers = ["NAME", "ENDPOINTS", "AGE"];
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = list.map((ep) => {
    const row = [ep.metadata.name, formatEndpoints(ep), age(options.now, ep.metadata.creationTimestamp)];
    if (options.allNamespaces) row.unshift(ep.metadata.namespace);
    return row;
  });
  return { headers, rows };
}
