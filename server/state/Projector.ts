import { EVENTS_KEPT } from "../../shared/protocol/state.ts";
import type { WinCondition } from "../../shared/scenario/document.ts";
import { roleOf } from "../../shared/sim/apiserver/authorization.ts";
import type { ObjectChange } from "../../shared/sim/engine/changes.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { nodeOfSeat } from "../../shared/sim/model/seat.ts";
import type { ClassroomState } from "./ClassroomState.ts";
import { ControlPlaneProjector, type CredentialChange, credentialChange } from "./ControlPlaneProjector.ts";
import { SeatState } from "./classroom.ts";
import { EventState, NodeState, PodState, ServiceState, WorkloadState } from "./cluster.ts";
import { JudgementFeed } from "./JudgementFeed.ts";
import {
  projectAllocation,
  projectEvent,
  projectMachine,
  projectNode,
  projectPod,
  projectService,
  projectSteps,
  projectWorkload,
} from "./project.ts";
import { ReplicaSetIndex } from "./ReplicaSetIndex.ts";
import { WinConditionLines } from "./winConditions.ts";

/** Machines change inside the kubelet's sync without an API write; refresh all of them this often anyway. */
const MACHINE_REFRESH_TICKS = 10;
const NODE_LEASE_NAMESPACE = "kube-node-lease";

export interface ProjectorOptions {
  /** The scenario's win conditions, worded into session.winConditions. */
  winConditions?: readonly WinCondition[];
  /** Credential commands accepted before this projection began (a session resumed after a restart). */
  credentials?: readonly CredentialChange[];
}

export interface FlushResult {
  /** Seats that disappeared (their node was deleted): their players go back to the lobby. */
  removedSeats: string[];
  /** Seats that appeared (a node joined). */
  addedSeats: string[];
  /** Human moves the engine judged since the last flush (scores change). */
  judgedHumans: number;
}

/**
 * Keeps the synced state a projection of the engine: it reads the engine's change feed (objects written
 * or deleted since the last call, new events) and updates only those entries, never rebuilding the
 * state. The room calls `flush()` right before each patch, so a patch carries every change made since
 * the previous one, whether by a tick or by a command.
 */
export class Projector {
  private readonly engine: Engine;
  private readonly state: ClassroomState;
  /** The node each projected pod is bound to, to fix the node's totals when the pod moves or goes. */
  private readonly podNode = new Map<string, string>();
  private readonly eventOrder: string[] = [];
  private readonly dirtyMachines = new Set<string>();
  private readonly dirtyAllocations = new Set<string>();
  private lastMachineRefresh = -1;
  private readonly controlPlane: ControlPlaneProjector;
  private readonly replicaSets = new ReplicaSetIndex();
  private readonly winConditions: WinConditionLines;
  private deploymentsChanged = false;
  private timelineSeen = 0;
  readonly judgements: JudgementFeed;

  constructor(engine: Engine, state: ClassroomState, options: ProjectorOptions = {}) {
    this.engine = engine;
    this.state = state;
    this.controlPlane = new ControlPlaneProjector(engine, state);
    this.judgements = new JudgementFeed(engine, state);
    this.winConditions = new WinConditionLines(options.winConditions ?? [], state.session.winConditions);
    for (const change of options.credentials ?? []) this.controlPlane.credentialChanged(change);
  }

  /**
   * A command was applied: the control plane or a registry may have changed (an instructor's fault), and
   * the machine of a node it names (FailNode, PartitionNode, PullImage ...) without an API write.
   */
  commandApplied(command: unknown, accepted = true): void {
    this.controlPlane.touch();
    const credential = accepted ? credentialChange(command) : undefined;
    if (credential) this.controlPlane.credentialChanged(credential);
    const node = (command as { node?: unknown } | null)?.node;
    if (typeof node === "string" && this.state.nodes.has(node)) this.dirtyMachines.add(node);
  }

