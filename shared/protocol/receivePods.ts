import { ownerOf, podIdentity, wordOf } from "./podWire.ts";
import type { ContainerStatusView, PodView, SyncedArray, SyncedMap } from "./state.ts";
import {
  CONTAINER_STATES,
  DEFAULT_TOLERATIONS,
  firstOf,
  ipOf,
  memoryOf,
  NO_CONTAINER,
  SYNCED_ZEROS,
  type SyncedContainer,
  type SyncedPod,
  type WireContext,
  wordAt,
} from "./syncedPod.ts";

/**
 * How a client reads the pods of a room (synced as syncedPod.ts says) as the PodView every screen reads:
 * each field a getter over what is synced, so a later patch that changes a code changes the word.
 */

type Received = Record<string | symbol, unknown>;

const RECEIVED = Symbol("received");
/** The init containers' list a pod was last seen with, and its length. */
const SEEN = Symbol("seen");
/** The pod's containers as a client reads them, and the list of the others they were built from. */
const CONTAINERS = Symbol("containers");

function fillZeros(target: Received, zeros: object): void {
  for (const [name, zero] of Object.entries(zeros)) if (target[name] === undefined) target[name] = zero;
}

function define(target: object, name: string, get: () => unknown): void {
  Object.defineProperty(target, name, { get, enumerable: true, configurable: true });
}

/** Gives a synced container (or the pod's first) the ContainerStatusView fields, read through `read`. */
function defineContainer(target: object, read: () => SyncedContainer, context: WireContext): void {
  define(target, "name", () => wordAt(context, read().nameWord));
  define(target, "image", () => wordAt(context, read().imageWord));
  define(target, "state", () => CONTAINER_STATES[read().stateReason & 3] ?? "");
  define(target, "reason", () => wordOf(read().stateReason >> 2, read().reasonText));
}

export function receiveContainer(c: SyncedContainer, context: WireContext): void {
  const item = c as unknown as Received;
  if (item[RECEIVED]) return;
  item[RECEIVED] = true;
  // a later patch sets values, never unsets one: what was not sent at first stays at its zero till sent
  fillZeros(item, NO_CONTAINER);
  defineContainer(item, () => c, context);
}

function receiveContainers(list: SyncedArray<SyncedContainer> | undefined, context: WireContext): void {
  list?.forEach((c) => {
    receiveContainer(c, context);
  });
}

/** The pod's first container as a ContainerStatusView whose fields read the pod's. */
function firstContainer(pod: SyncedPod, context: WireContext): ContainerStatusView {
  const first = {} as ContainerStatusView;
  const read = () => firstOf(pod);
  defineContainer(first, read, context);
  for (const field of ["message", "lastState", "ready", "restarts", "sidecar"] as const)
    define(first, field, () => read()[field]);
  return first;
}

/** The pod's first container as a client reads it (fields of the pod). */
const FIRST = Symbol("first");

/**
 * The pod's containers as a client reads them: the first (fields of the pod) and the others, kept while
 * the list of the others is the one they were built from.
 */
function containersOf(pod: SyncedPod, context: WireContext): ContainerStatusView[] {
  const item = pod as unknown as Received;
  const { moreContainers } = pod;
  const kept = item[CONTAINERS] as [unknown, number, ContainerStatusView[]] | undefined;
  if (kept && kept[0] === moreContainers && kept[1] === (moreContainers?.length ?? 0)) return kept[2];
  receiveContainers(moreContainers, context);
  item[FIRST] ??= firstContainer(pod, context);
  const more = (moreContainers ?? []) as unknown as ContainerStatusView[];
  const list = pod.firstNameWord > 0 ? [item[FIRST] as ContainerStatusView, ...more] : [];
  item[CONTAINERS] = [moreContainers, moreContainers?.length ?? 0, list];
  return list;
}

