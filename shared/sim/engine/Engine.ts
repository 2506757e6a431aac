import { authorize } from "../apiserver/authorization.ts";
import { dispatch } from "../apiserver/dispatch.ts";
import { runClusterAutoscaler } from "../autoscaler/clusterautoscaler.ts";
import { Command, type CommandResult } from "../commands.ts";
import { runControllerManager } from "../controllers/manager.ts";
import { stateHash } from "../hash.ts";
import { nodeSync } from "../kubelet/sync.ts";
import { type ClusterEvent, eventKey } from "../model/event.ts";
import type { Judgement } from "../model/judgement.ts";
import { objectKey } from "../model/meta.ts";
import type { Pod } from "../model/pod.ts";
import type { ClusterState } from "../model/state.ts";
import { runProxies } from "../proxy/kubeproxy.ts";
import { runTraffic } from "../proxy/traffic.ts";
import { runSchedulerCycle } from "../scheduler/bot.ts";
import { type Snapshot, snapshotFromState } from "../scheduler/snapshot.ts";
import { joinPendingNodes } from "../world/cloud.ts";
import { runSpotReclaims } from "../world/spot.ts";
import { runUpgrade } from "../world/upgrades.ts";
import { ChangeLog, type ObjectKind, type PodPartKind, type WorldKind } from "./changes.ts";
import { subscribeComponents } from "./components.ts";
import { makeUid } from "./ids.ts";
import { runReferee } from "./referee.ts";
import { popDueTimer, scheduleTimer } from "./timers.ts";
import {
  type ApiObjects,
  type EventType,
  Watch,
  type WatchEvent,
  type WatchHandler,
  type WatchKind,
} from "./watch.ts";

/**
 * A state from before schema 3 (a keyframe or snapshot kept by an older build) gains the tables and
 * work queues added since, empty, so it continues as it would have.
 */
function upgradeState(state: ClusterState): void {
  const s = state as Partial<ClusterState> & ClusterState;
  s.priorityClasses ??= {};
  s.poddisruptionbudgets ??= {};
  s.jobs ??= {};
  s.cronjobs ??= {};
  s.daemonsets ??= {};
  s.statefulsets ??= {};
  s.horizontalpodautoscalers ??= {};
  const dirty = s.controllers.dirty as Partial<ClusterState["controllers"]["dirty"]>;
  dirty.jobs ??= {};
  dirty.cronjobs ??= {};
  dirty.daemonsets ??= {};
  dirty.statefulsets ??= {};
  dirty.disruptionbudgets ??= {};
  s.controllers.autoscaling ??= { nextSyncAt: s.now, hpas: {} };
  // Before schema 4 an Event was one occurrence; each becomes a series of one.
  for (const e of s.events as (Omit<ClusterEvent, "count" | "firstTime" | "firstSeq"> &
    Partial<ClusterEvent>)[]) {
    e.count ??= 1;
    e.firstTime ??= e.eventTime;
    e.firstSeq ??= e.seq;
  }
  s.schemaVersion = 4;
}

/** The simulation advances in fixed 100 ms steps of simulated time. */
export const TICK_MS = 100;
/** Events older than this are dropped, as the API server's --event-ttl (1 h) does. */
export const EVENT_TTL_MS = 3_600_000;
/**
 * A student who leaves their seat's work undone this long (real time: at 5x, five times the simulated
 * time) gets the seat's bot's help for the next steps, so one absent student does not stall the class.
 * What the bot does is judged as the bot's, never the student's.
 */
export const ASSIST_AFTER_MS = 60_000;
/** Judgements kept in the state (a 60-minute class of 40 makes a few thousand). */
export const JUDGEMENT_LIMIT = 50_000;

export type EventInput = Omit<ClusterEvent, "seq" | "eventTime" | "count" | "firstTime" | "firstSeq">;

