import type { EventView } from "../protocol/state.ts";
import type { ClusterEvent } from "../sim/model/event.ts";
import { codeOf } from "./eventTemplates.ts";

/** An event as a view shows it: Kubernetes' frequent messages as a code and parameters (eventTemplates.ts). */
export function eventView(event: ClusterEvent): EventView {
  const words = {
    reason: event.reason,
    message: event.message,
    component: event.source.component,
    namespace: event.involvedObject.namespace ?? "",
    name: event.involvedObject.name,
    host: event.source.host ?? "",
  };
  const { code, params } = codeOf(words);
  return {
    seq: event.seq,
    type: event.type,
    reason: event.reason,
    message: code > 0 ? "" : event.message,
    code,
    params,
    kind: event.involvedObject.kind,
    name: words.name,
    namespace: words.namespace,
    component: code > 0 ? "" : words.component,
    host: words.host,
    time: event.eventTime,
    // a series of one says nothing more (and costs nothing on the wire)
    ...(event.count > 1 ? { count: event.count, firstTime: event.firstTime } : {}),
  };
}
