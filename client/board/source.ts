import type { ClusterView } from "../state/view.ts";
import type { BoardGuidance } from "./guidance.ts";

/** What the board draws from, and what it tells the page: a live room, a replay, or a synthetic demo. */
export interface BoardSource {
  view(): ClusterView;
  /** Simulated epoch ms (interpolated between patches). */
  now(): number;
  /** The viewer's seat ("" for the instructor or a spectator): its node or component is outlined. */
  mine(): string;
  /** Whether pending pods can be dragged onto nodes (the scheduler seat). */
  canPlace(): boolean;
  /** Simulated seconds per real second (flows speed up with the session). */
  speed(): number;
  /**
   * What kube-scheduler's filters say of each Node for a pending pod, while the scheduler selects or
   * drags it (undefined when unknown yet, or for a viewer who places nothing).
   */
  guidance?(podKey: string): BoardGuidance | undefined;
}

export interface BoardCallbacks {
  /** A pending pod dropped on a node. */
  onPlace?(podKey: string, node: string): void;
  /** A node card or a pending pod clicked (to show it in the side panel). */
  onSelectNode?(node: string): void;
  onSelectPod?(podKey: string): void;
}