/**
 * The deterministic cluster engine: plain-data state, changed only by `apply(seat, command)` and
 * `tick()`. Bots for unplayed seats run inside the tick, so a match is fully described by its scenario,
 * seed and the list of accepted commands. Every write lands in the change feed (`changes`, for viewers)
 * and is delivered to the components that watch its kind (`watch`). Derived indexes and the components'
 * caches (the scheduler snapshot, pods by node, informers' memory) are rebuilt from the state, so a
 * restored snapshot continues exactly as the original would.
 */
export class Engine {
  readonly state: ClusterState;
  /** kube-scheduler's cache of nodes and what their pods request, kept by its informer. */
  readonly snapshot: Snapshot;
  /** What changed since the last drain: the feed a viewer projects from. */
  readonly changes = new ChangeLog();
  private readonly watchers = new Watch();
  /** Seats whose bot is acting for an idle student right now (never across calls: not state). */
  private readonly assisting = new Set<string>();
  /** Pod keys bound to each node: derived from state.pods. */
  private readonly podsByNode = new Map<string, Set<string>>();
  /** Pod keys by the uid of their controller (ReplicaSet), and pods without one: derived. */
  private readonly podsByOwner = new Map<string, Set<string>>();
  private readonly orphanPods = new Set<string>();
  private drainedEventSeq: number;
  /**
   * Called with every report as it is recorded (a series' update included): for a viewer that wants each
   * occurrence rather than the stored series. Not state: it never changes what the engine does.
   */
  onEvent?: (event: ClusterEvent) => void;
  /** The Event of each series in state.events, by eventKey: derived. */
  private readonly eventSeries = new Map<string, ClusterEvent>();

  constructor(state: ClusterState) {
    upgradeState(state);
    // States saved before config and storage kinds were stored have no tables for them.
    state.configmaps ??= {};
    state.secrets ??= {};
    state.serviceaccounts ??= {};
    state.persistentvolumeclaims ??= {};
    state.persistentvolumes ??= {};
    state.storageclasses ??= {};
    // Tables looked up by a name a player typed have no prototype: a node called "constructor" or
    // "toString" must be absent, not Object.prototype's. (A restored snapshot comes back with prototypes.)
    for (const table of [
      state.nodes,
      state.machines,
      state.kubelets,
      state.proxies,
      state.registries,
      state.seats,
      state.namespaces,
      state.priorityClasses,
    ]) {
      Object.setPrototypeOf(table, null);
    }
    this.state = state;
    this.snapshot = snapshotFromState(state);
    for (const [key, pod] of Object.entries(state.pods)) {
      if (pod.spec.nodeName) this.indexPod(key, pod.spec.nodeName);
      this.indexOwner(key, pod);
    }
    for (const event of state.events) this.eventSeries.set(eventKey(event), event);
    this.drainedEventSeq = state.eventSeq;
    subscribeComponents(this);
  }

  get now(): number {
    return this.state.now;
  }

