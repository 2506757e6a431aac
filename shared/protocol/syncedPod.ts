import {
  type ContainerStatusWire,
  type PodStateView,
  podOf,
  withZeros,
  wordCode,
  wordOf,
} from "./podWire.ts";
import type { PodView, SyncedArray } from "./state.ts";

/**
 * How a pod is synced in a room (server/state/cluster.ts' PodState), and how a client reads it back as
 * the PodView every screen reads (a client: receivePods.ts). On top of the view's codes (podWire.ts):
 * - strings many pods repeat (the node, the nominated node, a container's name and image) are indices
 *   into the state's dictionary (server/state/Dictionary.ts), which sends each string once;
 * - the IPv4 address is a number (`ipText` holds any other address), the creation time ms after the
 *   session's start (an epoch time takes 9 bytes);
 * - the phase and STATUS are one number, as are a container's state and reason: they change together;
 * - the first container is fields of the pod (most pods have one: no array and no second object to
 *   address in each patch), the others are in `moreContainers`;
 * - the ready containers, their count and the restarts are not sent: the containers say them.
 * Scalars have no schema default and a zero is not sent on a new object: a client reads an absent one as
 * its zero.
 */

/** A container's states; `stateReason` is the index here plus 4 times the reason's POD_WORDS code. */
export const CONTAINER_STATES = ["", "waiting", "running", "terminated"] as const;

/** A container as synced. */
export interface SyncedContainer {
  nameWord: number;
  imageWord: number;
  stateReason: number;
  reasonText: string;
  message: string;
  lastState: string;
  ready: boolean;
  restarts: number;
  sidecar: boolean;
}

type FirstContainer = { [K in keyof SyncedContainer as `first${Capitalize<K>}`]: SyncedContainer[K] };

/** A pod as synced. `phaseStatus` is the phase's POD_WORDS code plus 8 times STATUS's. */
export type SyncedPod = Omit<
  PodStateView,
  | "phaseCode"
  | "statusCode"
  | "node"
  | "nominatedNode"
  | "ip"
  | "created"
  | "memory"
  | "defaultTolerations"
  | "readyContainers"
  | "totalContainers"
  | "restarts"
  | "containers"
  | "initContainers"
> &
  FirstContainer & {
    phaseStatus: number;
    nodeWord: number;
    nominatedWord: number;
    ipOffset: number;
    ipText: string;
    createdOffset: number;
    memoryMi: number;
    memoryBytes: number;
    defaultTolerationsMissing: number;
    /** The containers after the first; absent (most pods) while there are none. */
    moreContainers?: SyncedArray<SyncedContainer>;
    initContainers?: SyncedArray<SyncedContainer>;
  };

/** What a synced pod refers to: the state's dictionary, and the session's start (simulated ms). */
export interface WireContext {
  dictionary: SyncedArray<string>;
  session: { startTime: number };
}

/** A dotted-quad IPv4 address as a number, 0 for anything else (an IPv6 address, ""). */
export function ipv4Of(ip: string): number {
  if (!DOTTED_QUAD.test(ip)) return 0;
  let value = 0;
  for (const part of ip.split(".")) value = value * 256 + Number(part);
  // "010.0.0.1" or "256.0.0.1" would not read back as written
  return ipTextOf(value) === ip ? value : 0;
}

const DOTTED_QUAD = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

function ipTextOf(ipv4: number): string {
  return `${ipv4 >>> 24}.${(ipv4 >>> 16) & 255}.${(ipv4 >>> 8) & 255}.${ipv4 & 255}`;
}

/** 10.244.0.0: the pod network's usual base (kubeadm's and the simulation's default). */
const POD_NETWORK = 0x0af40000;

export function ipOf(offset: number, text: string): string {
  return offset !== 0 ? ipTextOf(POD_NETWORK + offset) : text;
}

const MI = 1024 * 1024;

/** The API server's DefaultTolerationSeconds admission adds two tolerations to every pod. */
export const DEFAULT_TOLERATIONS = 2;

function syncedContainer(view: ContainerStatusWire, word: (text: string) => number): SyncedContainer {
  const state = CONTAINER_STATES.indexOf(wordOf(view.stateCode, "") as (typeof CONTAINER_STATES)[number]);
  return {
    nameWord: word(view.name),
    imageWord: word(view.image),
    stateReason: Math.max(0, state) + 4 * view.reasonCode,
    reasonText: view.reasonText,
    message: view.message,
    lastState: view.lastState,
    ready: view.ready,
    restarts: view.restarts,
    sidecar: view.sidecar,
  };
}

const FIRST_FIELDS = {
  nameWord: "firstNameWord",
  imageWord: "firstImageWord",
  stateReason: "firstStateReason",
  reasonText: "firstReasonText",
  message: "firstMessage",
  lastState: "firstLastState",
  ready: "firstReady",
  restarts: "firstRestarts",
  sidecar: "firstSidecar",
} as const satisfies { [K in keyof SyncedContainer]: keyof FirstContainer };

export const NO_CONTAINER: SyncedContainer = {
  nameWord: 0,
  imageWord: 0,
  stateReason: 0,
  reasonText: "",
  message: "",
  lastState: "",
  ready: false,
  restarts: 0,
  sidecar: false,
};

function firstFields(c: SyncedContainer): FirstContainer {
  // spelled out: every pod's write goes through here
  return {
    firstNameWord: c.nameWord,
    firstImageWord: c.imageWord,
    firstStateReason: c.stateReason,
    firstReasonText: c.reasonText,
    firstMessage: c.message,
    firstLastState: c.lastState,
    firstReady: c.ready,
    firstRestarts: c.restarts,
    firstSidecar: c.sidecar,
  };
}