  /** Projects the whole cluster once, then consumes the change feed so nothing is applied twice. */
  initialize(): FlushResult {
    const s = this.engine.state;
    this.engine.changes.drain();
    this.engine.drainEvents();
    for (const name of Object.keys(s.nodes)) this.onNode(name, false);
    for (const key of Object.keys(s.pods)) this.onPod(key, false);
    for (const key of Object.keys(s.deployments ?? {})) this.onWorkload("Deployment", key, false);
    for (const key of Object.keys(s.replicasets ?? {})) this.onWorkload("ReplicaSet", key, false);
    for (const key of Object.keys(s.services ?? {})) this.onService(key, false);
    for (const key of Object.keys(s.leases)) this.onLease(key);
    for (const event of s.events.slice(-EVENTS_KEPT)) this.addEvent(event);
    this.winConditions.initialize(s);
    this.deploymentsChanged = false;
    this.timelineSteps();
    const judged = this.judgements.initialize();
    this.controlPlane.refresh(true);
    return { ...this.finish(true), judgedHumans: judged ? 1 : 0 };
  }

  flush(): FlushResult {
    const changes = this.engine.changes.drain();
    let nodesChanged = false;
    for (const change of changes) {
      if (change.kind === "Node") nodesChanged = true;
      this.apply(change);
    }
    for (const event of this.engine.drainEvents()) {
      this.addEvent(event);
      if (event.source.host) this.dirtyMachines.add(event.source.host);
    }
    if (this.deploymentsChanged) {
      this.winConditions.deploymentsChanged(this.engine.state);
      this.deploymentsChanged = false;
    }
    this.timelineSteps();
    this.controlPlane.refresh();
    const judgedHumans = this.judgements.poll();
    return { ...this.finish(nodesChanged), judgedHumans };
  }

  private apply(change: ObjectChange): void {
    switch (change.kind) {
      case "Node":
        this.onNode(change.key, change.deleted);
        break;
      case "Pod":
        this.onPod(change.key, change.deleted);
        break;
      case "Lease":
        this.onLease(change.key);
        if (change.key.startsWith("kube-system/")) this.controlPlane.touch();
        break;
      case "Deployment":
      case "ReplicaSet":
        this.onWorkload(change.kind, change.key, change.deleted);
        break;
      case "Service":
        this.onService(change.key, change.deleted);
        break;
      case "Endpoints":
        this.onService(change.key, false);
        break;
      default:
        // Namespaces and kinds the board does not draw yet
        break;
    }
  }

  /** Credential changes the scenario's timeline made (run inside ticks, not through commandApplied). */
  private timelineSteps(): void {
    const s = this.engine.state;
    for (; this.timelineSeen < s.timelineNext; this.timelineSeen++) {
      const credential = credentialChange(s.timeline[this.timelineSeen]?.command);
      if (credential) this.controlPlane.credentialChanged(credential);
    }
  }

  private onNode(name: string, deleted: boolean): void {
    const node = this.engine.state.nodes[name];
    if (deleted || !node) {
      this.state.nodes.delete(name);
      this.dirtyMachines.delete(name);
      this.dirtyAllocations.delete(name);
      return;
    }
    let target = this.state.nodes.get(name);
    const created = !target;
    if (!target) target = new NodeState();
    projectNode(target, node);
    if (created) this.state.nodes.set(name, target);
    this.dirtyMachines.add(name);
    this.dirtyAllocations.add(name);
  }

  private onPod(key: string, deleted: boolean): void {
    const pod = this.engine.state.pods[key];
    const before = this.podNode.get(key);
    if (before) this.dirtyAllocations.add(before);
    if (deleted || !pod) {
      this.state.pods.delete(key);
      this.podNode.delete(key);
      return;
    }
    let target = this.state.pods.get(key);
    const created = !target;
    if (!target) target = new PodState();
    projectPod(target, key, pod);
    if (created) this.state.pods.set(key, target);
    const node = pod.spec.nodeName;
    if (node) {
      this.podNode.set(key, node);
      this.dirtyAllocations.add(node);
      this.dirtyMachines.add(node);
    } else {
      this.podNode.delete(key);
    }
  }

  private onLease(key: string): void {
    const lease = this.engine.state.leases[key];
    const [namespace, name] = key.split("/");
    if (namespace !== NODE_LEASE_NAMESPACE || !name) return;
    const node = this.state.nodes.get(name);
    if (node) node.leaseRenewed = lease?.spec.renewTime ?? 0;
  }

