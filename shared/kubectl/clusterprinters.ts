import type { Lease, Namespace } from "../sim/model/cluster.ts";
import type { AggregatedEvent } from "./events.ts";
import { age, eventObject, type PrintOptions, type Table } from "./printers.ts";

/** `kubectl get namespaces`, `leases` and `events` (printNamespace, printLease, printEvent). */
export function namespaceTable(namespaces: Namespace[], options: PrintOptions): Table {
  return {
    headers: ["NAME", "STATUS", "AGE"],
    rows: namespaces.map((ns) => [
      ns.metadata.name,
      ns.status.phase,
      age(options.now, ns.metadata.creationTimestamp),
    ]),
  };
}

export function leaseTable(leases: Lease[], options: PrintOptions): Table {
  const headers = ["NAME", "HOLDER", "AGE"];
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = leases.map((lease) => {
    const row = [
      lease.metadata.name,
      lease.spec.holderIdentity,
      age(options.now, lease.metadata.creationTimestamp),
    ];
    if (options.allNamespaces) row.unshift(lease.metadata.namespace);
    return row;
  });
  return { headers, rows };
}

function eventSource(e: AggregatedEvent): string {
  return e.source.host ? `${e.source.component}, ${e.source.host}` : e.source.component;
}

export function eventTable(events: AggregatedEvent[], options: PrintOptions): Table {
  const headers = options.wide
    ? [
        "LAST SEEN",
        "TYPE",
        "REASON",
        "OBJECT",
        "SUBOBJECT",
        "SOURCE",
        "MESSAGE",
        "FIRST SEEN",
        "COUNT",
        "NAME",
      ]
    : ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = events.map((e) => {
    const last = age(options.now, e.lastTime);
    const row = options.wide
      ? [
          last,
          e.type,
          e.reason,
          eventObject(e),
          e.involvedObject.fieldPath ?? "",
          eventSource(e),
          e.message.trim(),
          age(options.now, e.firstTime),
          String(e.count),
          e.metadata.name,
        ]
      : [last, e.type, e.reason, eventObject(e), e.message.trim()];
    if (options.allNamespaces) row.unshift(e.metadata.namespace);
    return row;
  });
  return { headers, rows };
}
