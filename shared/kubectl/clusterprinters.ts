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

/**
 * `kubectl events` (printOneEvent): LAST SEEN with the series ("2m (x6 over 6m38s)"), and the object as
 * Kind/name, capitalised, where `kubectl get events` prints kind/name.
 */
export function kubectlEventsTable(events: AggregatedEvent[], options: PrintOptions): Table {
  const headers = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
  if (options.allNamespaces) headers.unshift("NAMESPACE");
  const rows = events.map((e) => {
    const last = age(options.now, e.lastTime);
    const interval = e.count > 1 ? `${last} (x${e.count} over ${age(options.now, e.firstTime)})` : last;
    const o = e.involvedObject;
    const row = [interval, e.type, e.reason, `${o.kind}/${o.name}`, e.message.trim()];
    if (options.allNamespaces) row.unshift(e.metadata.namespace);
    return row;
  });
  return { headers, rows };
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
