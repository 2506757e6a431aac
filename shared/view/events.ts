import type { EventView } from "../protocol/state.ts";
import type { ClusterEvent } from "../sim/model/event.ts";

export function eventView(event: ClusterEvent): EventView {
  return {
    seq: event.seq,
    type: event.type,
    reason: event.reason,
    message: event.message,
    kind: event.involvedObject.kind,
    name: event.involvedObject.name,
    namespace: event.involvedObject.namespace ?? "",
    component: event.source.component,
    host: event.source.host ?? "",
    time: event.eventTime,
  };
}
