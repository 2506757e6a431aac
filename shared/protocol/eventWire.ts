import { type NameWire, nameOf, nameWire, receiveName } from "./objectName.ts";
import type { EventView } from "./state.ts";
import { type WireContext, wordAt } from "./syncedPod.ts";

/**
 * How an event travels in a room, and how a client reads it back as the EventView the feed shows. Its
 * seq is its map key's; its type, reason, kind, namespace, component and node are words every event
 * repeats, so they travel as indices into the state's dictionary, and the object's name as objectName.ts
 * splits it (a pod's `web-7d4b9c-` once, its `x2x9z` as text); its times as simulated ms after the
 * session's start (an epoch time takes 9 bytes). A row never changes once written: a series' update is a
 * new row.
 */
export type EventWire = Pick<EventView, "code" | "params" | "message" | "count"> &
  NameWire & {
    typeWord: number;
    reasonWord: number;
    kindWord: number;
    namespaceWord: number;
    componentWord: number;
    hostWord: number;
    timeOffset: number;
    firstOffset?: number;
  };

/** An event's view as it travels: `word` gives a string's index in the dictionary. */
export function eventWire(
  view: EventView,
  word: (text: string) => number,
  startTime: number,
  prefixWord: (text: string) => number = word,
): EventWire {
  return {
    typeWord: word(view.type),
    reasonWord: word(view.reason),
    code: view.code,
    params: view.params,
    message: view.message,
    kindWord: word(view.kind),
    ...nameWire(view.name, prefixWord),
    namespaceWord: word(view.namespace),
    componentWord: word(view.component),
    hostWord: word(view.host),
    timeOffset: view.time - startTime,
    ...(view.count !== undefined ? { count: view.count } : {}),
    ...(view.firstTime !== undefined ? { firstOffset: view.firstTime - startTime } : {}),
  };
}

const typeOf = (context: WireContext, wire: EventWire) =>
  wordAt(context, wire.typeWord) === "Warning" ? "Warning" : "Normal";

/** A received event as a plain EventView (a test's reading of the room's state). */
export function eventOf(key: string, wire: EventWire, context: WireContext): EventView {
  const start = context.session.startTime;
  return {
    seq: Number(key),
    type: typeOf(context, wire),
    reason: wordAt(context, wire.reasonWord),
    message: wire.message ?? "",
    code: wire.code ?? 0,
    params: wire.params ?? "",
    kind: wordAt(context, wire.kindWord),
    name: nameOf(wordAt(context, wire.namePrefixWord), wire.name),
    namespace: wordAt(context, wire.namespaceWord),
    component: wordAt(context, wire.componentWord),
    host: wordAt(context, wire.hostWord),
    time: start + (wire.timeOffset ?? 0),
    ...(wire.count !== undefined ? { count: wire.count } : {}),
    ...(wire.firstOffset !== undefined ? { firstTime: start + wire.firstOffset } : {}),
  };
}

const RECEIVED = Symbol("received");

/**
 * What a client does with a new event: gives it its EventView fields, read from its key, the dictionary
 * and the session's start, once (a row never changes once written).
 */
export function receiveEvent(event: EventWire, key: string, context: WireContext): void {
  const item = event as EventWire & { [RECEIVED]?: boolean };
  if (item[RECEIVED]) return;
  item[RECEIVED] = true;
  // the fields the wire holds keep their values (the name read whole); the others are set once
  const { name: _name, message, code, params, count: _count, ...derived } = eventOf(key, item, context);
  Object.assign(item, { message, code, params }, derived);
  receiveName(item, () => wordAt(context, item.namePrefixWord));
}
