import { type NodeStateView, receiveNodes } from "./nodeWire.ts";
import { type PodWire, receivePods, type WireContext } from "./podWire.ts";
import { type RequestWire, receiveRequests } from "./requestWire.ts";
import type { PodView, SyncedArray, SyncedMap } from "./state.ts";

/** The parts of the synced state a client completes after each patch. */
export interface ReceivedState {
  pods?: SyncedMap<PodWire>;
  nodes?: SyncedMap<NodeStateView>;
  requests?: SyncedMap<RequestWire>;
  dictionary?: SyncedArray<string>;
  session?: { startTime: number };
}

/**
 * What a client (the browser's connection, a test's) does after each patch it decodes: completes what
 * travels lean, so every screen reads the ClassroomStateView of shared/protocol/state.ts. The pods first
 * (their identity, words and the dictionary's strings), the API requests, then the nodes (what their pods request).
 */
export function receiveState(state: ReceivedState | undefined): void {
  if (!state?.pods || !state.dictionary || !state.session) return;
  receivePods(state.pods, state as WireContext);
  if (state.requests) receiveRequests(state.requests, state as WireContext);
  if (state.nodes) receiveNodes(state.nodes, state.pods as unknown as SyncedMap<PodView>);
}
