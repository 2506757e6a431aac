/** A core/v1 Event, one per occurrence (the engine does not aggregate). */
export interface ObjectReference {
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  fieldPath?: string;
}

export interface ClusterEvent {
  /** Position in the event stream, unique and increasing. */
  seq: number;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  involvedObject: ObjectReference;
  /** The component that reported it, e.g. "kubelet", "default-scheduler". */
  source: { component: string; host?: string };
  /** Simulated epoch ms. */
  eventTime: number;
}
