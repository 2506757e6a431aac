import type { ContainerStatusView, PodView, SyncedArray, SyncedMap } from "./state.ts";

/**
 * How a pod's view carries its words (what every target is handed: the room's synced state packs it
 * further, syncedPod.ts), and how it is read back as the PodView every screen reads. A pod's
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

export function ownerOf(kindCode: number, text: string, podName: string): string {
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
 * A pod's and a container's scalars at their zero: a view handed over without one (a test's) reads it
 * as this.
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

/** Each scalar of `zeros` as received, or its zero when it was not (reads through a schema's getters). */
export function withZeros<T extends object>(received: object, zeros: T): T {
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
