import type { ClusterEvent, ObjectReference } from "../sim/model/event.ts";

/**
 * An Event as kubectl reads it. The engine stores one Event per series (a repeat updates it, as
 * client-go's EventCorrelator does), so this is the stored Event with its object metadata and its
 * first and last timestamps under the names the printers use.
 */
export interface AggregatedEvent {
  metadata: { name: string; namespace: string; labels: Record<string, string>; creationTimestamp: number };
  event: ClusterEvent;
  type: ClusterEvent["type"];
  reason: string;
  message: string;
  involvedObject: ObjectReference;
  source: ClusterEvent["source"];
  count: number;
  firstTime: number;
  lastTime: number;
  /** seq of the latest occurrence: orders events seen at the same instant. */
  lastSeq: number;
}

export function eventNamespace(e: ClusterEvent): string {
  return e.involvedObject.namespace ?? "default";
}

/** An Event's name: its object's name and a 16-digit hex suffix, kept by the series' updates. */
export function eventName(e: ClusterEvent): string {
  return `${e.involvedObject.name}.${e.firstSeq.toString(16).padStart(16, "0")}`;
}

/** The stored Events as kubectl lists them. */
export function eventSeries(events: readonly ClusterEvent[]): AggregatedEvent[] {
  return events.map((e) => ({
    metadata: {
      name: eventName(e),
      namespace: eventNamespace(e),
      labels: {},
      creationTimestamp: e.firstTime,
    },
    event: e,
    type: e.type,
    reason: e.reason,
    message: e.message,
    involvedObject: e.involvedObject,
    source: e.source,
    count: e.count,
    firstTime: e.firstTime,
    lastTime: e.eventTime,
    lastSeq: e.seq,
  }));
}

/** Oldest last occurrence first, as event.SortableEvents sorts for describe. */
export function byLastSeen(a: AggregatedEvent, b: AggregatedEvent): number {
  return a.lastTime - b.lastTime || a.lastSeq - b.lastSeq;
}

/** Events about one object, as describe's field selector finds them (kind optional, uid when known). */
export function eventsFor(
  events: readonly ClusterEvent[],
  ref: { kind?: string; name: string; namespace?: string; uid?: string },
): AggregatedEvent[] {
  const mine = events.filter((e) => {
    const o = e.involvedObject;
    if (o.name !== ref.name) return false;
    if (ref.kind && o.kind !== ref.kind) return false;
    if ((o.namespace ?? "") !== (ref.namespace ?? "")) return false;
    return !ref.uid || !o.uid || o.uid === ref.uid;
  });
  return eventSeries(mine).sort(byLastSeen);
}