  private onWorkload(kind: "Deployment" | "ReplicaSet", key: string, deleted: boolean): void {
    if (kind === "Deployment") {
      const d = deleted ? undefined : this.engine.state.deployments?.[key];
      this.replicaSets.deploymentChanged(key, d);
      this.deploymentsChanged = true;
      this.projectWorkloadOf("Deployment", key, d, d ? this.replicaSets.currentOf(key, d) : "");
      return;
    }
    const rs = deleted ? undefined : this.engine.state.replicasets?.[key];
    const owners = this.replicaSets.replicaSetChanged(key, rs);
    this.projectWorkloadOf("ReplicaSet", key, rs);
    // the Deployments it belongs (or belonged) to may have gained or lost their current ReplicaSet
    for (const owner of owners) {
      const d = this.engine.state.deployments?.[owner];
      const target = this.state.workloads.get(`Deployment/${owner}`);
      if (d && target) target.currentReplicaSet = this.replicaSets.currentOf(owner, d);
    }
  }

  private projectWorkloadOf(
    kind: "Deployment" | "ReplicaSet",
    key: string,
    object: Parameters<typeof projectWorkload>[2] | undefined,
    currentReplicaSet = "",
  ): void {
    const id = `${kind}/${key}`;
    if (!object) {
      this.state.workloads.delete(id);
      return;
    }
    let target = this.state.workloads.get(id);
    const created = !target;
    if (!target) target = new WorkloadState();
    projectWorkload(target, id, object, currentReplicaSet);
    if (created) this.state.workloads.set(id, target);
  }

  private onService(key: string, deleted: boolean): void {
    const service = this.engine.state.services?.[key];
    if (deleted || !service) {
      this.state.services.delete(key);
      return;
    }
    let target = this.state.services.get(key);
    const created = !target;
    if (!target) target = new ServiceState();
    projectService(target, key, service, this.engine.state.endpoints?.[key]);
    if (created) this.state.services.set(key, target);
  }

  private addEvent(event: Parameters<typeof projectEvent>[1]): void {
    const key = String(event.seq);
    if (this.state.events.has(key)) return;
    const item = new EventState();
    projectEvent(item, event);
    this.state.events.set(key, item);
    this.eventOrder.push(key);
    while (this.eventOrder.length > EVENTS_KEPT) {
      const oldest = this.eventOrder.shift();
      if (oldest !== undefined) this.state.events.delete(oldest);
    }
  }

  private finish(nodesChanged: boolean): Omit<FlushResult, "judgedHumans"> {
    const engine = this.engine;
    for (const name of this.dirtyAllocations) {
      const node = this.state.nodes.get(name);
      if (node) projectAllocation(node, engine.podsOnNode(name));
    }
    this.dirtyAllocations.clear();
    const tick = engine.state.tick;
    if (this.lastMachineRefresh < 0 || tick - this.lastMachineRefresh >= MACHINE_REFRESH_TICKS) {
      for (const name of this.state.nodes.keys()) this.dirtyMachines.add(name);
      this.lastMachineRefresh = tick;
    }
    for (const name of this.dirtyMachines) {
      const node = this.state.nodes.get(name);
      if (!node) continue;
      projectMachine(node.machine, engine.state.machines[name]);
      projectSteps(node.machine.steps, engine, name);
    }
    this.dirtyMachines.clear();
    const result = nodesChanged ? this.syncSeats() : { removedSeats: [], addedSeats: [] };
    for (const [id, seat] of this.state.seats) {
      seat.driver = engine.state.seats[id]?.driver ?? "bot";
    }
    const session = this.state.session;
    session.tick = tick;
    session.now = engine.state.now;
    return result;
  }

  /** Seats follow the engine's: one per cluster role, a kubelet and a kube-proxy per node. */
  private syncSeats(): Omit<FlushResult, "judgedHumans"> {
    const wanted = Object.keys(this.engine.state.seats).filter(
      (id) => id !== "instructor" && id !== "scenario",
    );
    const removedSeats = [...this.state.seats.keys()].filter((id) => !wanted.includes(id));
    for (const id of removedSeats) this.state.seats.delete(id);
    const addedSeats: string[] = [];
    for (const id of wanted) {
      if (this.state.seats.has(id)) continue;
      const seat = new SeatState();
      seat.id = id;
      seat.role = roleOf(id) ?? id;
      seat.node = id.includes(":") ? (nodeOfSeat(id) ?? "") : "";
      this.state.seats.set(id, seat);
      addedSeats.push(id);
    }
    return { removedSeats, addedSeats };
  }
}