/**
 * A pod's view as synced in a room: `word` gives a string's index in the state's dictionary,
 * `startTime` is the session's.
 */
export function syncedPod(view: PodStateView, word: (text: string) => number, startTime: number): SyncedPod {
  const {
    phaseCode,
    statusCode,
    node,
    nominatedNode,
    ip,
    created,
    memory,
    defaultTolerations,
    readyContainers: _ready,
    totalContainers: _total,
    restarts: _restarts,
    containers,
    initContainers,
    ...rest
  } = view;
  const ipv4 = ipv4Of(ip);
  const ipOffset = ipv4 > 0 ? ipv4 - POD_NETWORK : 0;
  const [first, ...more] = containers.map((c) => syncedContainer(c, word));
  return {
    ...rest,
    phaseStatus: phaseCode + 8 * statusCode,
    nodeWord: word(node),
    nominatedWord: word(nominatedNode),
    ipOffset,
    ipText: ipOffset !== 0 ? "" : ip,
    createdOffset: created - startTime,
    memoryMi: memory % MI === 0 ? memory / MI : 0,
    memoryBytes: memory % MI === 0 ? 0 : memory,
    defaultTolerationsMissing: DEFAULT_TOLERATIONS - defaultTolerations,
    ...firstFields(first ?? NO_CONTAINER),
    moreContainers: more,
    ...(initContainers ? { initContainers: initContainers.map((c) => syncedContainer(c, word)) } : {}),
  };
}

export const memoryOf = (pod: Pick<SyncedPod, "memoryMi" | "memoryBytes">) =>
  pod.memoryMi ? pod.memoryMi * MI : pod.memoryBytes;

export const wordAt = (context: WireContext, index: number | undefined) =>
  index ? (context.dictionary.at(index) ?? "") : "";

/** A synced container read back as the view's (a test's reading of the room's own state). */
function containerViewOf(synced: SyncedContainer, context: WireContext): ContainerStatusWire {
  const c = withZeros(synced, NO_CONTAINER);
  return {
    name: wordAt(context, c.nameWord),
    image: wordAt(context, c.imageWord),
    stateCode: wordCode(CONTAINER_STATES[c.stateReason & 3] ?? "")[0],
    reasonCode: c.stateReason >> 2,
    reasonText: c.reasonText,
    message: c.message,
    lastState: c.lastState,
    ready: c.ready,
    restarts: c.restarts,
    sidecar: c.sidecar,
  };
}

export function firstOf(pod: FirstContainer): SyncedContainer {
  const out: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(FIRST_FIELDS)) out[field] = pod[name];
  return out as unknown as SyncedContainer;
}

/** A synced pod read back as its view (what a test reads of the room's own state). */
export function podStateOf(synced: SyncedPod, context: WireContext): PodStateView {
  const pod = withZeros(synced, SYNCED_ZEROS);
  const list = pod.firstNameWord ? [firstOf(pod), ...(synced.moreContainers ?? [])] : [];
  const containers = list.map((c) => containerViewOf(c, context));
  return {
    phaseCode: pod.phaseStatus & 7,
    statusCode: pod.phaseStatus >> 3,
    statusText: pod.statusText,
    node: wordAt(context, pod.nodeWord),
    nominatedNode: wordAt(context, pod.nominatedWord),
    message: pod.message,
    readyContainers: containers.filter((c) => c.ready).length,
    totalContainers: containers.length,
    restarts: containers.reduce((sum, c) => sum + c.restarts, 0),
    ip: ipOf(pod.ipOffset, pod.ipText),
    cpu: pod.cpu,
    memory: memoryOf(pod),
    created: context.session.startTime + pod.createdOffset,
    deleting: pod.deleting,
    priority: pod.priority,
    ownerKind: pod.ownerKind,
    ownerText: pod.ownerText,
    defaultTolerations: DEFAULT_TOLERATIONS - pod.defaultTolerationsMissing,
    containers,
    ...(synced.nodeSelector ? { nodeSelector: synced.nodeSelector } : {}),
    ...(synced.nodeAffinity ? { nodeAffinity: synced.nodeAffinity } : {}),
    ...(synced.tolerations ? { tolerations: synced.tolerations } : {}),
    ...(synced.initContainers
      ? { initContainers: synced.initContainers.map((c) => containerViewOf(c, context)) }
      : {}),
  };
}

/** A synced pod as a plain PodView. */
export function podOfSynced(key: string, synced: SyncedPod, context: WireContext): PodView {
  return podOf(key, podStateOf(synced, context));
}

/** A synced pod's scalars at their zero (what a client reads when one was not sent). */
export const SYNCED_ZEROS: Omit<
  SyncedPod,
  "nodeSelector" | "nodeAffinity" | "tolerations" | "moreContainers" | "initContainers"
> = {
  phaseStatus: 0,
  statusText: "",
  nodeWord: 0,
  nominatedWord: 0,
  message: "",
  ipOffset: 0,
  ipText: "",
  cpu: 0,
  memoryMi: 0,
  memoryBytes: 0,
  createdOffset: 0,
  deleting: false,
  priority: 0,
  ownerKind: 0,
  ownerText: "",
  defaultTolerationsMissing: 0,
  ...firstFields(NO_CONTAINER),
};
