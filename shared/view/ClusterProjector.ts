import {
  EVENTS_KEPT,
  EVENTS_PER_SECOND,
  JUDGEMENTS_KEPT,
  type NodeView,
  REQUESTS_KEPT,
  REQUESTS_PER_SECOND,
} from "../protocol/state.ts";
import type { ObjectChange } from "../sim/engine/changes.ts";
import type { Engine } from "../sim/engine/Engine.ts";
import type { AuditEntry } from "../sim/model/audit.ts";
import type { ClusterEvent } from "../sim/model/event.ts";
import type { Judgement } from "../sim/model/judgement.ts";
import { autoscalingPollKey, autoscalingView, hpaView, pdbView } from "./autoscaling.ts";
import { controlPlaneView } from "./controlPlane.ts";
import { eventView } from "./events.ts";
import { judgementView } from "./judgements.ts";
import { machineView } from "./machines.ts";
import { nodeView } from "./nodes.ts";
import { podView } from "./pods.ts";
import { currentEndpoints, type ProxyRuleCache, proxyView } from "./proxies.ts";
import { ReplicaSetIndex } from "./ReplicaSetIndex.ts";
import { registryView } from "./registries.ts";
import { requestView } from "./requests.ts";
import { isComponentSeat, seatView } from "./seats.ts";
import { serviceView } from "./services.ts";
import { shareEqual } from "./shareEqual.ts";
import { isClusterSystem } from "./system.ts";
import type { ClusterViewTarget } from "./target.ts";
import { trafficView } from "./traffic.ts";
import { lastKept, SecondBudget } from "./window.ts";
import { type Workload, type WorkloadKind, workloadKey, workloadView } from "./workloads.ts";

export interface ProjectionResult {
  /** Seats that disappeared (their node was deleted): their players go back to the lobby. */
  removedSeats: string[];
  /** Seats that appeared (a node joined). */
  addedSeats: string[];
  /** Human moves the engine judged since the last flush (scores change). */
  judgedHumans: number;
}

/**
 * Keeps a view of the cluster a projection of one engine: it reads the engine's change feed (objects
 * written or deleted since the last flush, new events, new judgements) and rewrites only those entries
 * with the pure view functions of this folder. The game server runs one per room into its synced state,
 * a replay one into plain maps: both show the same thing because both run this.
 */
export class ClusterProjector {
  readonly engine: Engine;
  private readonly target: ClusterViewTarget;
  /** The node each projected pod is bound to, to redraw the node when the pod moves or goes. */
  private readonly podNode = new Map<string, string>();
  /**
   * The nodes to project again, each with what of its machine to make again: null, all of it; else the
   * pods (uids) whose part alone changed, the rest taken from the node's last view (none: only the
   * Node's own facts changed, or a pod left it).
   */
  private readonly dirtyNodes = new Map<string, Set<string> | null>();
  /** When a node's view changes by itself (a back-off ends), by node. */
  private readonly nodeChangesAt = new Map<string, number>();
  /** Each node's view as last put (what the next one shares its unchanged parts with). */
  private readonly nodeViews = new Map<string, NodeView>();
  /** The nodes whose machine view has its kubelet's side (steps, containers); undefined: every node. */
  private kubeletSides: ReadonlySet<string> | undefined;
  private readonly replicaSets = new ReplicaSetIndex();
  private readonly eventOrder: string[] = [];
  /** The series (firstSeq) of each event row, by row key. */
  private readonly eventSeries = new Map<string, number>();
  private readonly eventBudget = new SecondBudget(EVENTS_PER_SECOND);
  private readonly requestBudget = new SecondBudget(REQUESTS_PER_SECOND);
  private readonly judgementOrder: string[] = [];
  private lastJudgementSeq = 0;
  private readonly requestOrder: string[] = [];
  private lastAuditSeq = 0;
  private readonly seats = new Set<string>();
  private seatsChanged = false;
  private readonly dirtyProxies = new Set<string>();
  private allProxiesDirty = false;
  private readonly proxyRules: ProxyRuleCache = new Map();
  private readonly dirtyRegistries = new Set<string>();
  /** When a registry's view changes by itself (an outage ends, a pull leaves the window), by name. */
  private readonly registryChangesAt = new Map<string, number>();
  private readonly dirtyTraffic = new Set<string>();
  /** The simulated second the traffic figures were last computed for (they cover complete seconds). */
  private trafficSecond = -1;
  private autoscalingDirty = false;
  private autoscalingPoll = "";

