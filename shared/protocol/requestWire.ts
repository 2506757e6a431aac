import { type NameWire, nameOf, nameWire, receiveName } from "./objectName.ts";
import type { RequestView } from "./state.ts";
import type { WireContext } from "./syncedPod.ts";

/**
 * How an API request travels in a room, and how a client reads it back as the RequestView the board
 * draws. Its seq is its map key's; its seat, verb, resource and namespace are a few strings every
 * request repeats, so they travel as indices into the state's dictionary; its time as simulated ms after
 * the session's start (an epoch time takes 9 bytes).
 */
export type RequestWire = Pick<RequestView, "code"> &
  NameWire & {
    timeOffset: number;
    seatWord: number;
    verbWord: number;
    resourceWord: number;
    namespaceWord: number;
  };

/** A request's view as it travels: `word` gives a string's index in the dictionary. */
export function requestWire(
  view: RequestView,
  word: (text: string) => number,
  startTime: number,
  prefixWord: (text: string) => number = word,
): RequestWire {
  return {
    ...nameWire(view.name, prefixWord),
    code: view.code,
    timeOffset: view.time - startTime,
    seatWord: word(view.seat),
    verbWord: word(view.verb),
    resourceWord: word(view.resource),
    namespaceWord: word(view.namespace),
  };
}

const wordAt = (context: WireContext, index: number | undefined) =>
  index ? (context.dictionary.at(index) ?? "") : "";

/** A received request as a plain RequestView (a test's reading of the room's state). */
export function requestOf(key: string, wire: RequestWire, context: WireContext): RequestView {
  return {
    seq: Number(key),
    time: context.session.startTime + (wire.timeOffset ?? 0),
    seat: wordAt(context, wire.seatWord),
    verb: wordAt(context, wire.verbWord),
    resource: wordAt(context, wire.resourceWord),
    namespace: wordAt(context, wire.namespaceWord),
    name: nameOf(wordAt(context, wire.namePrefixWord), wire.name),
    code: wire.code ?? 0,
  };
}

const RECEIVED = Symbol("received");

function define(target: object, name: string, get: () => unknown): void {
  Object.defineProperty(target, name, { get, enumerable: true, configurable: true });
}

/**
 * What a client does with a new request: gives it its RequestView fields, read from its key, the
 * dictionary and the session's start (a request never changes once written).
 */
export function receiveRequest(request: RequestWire, key: string, context: WireContext): void {
  const item = request as RequestWire & { [RECEIVED]?: boolean };
  if (item[RECEIVED]) return;
  item[RECEIVED] = true;
  item.code ??= 0;
  const seq = Number(key);
  receiveName(item, () => wordAt(context, request.namePrefixWord));
  define(item, "seq", () => seq);
  define(item, "time", () => context.session.startTime + (request.timeOffset ?? 0));
  define(item, "seat", () => wordAt(context, request.seatWord));
  define(item, "verb", () => wordAt(context, request.verbWord));
  define(item, "resource", () => wordAt(context, request.resourceWord));
  define(item, "namespace", () => wordAt(context, request.namespaceWord));
}