  /** Runs a command as a seat. Refusals change nothing and say why. */
  /** `player`: who at that seat asked (for the audit log); absent for bots, the scenario and tests. */
  apply(seat: string, command: unknown, player?: string): CommandResult {
    const parsed = Command.safeParse(command);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
      return {
        ok: false,
        code: "Invalid",
        message: `malformed command: ${where}${issue?.message ?? "invalid"}`,
      };
    }
    const denied = authorize(this.state, seat, parsed.data);
    if (denied) return denied;
    if (player !== undefined) this.movedBy(seat);
    return dispatch(this, seat, parsed.data, player);
  }

  /** A student moved at their seat: the bot's help, if it was helping, stops. */
  private movedBy(seat: string): void {
    const s = this.state.seats[seat];
    if (s?.driver !== "human") return;
    s.lastMoveAt = this.state.now;
    if (s.assisted) {
      delete s.assisted;
      this.changed("Seat", seat);
    }
  }

  /** A bot's request: the same authorisation and API path as a player's, without re-parsing. */
  request(seat: string, command: Command): CommandResult {
    return authorize(this.state, seat, command) ?? dispatch(this, seat, command);
  }

  /** Advances simulated time by one tick and lets every component act. */
  tick(): void {
    const state = this.state;
    state.tick++;
    state.now += TICK_MS;
    this.runTimeline();
    const nodes = new Set<string>();
    let schedulerWoken = false;
    let controllersWoken = false;
    for (let timer = popDueTimer(state, state.now); timer; timer = popDueTimer(state, state.now)) {
      if (timer.target.startsWith("node:")) nodes.add(timer.target.slice(5));
      else if (timer.target === "scheduler") schedulerWoken = true;
      else if (timer.target === "controllers") controllersWoken = true;
    }
    for (const node of nodes) nodeSync(this, node);
    runSchedulerCycle(this, schedulerWoken);
    runControllerManager(this, controllersWoken);
    runClusterAutoscaler(this);
    runSpotReclaims(this);
    runUpgrade(this);
    runProxies(this);
    runTraffic(this);
    joinPendingNodes(this);
    runReferee(this);
    if (state.tick % 600 === 0) this.pruneEvents();
  }

  /** Runs ticks until simulated time has advanced by `ms`. */
  runFor(ms: number): void {
    const end = this.state.now + ms;
    while (this.state.now + TICK_MS <= end) this.tick();
  }

  hash(): string {
    return stateHash(this.state);
  }

  /** A deep copy of the state: a replay keyframe. */
  snapshotState(): ClusterState {
    return structuredClone(this.state);
  }

  static restore(state: ClusterState): Engine {
    return new Engine(structuredClone(state));
  }

  /** Events recorded since the previous call. */
  drainEvents(): ClusterEvent[] {
    const events = this.state.events;
    let i = events.length;
    while (i > 0 && (events[i - 1] as ClusterEvent).seq > this.drainedEventSeq) i--;
    this.drainedEventSeq = this.state.eventSeq;
    return events.slice(i);
  }

  // ---- helpers the components use ----

  uid(): string {
    return makeUid(this.state.seed, this.state.uidSeq++);
  }

  /**
   * Records an event. A repeat of one still stored (same key) updates that series, as client-go's
   * EventCorrelator patches the Event it created: the count grows, the last timestamp moves, and the
   * updated Event moves to the end of the stream with a new seq (a watcher sees it as modified).
   */
  emit(event: EventInput): void {
    const state = this.state;
    const key = eventKey(event);
    const previous = this.eventSeries.get(key);
    const seq = ++state.eventSeq;
    const now = state.now;
    const next: ClusterEvent = previous
      ? { ...previous, seq, eventTime: now, count: previous.count + 1 }
      : { ...event, seq, eventTime: now, count: 1, firstTime: now, firstSeq: seq };
    if (previous) {
      removeBySeq(state.events, previous.seq);
      this.changes.supersede("Event", previous.seq);
    }
    state.events.push(next);
    this.eventSeries.set(key, next);
    this.changes.appended("Event", seq);
    this.onEvent?.(next);
  }

  /** Records a verdict on a seat's work (see model/judgement.ts). */
  judge(judgement: Omit<Judgement, "seq" | "time" | "driver">): Judgement {
    const full: Judgement = {
      seq: ++this.state.judgementSeq,
      time: this.state.now,
      driver: this.isBot(judgement.seat) ? "bot" : "human",
      ...(this.state.speed !== undefined ? { speed: this.state.speed } : {}),
      ...judgement,
    };
    const list = this.state.judgements;
    list.push(full);
    this.changes.appended("Judgement", full.seq);
    if (list.length > JUDGEMENT_LIMIT) list.splice(0, list.length - JUDGEMENT_LIMIT);
    return full;
  }

  /** Asks the engine to visit `target` ("node:<name>", "scheduler") at `at` (default: next tick). */
  wake(target: string, at = this.state.now): void {
    scheduleTimer(this.state, at, target);
  }

  /** Subscribes a component to every change of a kind (see watch.ts); components subscribe in components.ts. */
  watch<K extends WatchKind>(kind: K, handler: WatchHandler<K>): void {
    this.watchers.subscribe(kind, handler);
  }

  /**
   * An API object was stored: it takes the next etcd revision as its resourceVersion, and watchers hear
   * ADDED (it had none yet) or MODIFIED.
   */
  written<K extends ObjectKind>(kind: K, key: string, object: ApiObjects[K]): void {
    const meta = object.metadata;
    const type: EventType = meta.resourceVersion === 0 ? "ADDED" : "MODIFIED";
    meta.resourceVersion = ++this.state.revision;
    this.changes.record(kind, key);
    if (kind === "Pod") {
      const pod = object as Pod;
      if (pod.spec.nodeName) this.indexPod(key, pod.spec.nodeName);
      this.indexOwner(key, pod);
    }
    this.watchers.notify(kind, { type, key, object } as WatchEvent<K>);
  }

  /** An API object is being removed; call before it leaves the state: watchers get its last state. */
  deleted<K extends ObjectKind>(kind: K, key: string, object: ApiObjects[K]): void {
    this.state.revision++;
    this.changes.record(kind, key, true);
    if (kind === "Pod") {
      const pod = object as Pod;
      if (pod.spec.nodeName) this.unindexPod(key, pod.spec.nodeName);
      const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
      if (owner) this.podsByOwner.get(owner.uid)?.delete(key);
      this.orphanPods.delete(key);
    }
    this.watchers.notify(kind, { type: "DELETED", key, object } as WatchEvent<K>);
  }

  /**
   * Something outside the API changed that a viewer or a component may care about: a machine, a
   * kubelet's memory, a proxy's rules, a registry, the control plane, traffic, a seat (see changes.ts).
   */
  changed(kind: WorldKind, key: string, type: EventType = "MODIFIED"): void {
    this.changes.record(kind, key, type === "DELETED");
    this.notifyWorld(kind, key, type);
  }

  /**
   * One pod's part of a node's machine or kubelet changed (its sandbox, its containers, its pulls, the
   * kubelet's memory of it), nothing else of the node's: a viewer redraws that pod's part alone.
   */
  podChanged(kind: PodPartKind, node: string, uid: string): void {
    this.changes.recordPod(kind, node, uid);
    this.notifyWorld(kind, node, "MODIFIED");
  }

  private notifyWorld(kind: WorldKind, key: string, type: EventType): void {
    if (this.watchers.watched(kind)) {
      this.watchers.notify(kind, { type, key, object: undefined } as WatchEvent<typeof kind>);
    }
  }

  /** An audit entry was appended (see apiserver/audit.ts). */
  audited(seq: number): void {
    this.changes.appended("Audit", seq);
  }

  /** Pods whose controller is the object with this uid, in key order. */
  podsOwnedBy(uid: string): Pod[] {
    const keys = this.podsByOwner.get(uid);
    if (!keys) return [];
    return [...keys]
      .sort()
      .map((k) => this.state.pods[k])
      .filter((p): p is Pod => p !== undefined);
  }

  /** Pods without a controller in a namespace, in key order. */
  orphansIn(namespace: string): Pod[] {
    const prefix = `${namespace}/`;
    return [...this.orphanPods]
      .filter((k) => k.startsWith(prefix))
      .sort()
      .map((k) => this.state.pods[k])
      .filter((p): p is Pod => p !== undefined);
  }

  private indexOwner(key: string, pod: Pod): void {
    const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
    if (!owner) {
      this.orphanPods.add(key);
      return;
    }
    this.orphanPods.delete(key);
    let set = this.podsByOwner.get(owner.uid);
    if (!set) {
      set = new Set();
      this.podsByOwner.set(owner.uid, set);
    }
    set.add(key);
  }

  podsOnNode(node: string): Pod[] {
    const keys = this.podsByNode.get(node);
    if (!keys) return [];
    const pods: Pod[] = [];
    for (const key of [...keys].sort()) {
      const pod = this.state.pods[key];
      if (pod) pods.push(pod);
    }
    return pods;
  }

  indexPod(key: string, node: string): void {
    let set = this.podsByNode.get(node);
    if (!set) {
      set = new Set();
      this.podsByNode.set(node, set);
    }
    set.add(key);
  }

  unindexPod(key: string, node: string): void {
    this.podsByNode.get(node)?.delete(key);
  }

  isBot(seat: string): boolean {
    return this.assisting.has(seat) || (this.state.seats[seat]?.driver ?? "bot") === "bot";
  }

  /**
   * Work has waited at the seat since `workSince` and its student has made no move for ASSIST_AFTER_MS
   * of their (real) time since then.
   */
  assistDue(seat: string, workSince: number): boolean {
    const s = this.state.seats[seat];
    if (s?.driver !== "human") return false;
    const since = Math.max(s.humanSince ?? this.state.startTime, s.lastMoveAt ?? 0, workSince);
    return this.state.now - since >= ASSIST_AFTER_MS * (this.state.speed ?? 1);
  }

  /** Whether the bot is acting right now for a student (see withAssist). */
  isAssisting(seat: string): boolean {
    return this.assisting.has(seat);
  }

  /**
   * Runs a component's bot logic; at an idle student's seat (work waiting since `workSince`, see
   * assistDue) the bot acts for them inside `fn` (isBot is true there, so what it does is judged as the
   * bot's) and the seat shows it until the student's next move.
   */
  withAssist<T>(seat: string, workSince: () => number | undefined, fn: () => T): T {
    if (this.isBot(seat)) return fn();
    const since = workSince();
    if (since === undefined || !this.assistDue(seat, since)) return fn();
    const s = this.state.seats[seat];
    if (s && !s.assisted) {
      s.assisted = true;
      this.changed("Seat", seat);
    }
    this.assisting.add(seat);
    try {
      return fn();
    } finally {
      this.assisting.delete(seat);
    }
  }

  /**
   * For a bot at human pace: may it take a step now? If so the step is booked and the next one waits;
   * if not, the engine wakes `target` when it may. Instant bots always may.
   */
  botMayAct(seat: string, stepMs: number, target: string): boolean {
    const s = this.state.seats[seat];
    if (s?.pace !== "human") return true;
    const now = this.state.now;
    if (s.nextActionAt !== undefined && s.nextActionAt > now) {
      this.wake(target, s.nextActionAt);
      return false;
    }
    s.nextActionAt = now + stepMs;
    return true;
  }

  podByName(namespace: string | undefined, name: string): Pod | undefined {
    return this.state.pods[objectKey(namespace ?? "default", name)];
  }

  private runTimeline(): void {
    const state = this.state;
    for (;;) {
      const step = state.timeline[state.timelineNext];
      if (!step || state.startTime + step.at > state.now) return;
      state.timelineNext++;
      const result = this.apply("scenario", step.command);
      if (!result.ok) {
        this.emit({
          type: "Warning",
          reason: "ScenarioStepFailed",
          message: `${step.command.type} at ${step.at / 1000}s: ${result.message}`,
          involvedObject: { kind: "Scenario", name: state.scenario },
          source: { component: "kubeclass-scenario" },
        });
      }
    }
  }

  private pruneEvents(): void {
    const cutoff = this.state.now - EVENT_TTL_MS;
    const events = this.state.events;
    let drop = 0;
    while (drop < events.length && (events[drop] as ClusterEvent).eventTime < cutoff) drop++;
    for (const event of events.slice(0, drop)) {
      const key = eventKey(event);
      if (this.eventSeries.get(key) === event) this.eventSeries.delete(key);
    }
    if (drop > 0) events.splice(0, drop);
  }
}

/** Removes the event with `seq` from a list ordered by seq (binary search). */
function removeBySeq(events: ClusterEvent[], seq: number): void {
  let lo = 0;
  let hi = events.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = (events[mid] as ClusterEvent).seq;
    if (at === seq) {
      events.splice(mid, 1);
      return;
    }
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
}