  constructor(engine: Engine, target: ClusterViewTarget) {
    this.engine = engine;
    this.target = target;
  }

  /**
   * Which nodes' kubelet side to project (machines.ts): a live room's kubelet panels only; every node
   * when `nodes` is undefined, as until this is called (a replay, the tests). A node that gains or
   * loses it is projected again.
   */
  showKubeletSides(nodes?: ReadonlySet<string>): void {
    const before = this.kubeletSides;
    for (const name of Object.keys(this.engine.state.nodes)) {
      if ((before?.has(name) ?? true) !== (nodes?.has(name) ?? true)) this.dirtyNode(name, null);
    }
    this.kubeletSides = nodes && new Set(nodes);
  }

  /** Projects the whole cluster once, then consumes the change feed so nothing is applied twice. */
  initialize(): ProjectionResult {
    const engine = this.engine;
    const s = engine.state;
    engine.changes.drain();
    engine.drainEvents();
    for (const name of Object.keys(s.nodes)) this.dirtyNode(name, null);
    for (const key of Object.keys(s.pods)) this.onPod(key);
    for (const key of Object.keys(s.deployments)) this.onWorkload("Deployment", key);
    for (const key of Object.keys(s.replicasets)) this.onWorkload("ReplicaSet", key);
    for (const kind of ["StatefulSet", "DaemonSet", "Job", "CronJob"] as const)
      for (const key of Object.keys(this.table(kind))) this.onWorkload(kind, key);
    for (const key of Object.keys(s.horizontalpodautoscalers)) this.onHpa(key);
    for (const key of Object.keys(s.poddisruptionbudgets)) this.onPdb(key);
    this.autoscalingDirty = true;
    for (const key of Object.keys(s.services)) this.onService(key);
    for (const name of Object.keys(s.registries)) this.dirtyRegistries.add(name);
    this.allProxiesDirty = true;
    this.seatsChanged = true;
    const events = lastKept(s.events, EVENTS_KEPT, (e) => e.eventTime, keepEvent, this.eventBudget);
    for (const event of events) this.putEvent(event);
    const humans = s.judgements.filter((j) => j.driver === "human");
    for (const j of humans.slice(-JUDGEMENTS_KEPT)) this.addJudgement(j);
    this.lastJudgementSeq = s.judgements.at(-1)?.seq ?? 0;
    const requests = lastKept(s.audit, REQUESTS_KEPT, (r) => r.time, keepRequest, this.requestBudget);
    for (const entry of requests) this.putRequest(entry);
    this.lastAuditSeq = s.audit.at(-1)?.seq ?? 0;
    return { ...this.finish(true), judgedHumans: humans.length > 0 ? 1 : 0 };
  }

  /** Applies what changed in the engine since the last call. */
  flush(): ProjectionResult {
    let nodesChanged = false;
    for (const change of this.engine.changes.drain()) {
      if (change.kind === "Node") nodesChanged = true;
      this.apply(change);
    }
    for (const event of this.engine.drainEvents()) this.addEvent(event);
    const judgedHumans = this.pollJudgements();
    this.pollRequests();
    return { ...this.finish(nodesChanged), judgedHumans };
  }

  private apply(change: ObjectChange): void {
    switch (change.kind) {
      case "Node":
        this.dirtyNode(change.key);
        // node groups count their nodes
        if (this.engine.state.clusterAutoscaler) this.autoscalingDirty = true;
        break;
      case "Pod":
        this.onPod(change.key);
        break;
      case "Lease":
        if (change.key.startsWith("kube-node-lease/")) this.dirtyNode(change.key.slice(16));
        break;
      case "Machine":
      case "Kubelet":
        // the machine behind the node, or its kubelet's memory and next steps: some pods' part, or all
        this.dirtyNode(change.key, change.pods ?? null);
        break;
      case "Deployment":
      case "ReplicaSet":
      case "StatefulSet":
      case "DaemonSet":
      case "Job":
      case "CronJob":
        this.onWorkload(change.kind, change.key);
        break;
      case "HorizontalPodAutoscaler":
        this.onHpa(change.key);
        break;
      case "PodDisruptionBudget":
        this.onPdb(change.key);
        break;
      case "Autoscaler":
        this.autoscalingDirty = true;
        break;
      case "Service":
      case "Endpoints":
        this.onService(change.key);
        // every node's rules are stale or fresh against a Service's ready endpoints
        this.allProxiesDirty = true;
        break;
      case "Proxy":
        this.dirtyProxies.add(change.key);
        break;
      case "Registry":
        this.dirtyRegistries.add(change.key);
        break;
      case "Traffic":
        this.dirtyTraffic.add(change.key);
        break;
      case "Seat":
        this.seatsChanged = true;
        break;
      case "ConfigMap":
      case "Secret":
      case "PersistentVolumeClaim":
      case "PersistentVolume":
        // a container waiting for its env (CreateContainerConfigError) or its volumes may go on: rare
        // writes, so every node's kubelet steps are looked at again
        for (const node of Object.keys(this.engine.state.nodes)) this.dirtyNode(node, null);
        break;
      default:
        // Namespaces, PriorityClasses: nothing on the board shows them yet
        break;
    }
  }

