import type { ContainerStatusView, PodView, SyncedArray, SyncedMap } from "./state.ts";

/**
 * How a pod travels, and how a client turns it back into the PodView every screen reads. A pod's
 * identity (key, name, namespace) is its map key's, so it is not sent. Its phase, kubectl's STATUS and
 * each container's state and reason are a handful of words repeated by every pod, so they travel as
 * small codes: a code of 0 means "the word is in the text field" (a reason the table does not hold,
 * `Init:0/1`, or ""), so the table can grow without breaking anything.
 */

/** Pod phases, container states, and the STATUS and reasons a pod shows most. Append only. */
export const POD_WORDS = [
  "",
  "Pending",
  "Running",
  "Succeeded",
  "Failed",
  "Unknown",
  "waiting",
  "running",
  "terminated",
  "ContainerCreating",
  "PodInitializing",
  "Terminating",
  "Completed",
  "Error",
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "OOMKilled",
  "CreateContainerConfigError",
  "InvalidImageName",
  "ErrImageNeverPull",
  "StartError",
  "ContainerStatusUnknown",
  "Evicted",
  "NodeLost",
  "SchedulingGated",
  "Init:Error",
  "Init:CrashLoopBackOff",
  "Init:ImagePullBackOff",
  "Init:ErrImagePull",
  "Init:OOMKilled",
] as const;

const CODES = new Map<string, number>(POD_WORDS.map((word, code) => [word, code]));

/** A word as [code, text]: its code with no text when the table holds it, else code 0 and the word. */
export function wordCode(word: string): [code: number, text: string] {
  const code = CODES.get(word);
  return code !== undefined && code > 0 ? [code, ""] : [0, word];
}

export function wordOf(code: number, text: string): string {
  return code > 0 ? (POD_WORDS[code] ?? text) : text;
}

