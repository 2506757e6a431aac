import type { MapSchema, Schema } from "@colyseus/schema";
import { eventWire } from "../../shared/protocol/eventWire.ts";
import type { PodStateView } from "../../shared/protocol/podWire.ts";
import { requestWire } from "../../shared/protocol/requestWire.ts";
import type { ControlPlaneView, EventView, RequestView } from "../../shared/protocol/state.ts";
import { syncedPod } from "../../shared/protocol/syncedPod.ts";
import { syncedWorkload } from "../../shared/protocol/workloadWire.ts";
import type { PlainAutoscalingView } from "../../shared/view/autoscaling.ts";
import type { ClusterViewTarget, ViewCollection } from "../../shared/view/target.ts";
import { HorizontalPodAutoscalerState, PodDisruptionBudgetState } from "./autoscaling.ts";
import type { ClassroomState } from "./ClassroomState.ts";
import { JudgementState, SeatState } from "./classroom.ts";
import { EventState, NodeState, PodState, RequestState, ServiceState, WorkloadState } from "./cluster.ts";
import { ProxyState, RegistryState, TrafficState } from "./controlplane.ts";
import { Dictionary } from "./Dictionary.ts";
import { putEntry, writeView } from "./writeView.ts";

/**
 * One keyed collection of the synced state. `wire` turns a view into what travels when the two differ
 * (a pod: syncedPod.ts).
 */
class SchemaCollection<S extends Schema, V extends object, W extends object = V>
  implements ViewCollection<V>
{
  private readonly map: MapSchema<S>;
  private readonly create: () => S;
  private readonly wire: (view: V) => W;
  /** The view each entry was last written from, and its wire: what equals it is not read back from the schema. */
  private readonly written = new Map<string, [V, W]>();

  /** Called when a key is written for the first time (a view may have to show the new entry). */
  onAdd?: () => void;

  constructor(map: MapSchema<S>, create: () => S, wire?: (view: V) => W) {
    this.map = map;
    this.create = create;
    this.wire = wire ?? ((view) => view as unknown as W);
  }

  put(key: string, view: V): void {
    const previous = this.written.get(key);
    if (previous?.[0] === view) return;
    if (!previous) this.onAdd?.();
    const wire = this.wire(view);
    putEntry(this.map, key, wire, this.create, previous?.[1]);
    this.written.set(key, [view, wire]);
  }

  delete(key: string): void {
    this.written.delete(key);
    this.map.delete(key);
  }
}

/** The room's synced state as a ClusterProjector's target: each view written field by field. */
export function schemaTarget(
  state: ClassroomState,
  hooks: { workloadAdded?: () => void } = {},
): ClusterViewTarget {
  const dictionary = new Dictionary(state.dictionary);
  const word = (text: string) => dictionary.indexOf(text);
  const prefixWord = (text: string) => dictionary.prefixIndexOf(text);
  const workloads = new SchemaCollection(state.workloads, () => new WorkloadState(), syncedWorkload);
  workloads.onAdd = hooks.workloadAdded;
  return {
    nodes: new SchemaCollection(state.nodes, () => new NodeState()),
    pods: new SchemaCollection(
      state.pods,
      () => new PodState(),
      (view: PodStateView) => syncedPod(view, word, state.session.startTime),
    ),
    workloads,
    horizontalPodAutoscalers: new SchemaCollection(
      state.horizontalPodAutoscalers,
      () => new HorizontalPodAutoscalerState(),
    ),
    podDisruptionBudgets: new SchemaCollection(
      state.podDisruptionBudgets,
      () => new PodDisruptionBudgetState(),
    ),
    services: new SchemaCollection(state.services, () => new ServiceState()),
    events: new SchemaCollection(
      state.events,
      () => new EventState(),
      (view: EventView) => eventWire(view, word, state.session.startTime, prefixWord),
    ),
    registries: new SchemaCollection(state.registries, () => new RegistryState()),
    traffic: new SchemaCollection(state.traffic, () => new TrafficState()),
    proxies: new SchemaCollection(state.proxies, () => new ProxyState()),
    judgements: new SchemaCollection(state.judgements, () => new JudgementState()),
    requests: new SchemaCollection(
      state.requests,
      () => new RequestState(),
      (view: RequestView) => requestWire(view, word, state.session.startTime, prefixWord),
    ),
    seats: new SchemaCollection(state.seats, () => new SeatState()),
    setControlPlane(view: ControlPlaneView) {
      writeView(state.controlPlane, view);
    },
    setAutoscaling(view: PlainAutoscalingView) {
      writeView(state.autoscaling, view);
    },
  };
}