  private onPod(key: string): void {
    const pod = this.engine.state.pods[key];
    const before = this.podNode.get(key);
    if (before) this.dirtyNode(before);
    if (!pod) {
      this.target.pods.delete(key);
      this.podNode.delete(key);
      return;
    }
    this.target.pods.put(key, podView(pod));
    const node = pod.spec.nodeName;
    if (node) {
      this.podNode.set(key, node);
      this.dirtyNode(node, [pod.metadata.uid]);
    } else this.podNode.delete(key);
  }

  private table(kind: WorkloadKind): Record<string, Workload> {
    const s = this.engine.state;
    switch (kind) {
      case "Deployment":
        return s.deployments;
      case "ReplicaSet":
        return s.replicasets;
      case "StatefulSet":
        return s.statefulsets;
      case "DaemonSet":
        return s.daemonsets;
      case "Job":
        return s.jobs;
      case "CronJob":
        return s.cronjobs;
    }
  }

  private onWorkload(kind: WorkloadKind, key: string): void {
    const s = this.engine.state;
    if (kind === "Deployment") {
      const d = s.deployments[key];
      this.replicaSets.deploymentChanged(key, d);
      if (d)
        this.target.workloads.put(
          workloadKey(kind, key),
          workloadView(key, d, this.replicaSets.currentOf(key, d)),
        );
      else this.target.workloads.delete(workloadKey(kind, key));
      return;
    }
    if (kind !== "ReplicaSet") {
      const object = this.table(kind)[key];
      if (object) this.target.workloads.put(workloadKey(kind, key), workloadView(key, object));
      else this.target.workloads.delete(workloadKey(kind, key));
      return;
    }
    const rs = s.replicasets[key];
    const owners = this.replicaSets.replicaSetChanged(key, rs);
    if (rs) this.target.workloads.put(workloadKey(kind, key), workloadView(key, rs));
    else this.target.workloads.delete(workloadKey(kind, key));
    // the Deployments it belongs (or belonged) to may have gained or lost their current ReplicaSet
    for (const owner of owners) {
      const d = s.deployments[owner];
      if (d) {
        this.target.workloads.put(
          workloadKey("Deployment", owner),
          workloadView(owner, d, this.replicaSets.currentOf(owner, d)),
        );
      }
    }
  }

  private onHpa(key: string): void {
    const hpa = this.engine.state.horizontalpodautoscalers[key];
    if (hpa) this.target.horizontalPodAutoscalers.put(key, hpaView(key, hpa));
    else this.target.horizontalPodAutoscalers.delete(key);
  }

  private onPdb(key: string): void {
    const pdb = this.engine.state.poddisruptionbudgets[key];
    if (pdb) this.target.podDisruptionBudgets.put(key, pdbView(key, pdb));
    else this.target.podDisruptionBudgets.delete(key);
  }

  /** Small (a few node groups, sparse maps): rewritten whole when anything it shows may have changed. */
  private projectAutoscaling(): void {
    const state = this.engine.state;
    const poll = autoscalingPollKey(state);
    if (!this.autoscalingDirty && poll === this.autoscalingPoll) return;
    this.autoscalingDirty = false;
    this.autoscalingPoll = poll;
    this.target.setAutoscaling(autoscalingView(state));
  }

  private onService(key: string): void {
    const service = this.engine.state.services[key];
    if (!service || isClusterSystem(key)) this.target.services.delete(key);
    else this.target.services.put(key, serviceView(key, service, this.engine.state.endpoints[key]));
  }

  private addEvent(event: ClusterEvent): void {
    if (keepEvent(event, this.eventBudget)) this.putEvent(event);
  }

