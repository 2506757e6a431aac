import { type PodStateView, podOf } from "../protocol/podWire.ts";
import type {
  ControlPlaneView,
  EventView,
  HorizontalPodAutoscalerView,
  JudgementView,
  NodeView,
  PodDisruptionBudgetView,
  PodView,
  ProxyView,
  RegistryView,
  RequestView,
  ServiceView,
  TrafficView,
  WorkloadView,
} from "../protocol/state.ts";
import type { PlainAutoscalingView } from "./autoscaling.ts";
import type { ClusterSeatView } from "./seats.ts";

/** One keyed collection of a view: the server's synced MapSchema, or a plain Map in a replay. */
export interface ViewCollection<V> {
  put(key: string, view: V): void;
  delete(key: string): void;
}

/**
 * Where a ClusterProjector writes: the room's synced state (server/state/SchemaTarget.ts) or plain maps
 * (PlainClusterTarget, for replays and tests). Either way the same pure view functions fill it.
 */
export interface ClusterViewTarget {
  nodes: ViewCollection<NodeView>;
  /** Pods without their identity, which their key carries (PodStateView). */
  pods: ViewCollection<PodStateView>;
  workloads: ViewCollection<WorkloadView>;
  horizontalPodAutoscalers: ViewCollection<HorizontalPodAutoscalerView>;
  podDisruptionBudgets: ViewCollection<PodDisruptionBudgetView>;
  services: ViewCollection<ServiceView>;
  events: ViewCollection<EventView>;
  registries: ViewCollection<RegistryView>;
  traffic: ViewCollection<TrafficView>;
  proxies: ViewCollection<ProxyView>;
  judgements: ViewCollection<JudgementView>;
  requests: ViewCollection<RequestView>;
  seats: ViewCollection<ClusterSeatView>;
  setControlPlane(view: ControlPlaneView): void;
  setAutoscaling(view: PlainAutoscalingView): void;
}

class MapCollection<V> extends Map<string, V> implements ViewCollection<V> {
  put(key: string, view: V): void {
    this.set(key, view);
  }
}

/** Pods as a client reads them: identity from the key, words from the codes (as `receivePods` gives). */
class PodCollection extends Map<string, PodView> implements ViewCollection<PodStateView> {
  put(key: string, view: PodStateView): void {
    this.set(key, podOf(key, view));
  }
}

/** A target of plain Maps: what a replay draws from (Map satisfies the synced state's SyncedMap). */
export class PlainClusterTarget implements ClusterViewTarget {
  readonly nodes = new MapCollection<NodeView>();
  readonly pods = new PodCollection();
  readonly workloads = new MapCollection<WorkloadView>();
  readonly horizontalPodAutoscalers = new MapCollection<HorizontalPodAutoscalerView>();
  readonly podDisruptionBudgets = new MapCollection<PodDisruptionBudgetView>();
  readonly services = new MapCollection<ServiceView>();
  readonly events = new MapCollection<EventView>();
  readonly registries = new MapCollection<RegistryView>();
  readonly traffic = new MapCollection<TrafficView>();
  readonly proxies = new MapCollection<ProxyView>();
  readonly judgements = new MapCollection<JudgementView>();
  readonly requests = new MapCollection<RequestView>();
  readonly seats = new MapCollection<ClusterSeatView>();
  controlPlane: ControlPlaneView | undefined;
  autoscaling: PlainAutoscalingView | undefined;

  setControlPlane(view: ControlPlaneView): void {
    this.controlPlane = view;
  }

  setAutoscaling(view: PlainAutoscalingView): void {
    this.autoscaling = view;
  }
}
