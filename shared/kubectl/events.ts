import type { ClusterEvent, ObjectReference } from "../sim/model/event.ts";

/**
 * The engine records one Event per occurrence; a real cluster's event recorder (client-go's
 * EventCorrelator) folds identical ones (same source, object, type, reason and message) into one Event
 * whose count grows and whose lastTimestamp moves. kubectl shows the folded form ("(x4 over 2m)"), so
 * the printers aggregate here, in presentation only.
 */
export interface AggregatedEvent {
  metadata: { name: string; namespace: string; labels: Record<string, string>; creationTimestamp: number };
  first: ClusterEvent;
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

function keyOf(e: ClusterEvent): string {
  const o = e.involvedObject;
  return [
    e.source.component,
    e.source.host ?? "",
    o.kind,
    o.namespace ?? "",
    o.name,
    o.uid ?? "",
    o.fieldPath ?? "",
    e.type,
    e.reason,
    e.message,
  ].join("\u0000");
}

export function eventNamespace(e: ClusterEvent): string {
  return e.involvedObject.namespace ?? "default";
}

/** Folds identical events, in order of first occurrence. */
export function aggregateEvents(events: readonly ClusterEvent[]): AggregatedEvent[] {
  const byKey = new Map<string, AggregatedEvent>();
  for (const e of events) {
    const key = keyOf(e);
    const existing = byKey.get(key);
    if (existing) {
      existing.count++;
      existing.lastTime = e.eventTime;
      existing.lastSeq = e.seq;
      continue;
    }
    byKey.set(key, {
      metadata: {
        name: `${e.involvedObject.name}.${e.seq.toString(16).padStart(16, "0")}`,
        namespace: eventNamespace(e),
        labels: {},
        creationTimestamp: e.eventTime,
      },
      first: e,
      type: e.type,
      reason: e.reason,
      message: e.message,
      involvedObject: e.involvedObject,
      source: e.source,
      count: 1,
      firstTime: e.eventTime,
      lastTime: e.eventTime,
      lastSeq: e.seq,
    });
  }
  return [...byKey.values()];
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
  return aggregateEvents(mine).sort(byLastSeen);
}