  private putEvent(event: ClusterEvent): void {
    const key = String(event.seq);
    // an update of a series replaces its row (one row per series, as the state holds one Event)
    if (event.firstSeq !== event.seq) {
      const i = this.eventOrder.findIndex((k) => this.eventSeries.get(k) === event.firstSeq);
      if (i >= 0) this.dropEvent(i);
    }
    this.target.events.put(key, eventView(event));
    this.eventSeries.set(key, event.firstSeq);
    this.eventOrder.push(key);
    while (this.eventOrder.length > EVENTS_KEPT) this.dropEvent(0);
  }

  private dropEvent(index: number): void {
    const [key] = this.eventOrder.splice(index, 1);
    if (key === undefined) return;
    this.target.events.delete(key);
    this.eventSeries.delete(key);
  }

  /** Reads the judgements made since the last call; keeps the humans'. Returns how many judged humans. */
  private pollJudgements(): number {
    const list = this.engine.state.judgements;
    let i = list.length;
    while (i > 0 && (list[i - 1] as Judgement).seq > this.lastJudgementSeq) i--;
    let humans = 0;
    for (; i < list.length; i++) {
      const j = list[i] as Judgement;
      this.lastJudgementSeq = j.seq;
      if (j.driver !== "human") continue;
      humans++;
      this.addJudgement(j);
    }
    return humans;
  }

  /** API requests audited since the last call, those the view keeps. */
  private pollRequests(): void {
    const audit = this.engine.state.audit;
    let i = audit.length;
    while (i > 0 && (audit[i - 1]?.seq ?? 0) > this.lastAuditSeq) i--;
    for (; i < audit.length; i++) {
      const entry = audit[i];
      if (!entry) continue;
      this.lastAuditSeq = entry.seq;
      if (keepRequest(entry, this.requestBudget)) this.putRequest(entry);
    }
  }

  private putRequest(entry: AuditEntry): void {
    const id = String(entry.seq);
    this.target.requests.put(id, requestView(entry));
    this.requestOrder.push(id);
    while (this.requestOrder.length > REQUESTS_KEPT) {
      const oldest = this.requestOrder.shift();
      if (oldest !== undefined) this.target.requests.delete(oldest);
    }
  }

  private addJudgement(j: Judgement): void {
    const id = String(j.seq);
    this.target.judgements.put(id, judgementView(j));
    this.judgementOrder.push(id);
    while (this.judgementOrder.length > JUDGEMENTS_KEPT) {
      const oldest = this.judgementOrder.shift();
      if (oldest !== undefined) this.target.judgements.delete(oldest);
    }
  }

  private finish(nodesChanged: boolean): Omit<ProjectionResult, "judgedHumans"> {
    const engine = this.engine;
    const now = engine.now;
    for (const [name, at] of this.nodeChangesAt) if (at <= now) this.dirtyNode(name, null);
    for (const [name, pods] of this.dirtyNodes) this.projectNode(name, pods);
    this.dirtyNodes.clear();
    // small, and its leaders change with time (a Lease expires, an election ends): every flush
    this.target.setControlPlane(controlPlaneView(engine));
    this.projectAutoscaling();
    this.projectRegistries(now);
    this.projectTraffic(now);
    this.projectProxies();
    if (nodesChanged || this.seatsChanged) {
      this.seatsChanged = false;
      return this.syncSeats();
    }
    return { removedSeats: [], addedSeats: [] };
  }

  /** Marks a node to project again: its own facts only, some pods' part of its machine too, or all (null). */
  private dirtyNode(name: string, pods: Iterable<string> | null = []): void {
    const marked = this.dirtyNodes.get(name);
    if (marked === null) return;
    if (pods === null) {
      this.dirtyNodes.set(name, null);
      return;
    }
    const set = marked ?? new Set<string>();
    for (const uid of pods) set.add(uid);
    this.dirtyNodes.set(name, set);
  }

  private projectNode(name: string, pods: ReadonlySet<string> | null): void {
    const kubeletSide = this.kubeletSides?.has(name) ?? true;
    const previous = this.nodeViews.get(name)?.machine;
    // the pods whose part did not change keep the last view's (their changes to come are in nodeChangesAt)
    const reuse = pods && previous ? { previous, changed: pods } : undefined;
    const machine = machineView(this.engine, name, kubeletSide, reuse);
    const fresh = nodeView(this.engine, name, machine?.view);
    const pending = reuse ? this.nodeChangesAt.get(name) : undefined;
    this.nodeChangesAt.delete(name);
    if (!fresh) {
      this.nodeViews.delete(name);
      this.target.nodes.delete(name);
      return;
    }
    const changesAt = Math.min(
      machine?.changesAt ?? Number.POSITIVE_INFINITY,
      pending ?? Number.POSITIVE_INFINITY,
    );
    if (changesAt !== Number.POSITIVE_INFINITY) this.nodeChangesAt.set(name, changesAt);
    // most of a node's view (its machine's steps and containers) is as it was: shared, not written again
    const view = shareEqual(this.nodeViews.get(name), fresh);
    this.nodeViews.set(name, view);
    this.target.nodes.put(name, view);
  }