/** Kinds of owner whose pods are named after them, `<owner>-<suffix>` (a ReplicaSet's, a Job's ...). */
export const OWNER_KINDS = ["", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"] as const;

/** The owner a pod's name says: `web-7d4b9c-x2x9z` of ReplicaSet `web-7d4b9c`, `db-0` of StatefulSet `db`. */
function ownerNamed(kindCode: number, podName: string): string {
  const dash = podName.lastIndexOf("-");
  return dash > 0 ? `${OWNER_KINDS[kindCode]}/${podName.slice(0, dash)}` : "";
}

/** The wire's fields of a pod's owner: its kind's code alone when the pod's name says the rest. */
export function ownerWords(podName: string, owner: string): Pick<PodStateView, "ownerKind" | "ownerText"> {
  const kind = OWNER_KINDS.indexOf(owner.slice(0, owner.indexOf("/")) as (typeof OWNER_KINDS)[number]);
  return kind > 0 && ownerNamed(kind, podName) === owner
    ? { ownerKind: kind, ownerText: "" }
    : { ownerKind: 0, ownerText: owner };
}

function ownerOf(kindCode: number, text: string, podName: string): string {
  return kindCode > 0 && kindCode < OWNER_KINDS.length ? ownerNamed(kindCode, podName) : text;
}

/** The identity fields of a pod, which its map key carries. */
export type PodIdentity = Pick<PodView, "key" | "name" | "namespace">;

/** A pod's key, name and namespace from its map key ("namespace/name"). */
export function podIdentity(key: string): PodIdentity {
  const slash = key.indexOf("/");
  return { key, namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

type CodedContainerFields = "state" | "reason";

/** A container's status as it travels: its state and reason as codes. */
export type ContainerStatusWire = Omit<ContainerStatusView, CodedContainerFields> & {
  stateCode: number;
  reasonCode: number;
  reasonText: string;
};

type CodedPodFields =
  | keyof PodIdentity
  | "phase"
  | "status"
  | "owner"
  | "containers"
  | "initContainers"
  | "nodeSelector"
  | "nodeAffinity"
  | "tolerations";

/**
 * A pod as it travels: without its identity, phase and STATUS as codes, containers likewise, and its
 * owner as a kind's code when the pod's name says the owner's (else the owner's text).
 */
export type PodStateView = Omit<PodView, CodedPodFields> & {
  phaseCode: number;
  statusCode: number;
  statusText: string;
  ownerKind: number;
  ownerText: string;
  containers: SyncedArray<ContainerStatusWire>;
  /** Absent while empty (most pods): a client reads an absent one as empty. */
  initContainers?: SyncedArray<ContainerStatusWire>;
  nodeSelector?: SyncedMap<string>;
  nodeAffinity?: SyncedArray<string>;
  tolerations?: SyncedArray<string>;
};

/** The wire's fields of a container's state and reason. */
export function containerWords(
  state: string,
  reason: string,
): Pick<ContainerStatusWire, "stateCode" | "reasonCode" | "reasonText"> {
  const [reasonCode, reasonText] = wordCode(reason);
  return { stateCode: wordCode(state)[0], reasonCode, reasonText };
}

/** The wire's fields of a pod's phase and STATUS. */
export function podWords(
  phase: string,
  status: string,
): Pick<PodStateView, "phaseCode" | "statusCode" | "statusText"> {
  const [statusCode, statusText] = wordCode(status);
  return { phaseCode: wordCode(phase)[0], statusCode, statusText };
}

/**
 * A container as it travels in a room: its name and image as indices into the state's dictionary
 * (server/state/Dictionary.ts), which sends each such string once.
 */
export type ContainerWire = Omit<ContainerStatusWire, "name" | "image"> & {
  nameWord: number;
  imageWord: number;
};

/**
 * A pod as it travels in a room: its node and nominated node as indices into the state's dictionary,
 * its IPv4 address as a number (`ipText` holds any other address), its creation as simulated ms after
 * the session's start (a small number: an epoch time takes 9 bytes), its containers as ContainerWire.
 */
export type PodWire = Omit<
  PodStateView,
  "node" | "nominatedNode" | "ip" | "created" | "containers" | "initContainers"
> & {
  nodeWord: number;
  nominatedWord: number;
  ipv4: number;
  ipText: string;
  createdOffset: number;
  containers: SyncedArray<ContainerWire>;
  initContainers?: SyncedArray<ContainerWire>;
};

/** A dotted-quad IPv4 address as a number, 0 for anything else (an IPv6 address, ""). */
export function ipv4Of(ip: string): number {
  const parts = ip.split(".");
  if (parts.length !== 4) return 0;
  let value = 0;
  for (const part of parts) {
    const byte = Number(part);
    if (!/^\d{1,3}$/.test(part) || byte > 255) return 0;
    value = value * 256 + byte;
  }
  return ipTextOf(value) === ip ? value : 0;
}

function ipTextOf(ipv4: number): string {
  return `${ipv4 >>> 24}.${(ipv4 >>> 16) & 255}.${(ipv4 >>> 8) & 255}.${ipv4 & 255}`;
}

function ipOf(ipv4: number, text: string): string {
  return ipv4 > 0 ? ipTextOf(ipv4) : text;
}

function containerWire(view: ContainerStatusWire, word: (text: string) => number): ContainerWire {
  const { name, image, ...rest } = view;
  return { ...rest, nameWord: word(name), imageWord: word(image) };
}

/** What a pod's wire refers to: the state's dictionary, and the session's start (simulated ms). */
export interface WireContext {
  dictionary: SyncedArray<string>;
  session: { startTime: number };
}

/**
 * A pod's view as it travels in a room: `word` gives a string's index in the state's dictionary,
 * `startTime` is the session's.
 */
export function podWire(view: PodStateView, word: (text: string) => number, startTime: number): PodWire {
  const { node, nominatedNode, ip, created, containers, initContainers, ...rest } = view;
  const ipv4 = ipv4Of(ip);
  return {
    ...rest,
    createdOffset: created - startTime,
    nodeWord: word(node),
    nominatedWord: word(nominatedNode),
    ipv4,
    ipText: ipv4 > 0 ? "" : ip,
    containers: containers.map((c) => containerWire(c, word)),
    ...(initContainers ? { initContainers: initContainers.map((c) => containerWire(c, word)) } : {}),
  };
}

const wordAt = (dictionary: SyncedArray<string>, index: number | undefined) =>
  index ? (dictionary.at(index) ?? "") : "";

function containerStateOf(wire: ContainerWire, dictionary: SyncedArray<string>): ContainerStatusWire {
  const { nameWord, imageWord, ...rest } = withZeros(wire, CONTAINER_WIRE_ZEROS);
  return { ...rest, name: wordAt(dictionary, nameWord), image: wordAt(dictionary, imageWord) };
}

/** A pod as received in a room read back as its view (what a test reads of the room's own state). */
export function podStateOf(wire: PodWire, context: WireContext): PodStateView {
  const { dictionary } = context;
  const { nodeWord, nominatedWord, ipv4, ipText, createdOffset, ...rest } = withZeros(wire, POD_WIRE_ZEROS);
  return {
    ...rest,
    created: context.session.startTime + createdOffset,
    node: wordAt(dictionary, nodeWord),
    nominatedNode: wordAt(dictionary, nominatedWord),
    ip: ipOf(ipv4, ipText),
    containers: wire.containers.map((c) => containerStateOf(c, dictionary)),
    ...(wire.nodeSelector ? { nodeSelector: wire.nodeSelector } : {}),
    ...(wire.nodeAffinity ? { nodeAffinity: wire.nodeAffinity } : {}),
    ...(wire.tolerations ? { tolerations: wire.tolerations } : {}),
    ...(wire.initContainers
      ? { initContainers: wire.initContainers.map((c) => containerStateOf(c, dictionary)) }
      : {}),
  };
}

const RECEIVED = Symbol("received");

type Received = Record<string | symbol, unknown>;

/**
 * A pod's and a container's scalars at their zero: the server does not send the zeros a new pod starts
 * with (server/state/cluster.ts), so a client reads an absent scalar as this.
 */
const CONTAINER_ZEROS: Omit<ContainerStatusWire, never> = {
  name: "",
  image: "",
  stateCode: 0,
  reasonCode: 0,
  reasonText: "",
  message: "",
  lastState: "",
  ready: false,
  restarts: 0,
  sidecar: false,
};

const POD_ZEROS: Omit<
  PodStateView,
  "nodeSelector" | "nodeAffinity" | "tolerations" | "containers" | "initContainers"
> = {
  phaseCode: 0,
  statusCode: 0,
  statusText: "",
  node: "",
  nominatedNode: "",
  message: "",
  readyContainers: 0,
  totalContainers: 0,
  restarts: 0,
  ip: "",
  cpu: 0,
  memory: 0,
  created: 0,
  deleting: false,
  priority: 0,
  ownerKind: 0,
  ownerText: "",
  defaultTolerations: 0,
};

const { name: _name, image: _image, ...CONTAINER_WIRE_REST } = CONTAINER_ZEROS;
const CONTAINER_WIRE_ZEROS: Omit<ContainerWire, never> = {
  ...CONTAINER_WIRE_REST,
  nameWord: 0,
  imageWord: 0,
};

const { node: _node, nominatedNode: _nominated, ip: _ip, created: _created, ...POD_WIRE_REST } = POD_ZEROS;
const POD_WIRE_ZEROS: Omit<
  PodWire,
  "nodeSelector" | "nodeAffinity" | "tolerations" | "containers" | "initContainers"
> = { ...POD_WIRE_REST, nodeWord: 0, nominatedWord: 0, ipv4: 0, ipText: "", createdOffset: 0 };

function fillZeros(target: Received, zeros: object): void {
  for (const [name, zero] of Object.entries(zeros)) if (target[name] === undefined) target[name] = zero;
}

/** Each scalar of `zeros` as received, or its zero when it was not (reads through a schema's getters). */
function withZeros<T extends object>(received: object, zeros: T): T {
  const out: Record<string, unknown> = {};
  const source = received as Record<string, unknown>;
  for (const [name, zero] of Object.entries(zeros)) out[name] = source[name] ?? zero;
  return out as T;
}

/** A received container status as a plain ContainerStatusView (a replay's, a test's). */
export function containerStatusOf(received: ContainerStatusWire): ContainerStatusView {
  const { stateCode, reasonCode, reasonText, ...rest } = withZeros(received, CONTAINER_ZEROS);
  return { ...rest, state: wordOf(stateCode, ""), reason: wordOf(reasonCode, reasonText) };
}

/** A received pod as a plain PodView (what a replay's target holds). */
export function podOf(key: string, received: PodStateView): PodView {
  const wire: PodStateView = {
    ...withZeros(received, POD_ZEROS),
    nodeSelector: received.nodeSelector ?? new Map(),
    nodeAffinity: received.nodeAffinity ?? [],
    tolerations: received.tolerations ?? [],
    containers: received.containers,
    initContainers: received.initContainers ?? [],
  };
  const {
    phaseCode,
    statusCode,
    statusText,
    ownerKind,
    ownerText,
    containers,
    initContainers,
    nodeSelector,
    nodeAffinity,
    tolerations,
    ...rest
  } = wire;
  const identity = podIdentity(key);
  return {
    ...identity,
    ...rest,
    phase: wordOf(phaseCode, ""),
    status: wordOf(statusCode, statusText),
    owner: ownerOf(ownerKind, ownerText, identity.name),
    nodeSelector: nodeSelector ?? new Map(),
    nodeAffinity: nodeAffinity ?? [],
    tolerations: tolerations ?? [],
    containers: containers.map(containerStatusOf),
    initContainers: (initContainers ?? []).map(containerStatusOf),
  };
}

/** A pod as received in a room, as a plain PodView. */
export function podOfWire(key: string, wire: PodWire, context: WireContext): PodView {
  return podOf(key, podStateOf(wire, context));
}

function define(target: Received, name: string, get: () => unknown): void {
  Object.defineProperty(target, name, { get, enumerable: true, configurable: true });
}

/** The container lists a pod was last seen with, and their lengths: unchanged lists are not walked. */
const SEEN = Symbol("seen");

function receiveContainers(list: SyncedArray<ContainerWire> | undefined, context: WireContext): void {
  list?.forEach((c) => {
    const item = c as unknown as Received;
    if (item[RECEIVED]) return;
    item[RECEIVED] = true;
    // a later patch sets values, never unsets one: what was not sent at first stays at its zero till sent
    fillZeros(item, CONTAINER_WIRE_ZEROS);
    define(item, "name", () => wordAt(context.dictionary, c.nameWord));
    define(item, "image", () => wordAt(context.dictionary, c.imageWord));
    define(item, "state", () => wordOf(c.stateCode, ""));
    define(item, "reason", () => wordOf(c.reasonCode, c.reasonText));
  });
}

/**
 * What a client does with the pods of each patch it decodes: sets each new pod's identity from its key,
 * reads a scalar the server did not send as its zero, and gives every pod and container its words (read
 * from the codes and the state's dictionary each time, so a later patch that changes a code changes the
 * word), so every screen reads a PodView. `context` is the state the pods belong to (its dictionary and
 * session are read when a pod's field is). A pod keeps its key for life. A pod seen before costs a few
 * comparisons (its container lists are walked again only when one is new or changed length).
 */
export function receivePods(pods: SyncedMap<PodWire>, context: WireContext): void {
  pods.forEach((pod, key) => {
    const item = pod as unknown as Received;
    if (!item[RECEIVED]) {
      item[RECEIVED] = true;
      fillZeros(item, POD_WIRE_ZEROS);
      fillZeros(item, { nodeSelector: new Map(), nodeAffinity: [], tolerations: [], initContainers: [] });
      const identity = podIdentity(key);
      Object.assign(item, identity);
      // read through the context each time: a client's decoder may replace the dictionary or the session
      define(item, "node", () => wordAt(context.dictionary, pod.nodeWord));
      define(item, "nominatedNode", () => wordAt(context.dictionary, pod.nominatedWord));
      define(item, "ip", () => ipOf(pod.ipv4, pod.ipText));
      define(item, "created", () => context.session.startTime + pod.createdOffset);
      define(item, "phase", () => wordOf(pod.phaseCode, ""));
      define(item, "status", () => wordOf(pod.statusCode, pod.statusText));
      define(item, "owner", () => ownerOf(pod.ownerKind, pod.ownerText, identity.name));
    }
    const { containers, initContainers } = pod;
    const seen = item[SEEN] as [unknown, number, unknown, number] | undefined;
    if (
      seen &&
      seen[0] === containers &&
      seen[1] === containers.length &&
      seen[2] === initContainers &&
      seen[3] === (initContainers?.length ?? 0)
    )
      return;
    item[SEEN] = [containers, containers.length, initContainers, initContainers?.length ?? 0];
    receiveContainers(containers, context);
    receiveContainers(initContainers, context);
  });
}
