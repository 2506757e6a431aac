import { TICK_MS } from "../sim/engine/Engine.ts";
import { type EventWire, receiveEvents } from "./eventWire.ts";
import { type NodeStateView, receiveNodes } from "./nodeWire.ts";
import { receivePods } from "./receivePods.ts";
import { type RequestWire, receiveRequests } from "./requestWire.ts";
import type { PodView, ServiceView, SessionView, SyncedArray, SyncedMap } from "./state.ts";
import type { SyncedPod, WireContext } from "./syncedPod.ts";
import { receiveWorkloads, type SyncedWorkload } from "./workloadWire.ts";

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

function receiveServices(services: SyncedMap<ServiceWire>): void {
  services.forEach((service) => {
    const item = service as ServiceWire & { [RECEIVED]?: boolean };
    if (item[RECEIVED]) return;
    item[RECEIVED] = true;
    Object.defineProperty(item, "endpoints", {
      get: () => service.addresses.size,
      enumerable: true,
      configurable: true,
    });
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

/**
 * What a client (the browser's connection, a test's) does after each patch it decodes: completes what
 * travels lean, so every screen reads the ClassroomStateView of shared/protocol/state.ts. The pods first
 * (their identity, words and the dictionary's strings), the API requests, the events, the workloads and the Services, then the nodes (what their pods request).
 */
export function receiveState(state: ReceivedState | undefined): void {
  if (state?.session) receiveSession(state.session);
  if (!state?.pods || !state.dictionary || !state.session) return;
  receivePods(state.pods, state as WireContext);
  if (state.requests) receiveRequests(state.requests, state as WireContext);
  if (state.events) receiveEvents(state.events, state as WireContext);
  if (state.workloads) receiveWorkloads(state.workloads);
  if (state.services) receiveServices(state.services);
  if (state.nodes) receiveNodes(state.nodes, state.pods as unknown as SyncedMap<PodView>);
}