  private projectRegistries(now: number): void {
    for (const [name, at] of this.registryChangesAt) if (at <= now) this.dirtyRegistries.add(name);
    for (const name of this.dirtyRegistries) {
      const registry = this.engine.state.registries[name];
      this.registryChangesAt.delete(name);
      if (!registry) {
        this.target.registries.delete(name);
        continue;
      }
      const { view, changesAt } = registryView(registry, now, registry.revokedSecrets ?? []);
      if (changesAt !== Number.POSITIVE_INFINITY) this.registryChangesAt.set(name, changesAt);
      this.target.registries.put(name, view);
    }
    this.dirtyRegistries.clear();
  }

  /** Traffic figures cover complete seconds: all of them anew each second, a Service's rate at once. */
  private projectTraffic(now: number): void {
    const second = Math.floor(now / 1000);
    const all = second !== this.trafficSecond;
    this.trafficSecond = second;
    const traffic = this.engine.state.traffic;
    for (const key of all ? Object.keys(traffic) : this.dirtyTraffic) {
      const t = traffic[key];
      if (t) this.target.traffic.put(key, trafficView(key, t, now));
      else this.target.traffic.delete(key);
    }
    this.dirtyTraffic.clear();
  }

  private projectProxies(): void {
    const proxies = this.engine.state.proxies;
    const nodes = this.allProxiesDirty ? Object.keys(proxies) : [...this.dirtyProxies];
    if (this.allProxiesDirty) {
      for (const node of this.dirtyProxies) {
        if (proxies[node]) continue;
        this.target.proxies.delete(node);
        this.proxyRules.delete(node);
      }
    }
    this.allProxiesDirty = false;
    this.dirtyProxies.clear();
    if (nodes.length === 0) return;
    const current = currentEndpoints(this.engine);
    for (const node of nodes) {
      const proxy = proxies[node];
      if (proxy) {
        const written = this.proxyRules.get(node)?.view;
        const view = proxyView(node, proxy, current, this.proxyRules);
        if (view !== written) this.target.proxies.put(node, view);
      } else {
        this.target.proxies.delete(node);
        this.proxyRules.delete(node);
      }
    }
  }

  /** Seats follow the engine's: one per cluster role, a kubelet and a kube-proxy per node. */
  private syncSeats(): Omit<ProjectionResult, "judgedHumans"> {
    const seats = this.engine.state.seats;
    const wanted = Object.keys(seats).filter(isComponentSeat);
    const removedSeats = [...this.seats].filter((id) => !Object.hasOwn(seats, id));
    for (const id of removedSeats) {
      this.seats.delete(id);
      this.target.seats.delete(id);
    }
    const addedSeats: string[] = [];
    for (const id of wanted) {
      if (!this.seats.has(id)) {
        this.seats.add(id);
        addedSeats.push(id);
      }
      this.target.seats.put(id, seatView(id, seats[id] as (typeof seats)[string]));
    }
    return { removedSeats, addedSeats };
  }
}

/**
 * Events every view shows: warnings, the game's own (faults, machines, clouds), a Node's, the leader
 * elections, and an image pull's start and end (the board draws a pull between them). The rest share
 * EVENTS_PER_SECOND.
 */
function keepEvent(event: ClusterEvent, budget: SecondBudget): boolean {
  const reason = event.reason;
  return (
    event.type === "Warning" ||
    event.source.component.startsWith("kubeclass") ||
    event.involvedObject.kind === "Node" ||
    reason === "LeaderElection" ||
    reason === "Pulling" ||
    reason === "BackOff" ||
    (reason === "Pulled" && !event.message.includes("already present")) ||
    budget.take(event.eventTime)
  );
}

/** A player's requests and refused ones always; the components' share REQUESTS_PER_SECOND. */
function keepRequest(entry: AuditEntry, budget: SecondBudget): boolean {
  return entry.player !== undefined || entry.code >= 400 || budget.take(entry.time);
}
