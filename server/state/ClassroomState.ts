import { schema, t } from "@colyseus/schema";
import type { EventWire } from "../../shared/protocol/eventWire.ts";
import type { NodeStateView } from "../../shared/protocol/nodeWire.ts";
import type { ServiceWire, SessionWire } from "../../shared/protocol/receive.ts";
import type { RequestWire } from "../../shared/protocol/requestWire.ts";
import type { ClassroomStateView, SyncedArray, SyncedMap } from "../../shared/protocol/state.ts";
import type { SyncedPod } from "../../shared/protocol/syncedPod.ts";
import type { SyncedWorkload } from "../../shared/protocol/workloadWire.ts";
import { AutoscalingState, HorizontalPodAutoscalerState, PodDisruptionBudgetState } from "./autoscaling.ts";
import {
  INSTRUCTOR_VIEW,
  InstructorState,
  JudgementState,
  PlayerState,
  SeatState,
  SessionState,
} from "./classroom.ts";
import { EventState, NodeState, PodState, RequestState, ServiceState, WorkloadState } from "./cluster.ts";
import { ControlPlaneState, ProxyState, RegistryState, TrafficState } from "./controlplane.ts";

/**
 * The root of a classroom room's synced state. Everyone receives the session, the lobby (players, seats)
 * and the cluster; the instructor panel, each node's machine and kube-proxy rules, and the workloads'
 * status counts travel only in the views that show them (tags INSTRUCTOR_VIEW, MACHINE_VIEW, PROXY_VIEW,
 * WORKLOAD_VIEW; server/classroom/Connections.ts).
 */
export const ClassroomState = schema(
  {
    session: t.ref(SessionState),
    players: t.map(PlayerState),
    seats: t.map(SeatState),
    nodes: t.map(NodeState),
    pods: t.map(PodState),
    workloads: t.map(WorkloadState),
    horizontalPodAutoscalers: t.map(HorizontalPodAutoscalerState),
    podDisruptionBudgets: t.map(PodDisruptionBudgetState),
    autoscaling: t.ref(AutoscalingState),
    services: t.map(ServiceState),
    events: t.map(EventState),
    controlPlane: t.ref(ControlPlaneState),
    registries: t.map(RegistryState),
    traffic: t.map(TrafficState),
    proxies: t.map(ProxyState),
    judgements: t.map(JudgementState),
    requests: t.map(RequestState),
    /** Strings many objects repeat, each sent once (Dictionary.ts); pods carry their indices. */
    dictionary: t.array("string"),
    instructor: t.ref(InstructorState).view(INSTRUCTOR_VIEW),
  },
  "ClassroomState",
);
export type ClassroomState = InstanceType<typeof ClassroomState>;

// Compile-time check that the schema is the shape shared/protocol/state.ts documents for the client.
// Pods, nodes, workloads, requests, events and the session travel as shared/protocol's *Wire.ts, syncedPod.ts and receive.ts say; the client reads them as PodView and NodeView.
type WireView = Omit<
  ClassroomStateView,
  "pods" | "nodes" | "requests" | "events" | "session" | "workloads" | "services"
> & {
  events: SyncedMap<EventWire>;
  services: SyncedMap<ServiceWire>;
  workloads: SyncedMap<SyncedWorkload>;
  session: SessionWire;
  requests: SyncedMap<RequestWire>;
  pods: SyncedMap<SyncedPod>;
  nodes: SyncedMap<NodeStateView>;
  dictionary: SyncedArray<string>;
};
export type ShapeCheck = ClassroomState extends WireView ? true : never;
const shapeCheck: ShapeCheck = true;
void shapeCheck;
