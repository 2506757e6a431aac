export interface ObjectReference {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  fieldPath?: string;
}

/**
 * A core/v1 Event: one per series. A recorder that reports the same thing again (same source, object,
 * type, reason and message, as client-go's EventCorrelator keys it) updates the Event it created: its
 * count grows and its last timestamp moves (kubectl's "(x4 over 2m)").
 */
export interface ClusterEvent {
  /** Position in the event stream, unique and increasing: a series' update takes a new one. */
  seq: number;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  involvedObject: ObjectReference;
  /** The component that reported it, e.g. "kubelet", "default-scheduler". */
  source: { component: string; host?: string };
  /** Simulated epoch ms of the latest occurrence (lastTimestamp). */
  eventTime: number;
  /** Occurrences in the series. */
  count: number;
  /** Simulated epoch ms of the first occurrence (firstTimestamp). */
  firstTime: number;
  /** seq of the first occurrence: the Event's name, kept by its updates. */
  firstSeq: number;
}

/** What makes two reports one series (client-go's getEventKey). */
export function eventKey(
  e: Pick<ClusterEvent, "source" | "involvedObject" | "type" | "reason" | "message">,
): string {
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