/** Receives a pod's init containers when their list is new or changed length. */
function receiveInitContainers(pod: SyncedPod, context: WireContext): void {
  const item = pod as unknown as Received;
  const { initContainers } = pod;
  const seen = item[SEEN] as [unknown, number] | undefined;
  if (seen && seen[0] === initContainers && seen[1] === (initContainers?.length ?? 0)) return;
  item[SEEN] = [initContainers, initContainers?.length ?? 0];
  receiveContainers(initContainers, context);
}

/**
 * What a client does with the pods of each patch it decodes: sets each new pod's identity from its key,
 * reads a scalar the server did not send as its zero, and gives every pod and container the PodView's
 * fields, read from what is synced each time it is read (so a later patch that changes a code changes
 * the word). `context` is the state the pods belong to: its dictionary and session are read when a field
 * is (a client's decoder may replace them). A pod keeps its key for life. A pod seen before costs two
 * comparisons (its init containers' list; the other containers are looked at when read).
 */
export function receivePods(pods: SyncedMap<SyncedPod>, context: WireContext): void {
  pods.forEach((pod, key) => {
    const item = pod as unknown as Received;
    if (!item[RECEIVED]) receivePod(pod, key, context);
    receiveInitContainers(pod, context);
  });
}

/** The state a received pod belongs to (its dictionary and session). */
const CONTEXT = Symbol("context");

type ReceivedPod = SyncedPod & Pick<PodView, "key" | "name" | "namespace"> & { [CONTEXT]: WireContext };

const EMPTY_MAP: ReadonlyMap<string, string> = new Map();
const EMPTY_LIST: readonly never[] = Object.freeze([]);

/**
 * The PodView's fields every received pod reads, as getters, and the zero of every scalar and collection
 * the server did not send: put once on the class the client's decoder made for pods (a decoded field is
 * the object's own property, so it hides the zero), not on each of thousands of pods.
 */
const POD_FIELDS: { [name: string]: (this: ReceivedPod) => unknown } = {
  phase() {
    return wordOf(this.phaseStatus & 7, "");
  },
  status() {
    return wordOf(this.phaseStatus >> 3, this.statusText);
  },
  owner() {
    return ownerOf(this.ownerKind, this.ownerText, this.name);
  },
  node() {
    return wordAt(this[CONTEXT], this.nodeWord);
  },
  nominatedNode() {
    return wordAt(this[CONTEXT], this.nominatedWord);
  },
  ip() {
    return ipOf(this.ipOffset, this.ipText);
  },
  memory() {
    return memoryOf(this);
  },
  defaultTolerations() {
    return DEFAULT_TOLERATIONS - this.defaultTolerationsMissing;
  },
  created() {
    return this[CONTEXT].session.startTime + this.createdOffset;
  },
  containers() {
    return containersOf(this, this[CONTEXT]);
  },
  readyContainers() {
    return containersOf(this, this[CONTEXT]).filter((c) => c.ready).length;
  },
  totalContainers() {
    return containersOf(this, this[CONTEXT]).length;
  },
  restarts() {
    return containersOf(this, this[CONTEXT]).reduce((sum, c) => sum + c.restarts, 0);
  },
};

const PREPARED = Symbol("prepared");

function preparePodClass(prototype: Received): void {
  if (Object.hasOwn(prototype, PREPARED)) return;
  Object.defineProperty(prototype, PREPARED, { value: true });
  const zeros = {
    ...SYNCED_ZEROS,
    nodeSelector: EMPTY_MAP,
    nodeAffinity: EMPTY_LIST,
    tolerations: EMPTY_LIST,
    initContainers: EMPTY_LIST,
  };
  for (const [name, zero] of Object.entries(zeros))
    Object.defineProperty(prototype, name, { value: zero, writable: true, configurable: true });
  for (const [name, get] of Object.entries(POD_FIELDS))
    Object.defineProperty(prototype, name, { get, configurable: true });
}

export function receivePod(pod: SyncedPod, key: string, context: WireContext): void {
  const item = pod as unknown as Received;
  if (item[RECEIVED]) return;
  item[RECEIVED] = true;
  preparePodClass(Object.getPrototypeOf(pod) as Received);
  item[CONTEXT] = context;
  Object.assign(item, podIdentity(key));
}
