import type { MapSchema, Schema } from "@colyseus/schema";
import type { ControlPlaneView } from "../../shared/protocol/state.ts";
import type { PlainAutoscalingView } from "../../shared/view/autoscaling.ts";
import type { ClusterViewTarget, ViewCollection } from "../../shared/view/target.ts";
import { HorizontalPodAutoscalerState, PodDisruptionBudgetState } from "./autoscaling.ts";
import type { ClassroomState } from "./ClassroomState.ts";
import { JudgementState, SeatState } from "./classroom.ts";
import { EventState, NodeState, PodState, RequestState, ServiceState, WorkloadState } from "./cluster.ts";
import { ProxyState, RegistryState, TrafficState } from "./controlplane.ts";
import { putEntry, writeView } from "./writeView.ts";

class SchemaCollection<S extends Schema, V extends object> implements ViewCollection<V> {
  private readonly map: MapSchema<S>;
  private readonly create: () => S;
  /** The view each entry was last written from: what equals it is not read back from the schema. */
  private readonly written = new Map<string, V>();

  constructor(map: MapSchema<S>, create: () => S) {
    this.map = map;
    this.create = create;
  }

  put(key: string, view: V): void {
    const previous = this.written.get(key);
    if (previous === view) return;
    putEntry(this.map, key, view, this.create, previous);
    this.written.set(key, view);
  }

  delete(key: string): void {
    this.written.delete(key);
    this.map.delete(key);
  }
}

/** The room's synced state as a ClusterProjector's target: each view written field by field. */
export function schemaTarget(state: ClassroomState): ClusterViewTarget {
  return {
    nodes: new SchemaCollection(state.nodes, () => new NodeState()),
    pods: new SchemaCollection(state.pods, () => new PodState()),
    workloads: new SchemaCollection(state.workloads, () => new WorkloadState()),
    horizontalPodAutoscalers: new SchemaCollection(
      state.horizontalPodAutoscalers,
      () => new HorizontalPodAutoscalerState(),
    ),
    podDisruptionBudgets: new SchemaCollection(
      state.podDisruptionBudgets,
      () => new PodDisruptionBudgetState(),
    ),
    services: new SchemaCollection(state.services, () => new ServiceState()),
    events: new SchemaCollection(state.events, () => new EventState()),
    registries: new SchemaCollection(state.registries, () => new RegistryState()),
    traffic: new SchemaCollection(state.traffic, () => new TrafficState()),
    proxies: new SchemaCollection(state.proxies, () => new ProxyState()),
    judgements: new SchemaCollection(state.judgements, () => new JudgementState()),
    requests: new SchemaCollection(state.requests, () => new RequestState()),
    seats: new SchemaCollection(state.seats, () => new SeatState()),
    setControlPlane(view: ControlPlaneView) {
      writeView(state.controlPlane, view);
    },
    setAutoscaling(view: PlainAutoscalingView) {
      writeView(state.autoscaling, view);
    },
  };
}
