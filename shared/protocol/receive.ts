import { type NodeStateView, receiveNodes } from "./nodeWire.ts";
import { type PodStateView, receivePods } from "./podWire.ts";
import type { PodView, SyncedMap } from "./state.ts";

/** The parts of the synced state a client completes after each patch. */
export interface ReceivedState {
  pods?: SyncedMap<PodStateView>;
  nodes?: SyncedMap<NodeStateView>;
}

/**
 * What a client (the browser's connection, a test's) does after each patch it decodes: completes what
 * travels lean, so every screen reads the ClassroomStateView of shared/protocol/state.ts. The pods first
 * (their identity and words), then the nodes (what their pods request).
 */
export function receiveState(state: ReceivedState | undefined): void {
  if (!state?.pods) return;
  receivePods(state.pods);
  if (state.nodes) receiveNodes(state.nodes, state.pods as unknown as SyncedMap<PodView>);
}
