import { TICK_MS } from "../sim/engine/Engine.ts";
import { type EventWire, receiveEvent } from "./eventWire.ts";
import { type NodeStateView, receiveNodes } from "./nodeWire.ts";
import { receiveContainer, receivePod, receivePods } from "./receivePods.ts";
import { type RequestWire, receiveRequest } from "./requestWire.ts";
import type { PodView, ServiceView, SessionView, SyncedArray, SyncedMap } from "./state.ts";
import type { SyncedContainer, SyncedPod, WireContext } from "./syncedPod.ts";
import { receiveWorkload, type SyncedWorkload } from "./workloadWire.ts";

/**
 * The session as it travels: without `now`, which is always startTime + tick * TICK_MS (the engine's
 * clock moves only by ticks), so a tick's change does not carry a 9-byte time beside it.
 */
/** The session as it travels: no `now` (startTime + tick * TICK_MS), `tickedAt` after a wall-clock base. */
export type SessionWire = Omit<SessionView, "now" | "tickedAt"> & { wallStart: number; tickedOffset: number };

const RECEIVED = Symbol("received");

function receiveSession(session: SessionWire): void {
  const item = session as SessionWire & { [RECEIVED]?: boolean };
  if (item[RECEIVED]) return;
  item[RECEIVED] = true;
  Object.defineProperty(item, "now", {
    get: () => session.startTime + session.tick * TICK_MS,
    enumerable: true,
    configurable: true,
  });
  Object.defineProperty(item, "tickedAt", {
    get: () => session.wallStart + session.tickedOffset,
    enumerable: true,
    configurable: true,
  });
}

/** A Service as it travels: without its count of ready endpoints, which is its addresses' size. */
export type ServiceWire = Omit<ServiceView, "endpoints">;

function receiveService(service: ServiceWire): void {
  const item = service as ServiceWire & { [RECEIVED]?: boolean };
  if (item[RECEIVED]) return;
  item[RECEIVED] = true;
  Object.defineProperty(item, "endpoints", {
    get: () => service.addresses.size,
    enumerable: true,
    configurable: true,
  });
}

/** The parts of the synced state a client completes after each patch. */
export interface ReceivedState {
  session?: SessionWire;
  pods?: SyncedMap<SyncedPod>;
  nodes?: SyncedMap<NodeStateView>;
  requests?: SyncedMap<RequestWire>;
  events?: SyncedMap<EventWire>;
  workloads?: SyncedMap<SyncedWorkload>;
  services?: SyncedMap<ServiceWire>;
  dictionary?: SyncedArray<string>;
}

type AddedHandler = (item: never, key: string) => void;

/** What `receiveAdditions` needs of Colyseus' callbacks (`Callbacks.get(room)`). */
export interface AdditionCallbacks {
  /** An entry added to a collection of the root state. */
  onAdd(collection: keyof ReceivedState, handler: AddedHandler): unknown;
  /** An entry added to a collection of one object (a pod's init containers). */
  onAdd(instance: object, collection: string, handler: AddedHandler): unknown;
}

/**
 * Completes each pod (and its init containers), API request, event, workload and Service as it arrives
 * (Colyseus' onAdd, after the patch that brings it is decoded whole), so `receiveState` need not walk
 * them after every patch: the pods, the last 200 events and 100 requests looked at again by every
 * client after every patch were most of a client's work. `state` is the room's state the items belong
 * to (its dictionary and session).
 */
export function receiveAdditions(callbacks: AdditionCallbacks, state: () => ReceivedState): void {
  const context = () => state() as WireContext;
  callbacks.onAdd("pods", (pod: SyncedPod, key) => {
    receivePod(pod, key, context());
    callbacks.onAdd(pod, "initContainers", (c: SyncedContainer) => receiveContainer(c, context()));
  });
  callbacks.onAdd("requests", (request: RequestWire, key) => receiveRequest(request, key, context()));
  callbacks.onAdd("events", (event: EventWire, key) => receiveEvent(event, key, context()));
  callbacks.onAdd("workloads", (workload: SyncedWorkload) => receiveWorkload(workload));
  callbacks.onAdd("services", (service: ServiceWire) => receiveService(service));
}

/**
 * What a client (the browser's connection, a test's) does after each patch it decodes: completes what
 * travels lean, so every screen reads the ClassroomStateView of shared/protocol/state.ts: the pods (their
 * identity, words and the dictionary's strings), the API requests, the events, the workloads and the
 * Services (unless `receiveAdditions` does as they arrive), then the nodes (what their pods request).
 */
export function receiveState(state: ReceivedState | undefined, additionsReceived = false): void {
  if (state?.session) receiveSession(state.session);
  if (!state?.pods || !state.dictionary || !state.session) return;
  if (!additionsReceived) {
    const context = state as WireContext;
    receivePods(state.pods, context);
    state.requests?.forEach((request, key) => {
      receiveRequest(request, key, context);
    });
    state.events?.forEach((event, key) => {
      receiveEvent(event, key, context);
    });
    state.workloads?.forEach(receiveWorkload);
    state.services?.forEach(receiveService);
  }
  if (state.nodes) receiveNodes(state.nodes, state.pods as unknown as SyncedMap<PodView>);
}
