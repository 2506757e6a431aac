import type { SessionStatus } from "./http.ts";

/**
 * The shape of a classroom room's synced state (@colyseus/schema on the server, server/state/), as the
 * browser sees it after decoding. Plain interfaces so the client gets types without importing Colyseus
 * into shared/; the server checks at compile time that its schema classes satisfy them.
 *
 * Times are epoch milliseconds: simulated ones (`now`, `created`, event `time`, pulls) on the engine's
 * clock, wall-clock ones (`tickedAt`, `joinedAt`) on the server's. Quantities: cpu in millicores,
 * memory in bytes. Strings are "" when absent, numbers 0.
 */

/** What a decoded MapSchema offers (it is a Map with change callbacks). */
export interface SyncedMap<V> {
  get(key: string): V | undefined;
  has(key: string): boolean;
  forEach(callback: (value: V, key: string) => void): void;
  keys(): IterableIterator<string>;
  values(): IterableIterator<V>;
  readonly size: number;
}

/**
 * What a decoded SetSchema offers (and a JS Set): for collections that are sets, whose order means
 * nothing, so the server and a replay can never disagree on it and a change travels as one add or delete.
 */
export interface SyncedSet<V> {
  has(value: V): boolean;
  forEach(callback: (value: V) => void): void;
  values(): IterableIterator<V>;
  readonly size: number;
  [Symbol.iterator](): Iterator<V>;
}

/** What a decoded ArraySchema offers. */
export interface SyncedArray<V> {
  readonly length: number;
  at(index: number): V | undefined;
  forEach(callback: (value: V, index: number) => void): void;
  map<U>(callback: (value: V, index: number) => U): U[];
  includes(value: V): boolean;
  [Symbol.iterator](): Iterator<V>;
}

/** The scenario's texts in another language (spec.translations): what the lobby and the headers show. */
export interface ScenarioTextView {
  title: string;
  description: string;
  /** Empty when the translation leaves the goals in English; else one per goal, in order. */
  goals: SyncedArray<string>;
}

/**
 * One win condition as the lobby reads it: the English line, and the same as an i18n code with its
 * parameters (shared/scenario/goals.ts), which the client words in the page's language.
 */
export interface WinConditionLineView {
  text: string;
  code: string;
  /** The code's parameters, as JSON. */
  params: string;
}

/**
 * How much of kube-scheduler's view a human scheduler gets before a move, chosen by the teacher: the
 * feasible Nodes lit and the others dimmed with their reasons and the scores, the reasons only, or
 * nothing (the move is judged after).
 */
export type HelpLevel = "full" | "reasons" | "none";

export interface SessionView {
  code: string;
  scenario: string;
  title: string;
  description: string;
  /** The scenario's learning goals, as its author wrote them. */
  goals: SyncedArray<string>;
  /** The scenario's title, description and goals in other languages, by language tag. */
  translations: SyncedMap<ScenarioTextView>;
  /**
   * What the class must achieve, one line per win condition ("Deployment web has 6 available
   * replicas"): the description of shared/scenario/goals.ts, judged at the end of the match.
   */
  winConditions: SyncedArray<WinConditionLineView>;
  status: SessionStatus;
  /** Simulated seconds per real second. */
  speed: number;
  tick: number;
  /** Simulated clock, and where it started. `now` is not sent: startTime + tick * TICK_MS (receive.ts). */
  now: number;
  startTime: number;
  /** 0 when the scenario sets none. */
  durationSeconds: number;
  /**
   * Server wall clock of the latest tick: lets a client interpolate between patches. Travels as an offset
   * from the session's first tick (receive.ts).
   */
  tickedAt: number;
  locked: boolean;
  lateJoin: boolean;
  seatChoice: "free" | "assigned";
  teamSize: number;
  helpLevel: HelpLevel;
  /** The teacher's challenge: kubelet players renew their node's Lease by hand (else the kubelet does). */
  manualHeartbeats: boolean;
  maxPlayers: number;
  /** The instructor froze the class: moves are refused and this message is shown. */
  frozen: boolean;
  freezeMessage: string;
  /** Whether students see the leaderboard. */
  leaderboardVisible: boolean;
}

export interface PlayerView {
  id: string;
  nickname: string;
  /** "" while in the lobby. */
  seat: string;
  connected: boolean;
  /** Points from the engine's judgements of this player's moves (shared/score). */
  score: number;
}

export interface SeatView {
  id: string;
  /** scheduler, kubelet, kube-proxy, controller-manager, user */
  role: string;
  /** The node of a kubelet or kube-proxy seat, else "". */
  node: string;
  driver: "bot" | "human";
  /** The seat's bot has helped its idle student since their last move (work waited a minute). */
  assisted: boolean;
  /** Player ids on this seat (a team). */
  holders: SyncedArray<string>;
}

export interface LayerView {
  digest: string;
  size: number;
  cached: boolean;
}

/** An image pull on a node: progress is `pullProgress(pull, now)` of shared/sim/runtime/puller.ts. */
export interface PullView {
  id: number;
  image: string;
  ref: string;
  pod: string;
  container: string;
  registry: string;
  enqueuedAt: number;
  startedAt: number;
  downloadStartAt: number;
  bandwidth: number;
  doneAt: number;
  error: string;
  layers: SyncedArray<LayerView>;
}

export interface RuntimeContainerView {
  id: string;
  pod: string;
  name: string;
  image: string;
  /** created, running, exited */
  state: string;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
}

/** The machine behind a node as its kubelet sees it: only the node's kubelet team and the instructor. */
export interface RuntimeView {
  up: boolean;
  networkUp: boolean;
  pulls: SyncedMap<PullView>;
  /** The runtime's containers: the kubelet's side, read by the kubelet panel (see `steps`). */
  containers: SyncedMap<RuntimeContainerView>;
  /** Normalised references of the images in the node's store (a set). */
  images: SyncedSet<string>;
  /**
   * The kubelet's next step for each container on this node, by "namespace/pod/container". A live room
   * makes the kubelet's side only for the nodes whose kubelet panel a player has open (the instructor's
   * board draws up, network and pulls): empty otherwise.
   */
  steps: SyncedMap<KubeletStepView>;
}

export interface NodeView {
  name: string;
  /** Ready, NotReady or Unknown (kubectl's STATUS without SchedulingDisabled). */
  ready: string;
  unschedulable: boolean;
  /** "key=value:Effect" */
  taints: SyncedArray<string>;
  labels: SyncedMap<string>;
  /** Allocatable: what pods may request. */
  cpu: number;
  memory: number;
  maxPods: number;
  /** The machine's capacity (allocatable is capacity less what the system reserves). */
  capacityCpu: number;
  capacityMemory: number;
  /** Images the node reports in node.status.images (public, what ImageLocality reads), normalised. */
  images: SyncedSet<string>;
  /**
   * Sum of the requests of the pods bound to the node and not finished, and their count. Not sent: the
   * client sums them from its pods (shared/protocol/nodeWire.ts' `receiveNodes`).
   */
  requestedCpu: number;
  requestedMemory: number;
  pods: number;
  internalIP: string;
  provider: string;
  instanceType: string;
  region: string;
  runtime: string;
  /** renewTime of the node's Lease (simulated ms), 0 when none. */
  leaseRenewed: number;
  /** Present only for the node's kubelet team and the instructor. */
  machine?: RuntimeView;
}

export interface ContainerStatusView {
  name: string;
  image: string;
  /** waiting, running, terminated */
  state: string;
  reason: string;
  /**
   * The state's message in the kubelet's words: why it waits (`secret "db" not found`, the back-off) or
   * how it ended (`exit 137`); "" when it has none.
   */
  message: string;
  /** The last termination, as `OOMKilled (exit 137)`; "" before the first restart. */
  lastState: string;
  ready: boolean;
  restarts: number;
  /** Init containers only: a sidecar (restartPolicy Always) that keeps running beside the app. */
  sidecar: boolean;
}

export interface PodView {
  /**
   * The pod's map key "namespace/name", its name and its namespace. Not sent: the map key says them, so
   * the client sets them on each pod it receives (shared/protocol/receivePods.ts); a replay's target does
   * the same. The phase, STATUS and containers' state and reason travel as codes (podWire.ts); in a room,
   * the node, nominated node and containers' names and images as indices into the state's dictionary,
   * the IP, memory and creation time as small numbers, the first container as fields of the pod, and
   * what the containers say (ready, restarts) not at all (syncedPod.ts).
   */
  key: string;
  name: string;
  namespace: string;
  phase: string;
  /** kubectl's STATUS column (ContainerCreating, ErrImagePull, CrashLoopBackOff, Terminating ...). */
  status: string;
  node: string;
  nominatedNode: string;
  /** Why the pod waits, e.g. the scheduler's "0/3 nodes are available: ..." */
  message: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  ip: string;
  cpu: number;
  memory: number;
  created: number;
  deleting: boolean;
  /**
   * spec.priority, from its PriorityClass (0 without one): what the scheduling queue orders by and
   * preemption compares (a pod may preempt only pods of lower priority).
   */
  priority: number;
  /** "ReplicaSet/web-7d4b9c" or "" */
  owner: string;
  /** spec.nodeSelector: the labels a Node must have. */
  nodeSelector: SyncedMap<string>;
  /**
   * Node affinity, one line per term: required terms as `disktype In (ssd, nvme), zone Exists` (any one
   * term must match), preferred ones as `weight 50: …`.
   */
  nodeAffinity: SyncedArray<string>;
  /**
   * Tolerations as `kubectl describe` prints them (`dedicated=gpu:NoSchedule`), without the two NoExecute
   * ones (not-ready, unreachable) the API server adds to every pod: those are counted in
   * `defaultTolerations`.
   */
  tolerations: SyncedArray<string>;
  defaultTolerations: number;
  containers: SyncedArray<ContainerStatusView>;
  /** spec.initContainers in order (run one at a time before the app; sidecars stay running). */
  initContainers: SyncedArray<ContainerStatusView>;
}

/** A container of a pod template: what `kubectl set image` names and changes. */
export interface TemplateContainerView {
  name: string;
  image: string;
}

/**
 * A workload controller's object: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job or CronJob. The
 * counts read as kubectl's columns for each kind: `replicas` is the desired count (a DaemonSet's
 * desiredNumberScheduled, a Job's completions, 0 for a CronJob), `readyReplicas`, `availableReplicas` and
 * `updatedReplicas` are the status's (a DaemonSet's numberReady, numberAvailable and
 * updatedNumberScheduled; a Job's ready pods; 0 where the kind has none). The status counts (ready,
 * available, up to date, active, succeeded, failed, lastTime) reach only the controller manager's seat and
 * the instructor, the screens that show them; the other seats receive the workloads without them.
 */
export interface WorkloadView {
  kind: string;
  key: string;
  name: string;
  namespace: string;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  updatedReplicas: number;
  /** Jobs: pods running (status.active); CronJobs: Jobs running. 0 for the other kinds. */
  active: number;
  /** Jobs: pods that succeeded (COMPLETIONS is succeeded/replicas) and failed. 0 for the other kinds. */
  succeeded: number;
  failed: number;
  /** CronJobs: the cron schedule, "" for the other kinds. */
  schedule: string;
  /** CronJobs: status.lastScheduleTime (simulated ms); Jobs: status.completionTime. 0 when none. */
  lastTime: number;
  owner: string;
  /**
   * Deployments: the name of the ReplicaSet whose template is the Deployment's current one (the
   * pod-template-hash matches), "" while none exists (the controller manager's CreateReplicaSet makes
   * it). "" for ReplicaSets.
   */
  currentReplicaSet: string;
  /** The pod template's containers, in order. */
  containers: SyncedArray<TemplateContainerView>;
}

/** autoscaling/v2 HorizontalPodAutoscaler on CPU utilization: what `kubectl get hpa` prints. */
export interface HorizontalPodAutoscalerView {
  key: string;
  name: string;
  namespace: string;
  /** spec.scaleTargetRef as "Deployment/shop". */
  target: string;
  minReplicas: number;
  maxReplicas: number;
  /** The metric's target: average utilization in % of the pods' requests (0 for an averageValue target). */
  targetUtilization: number;
  /** status.currentMetrics' average utilization in %, -1 while unknown. */
  currentUtilization: number;
  currentReplicas: number;
  /**
   * status.desiredReplicas: what the HPA's algorithm wants now (after tolerance, stabilization and
   * limits). With a student at the autoscaler seat the controller only reports it: the student rescales.
   */
  desiredReplicas: number;
  /** status.lastScaleTime (simulated ms), 0 when never. */
  lastScaleTime: number;
}

/** policy/v1 PodDisruptionBudget: what `kubectl get pdb` prints, and how many pods it covers. */
export interface PodDisruptionBudgetView {
  key: string;
  name: string;
  namespace: string;
  /** As written ("4", "50%"), "" when not set. */
  minAvailable: string;
  maxUnavailable: string;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
  expectedPods: number;
}

/** One node group of the cluster autoscaler (scenario spec.autoscaling) and its size now. */
export interface NodeGroupView {
  name: string;
  /** local, aws, gcp, azure */
  provider: string;
  instanceType: string;
  min: number;
  max: number;
  spot: boolean;
  /** Nodes of the group in the cluster (the kubeclass.dev/node-group label), ready or not. */
  nodes: number;
  /** Nodes asked of the provider for the group, still booting. */
  upcoming: number;
  /** Allocatable of one node of the group (millicores, bytes), and its price an hour (spot included). */
  cpu: number;
  memory: number;
  pricePerHour: number;
}

/** A machine asked of a provider (AddNode, a node group's scale-up, a spot replacement), booting. */
export interface PendingNodeView {
  name: string;
  provider: string;
  instanceType: string;
  /** "" when it belongs to no node group. */
  nodeGroup: string;
  spot: boolean;
  /** When its Node registers (simulated ms). */
  joinAt: number;
}

/** A node version rollout (UpgradeNodes): one node at a time, cordon, drain, kubelet upgrade, uncordon. */
export interface UpgradeView {
  /** "" when no rollout has been started. */
  version: string;
  /** Who drains each node: the rollout itself ("bot") or the student at kubectl ("user"). */
  drainBy: string;
  /** The node being upgraded now, "" between nodes and at the end. */
  node: string;
  /** draining, upgrading, or "". */
  phase: string;
  /** When the node entered its phase, and when its kubelet is back (upgrading), simulated ms. */
  since: number;
  readyAt: number;
  /** Nodes still to upgrade after this one, and nodes done. */
  queued: number;
  done: number;
}

/**
 * What the autoscaler seat plays and the board shows of scaling: the cluster autoscaler's node groups and
 * memory, the machines booting, the spot reclaims under way and the node upgrade. Sparse maps by node name
 * (a node is in them only while it is unneeded, being removed or being reclaimed).
 */
export interface AutoscalingView {
  nodeGroups: SyncedMap<NodeGroupView>;
  pendingNodes: SyncedMap<PendingNodeView>;
  /** Nodes the cluster autoscaler finds unneeded, since when (simulated ms). */
  unneeded: SyncedMap<number>;
  /** Nodes being removed by the cluster autoscaler (tainted ToBeDeletedByClusterAutoscaler, drained), since when. */
  deleting: SyncedMap<number>;
  /** The latest scale-up (simulated ms), 0 when none: no scale-down within scaleDownDelayAfterAddSeconds of it. */
  lastScaleUpAt: number;
  /** The cluster autoscaler's settings (0 without node groups). */
  scaleDownUnneededSeconds: number;
  scaleDownDelayAfterAddSeconds: number;
  /** In % of allocatable. */
  scaleDownUtilizationThreshold: number;
  /** Spot nodes their provider is reclaiming: when the machine goes (simulated ms). */
  spotReclaims: SyncedMap<number>;
  upgrade: UpgradeView;
}

export interface ServiceView {
  key: string;
  name: string;
  namespace: string;
  type: string;
  clusterIP: string;
  /** Ready endpoint addresses (the length of `addresses`; not sent, the client counts them: receive.ts). */
  endpoints: number;
  /** Pod IPs of the ready endpoints (a set): what a fresh kube-proxy sync programs. */
  addresses: SyncedSet<string>;
  /** Pod IPs of the endpoints not ready (a set): selected by the Service, left out of the rules. */
  notReadyAddresses: SyncedSet<string>;
}

/**
 * A core/v1 Event. Kubernetes' frequent messages travel as a code with parameters (shared/view/
 * eventTemplates.ts): then `message` and `component` are "", and eventMessageOf / eventComponentOf word
 * them.
 */
export interface EventView {
  seq: number;
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  /** 0 when `message` and `component` are as written, else the template's code. */
  code: number;
  /** The template's parameters (separated by U+001F). */
  params: string;
  kind: string;
  name: string;
  namespace: string;
  component: string;
  host: string;
  /** Simulated ms of the series' latest occurrence. */
  time: number;
  /** Occurrences in the series and the first one's time, when more than one (kubectl's "(x4 over 2m)"). */
  count?: number;
  firstTime?: number;
}

/**
 * One API request from the API server's audit log (shared/sim/model/audit.ts): a component's or a
 * player's create, update, delete, bind, scale or eviction, and its status code. The board draws each as
 * a request from its seat through the API server (to etcd when it wrote something).
 */
export interface RequestView {
  seq: number;
  time: number;
  /** The seat that asked: "scheduler", "user", "kubelet:worker-1", "instructor" ... */
  seat: string;
  verb: string;
  /** "pods", "pods/binding", "deployments" ... */
  resource: string;
  namespace: string;
  name: string;
  /** HTTP-like status: 200/201 done, 4xx/5xx refused. */
  code: number;
}

export interface PlayerAdminView {
  id: string;
  nickname: string;
  seat: string;
  connected: boolean;
  kicked: boolean;
  banned: boolean;
  /** The ban also covers their address: nobody new joins from it. */
  addressBanned: boolean;
  /** Short hash of the device id, to spot one device behind two nicknames. */
  device: string;
  ip: string;
  joinedAt: number;
  accepted: number;
  refused: number;
  malformed: number;
  throttled: number;
}

/** Only the instructor receives this. */
export interface InstructorView {
  players: SyncedMap<PlayerAdminView>;
  wordFilter: boolean;
  allowedWords: SyncedArray<string>;
  /** Commands in the match record so far. */
  commands: number;
  /** Malformed messages from anyone, since the session started. */
  malformed: number;
  throttled: number;
  /**
   * What this session's simulation costs the server's event loop, over the last minute of wall time:
   * the mean, 99th percentile and longest room step (engine ticks and projection), in ms, and the
   * engine ticks run per second of wall time (10 at 1x speed when the server keeps up).
   */
  tickMeanMs: number;
  tickP99Ms: number;
  tickMaxMs: number;
  ticksPerSecond: number;
  /** Server time (ms per second, last minute) spent on this class's kubectl, explain and heavy requests. */
  workMsPerSecond: number;
  /** Requests refused or queued because the class or a seat had used its work budget (since the start). */
  overBudget: number;
}

/** A control-plane machine: its API server, controller manager, scheduler and etcd member. */
export interface MasterView {
  name: string;
  up: boolean;
  /** Its etcd member runs (false when the machine is down or the member alone failed). */
  etcdUp: boolean;
  etcdLeader: boolean;
  /** This machine's instance holds the kube-scheduler / kube-controller-manager Lease and is active. */
  schedulerLeader: boolean;
  controllerManagerLeader: boolean;
}

export interface ControlPlaneView {
  masters: SyncedMap<MasterView>;
  /** etcd has a quorum (floor(n/2)+1 members up). */
  quorum: boolean;
  /** The API server can write now (a master up, quorum, no election in progress). */
  writable: boolean;
  etcdTerm: number;
  /** Master names of the active leaders, "" when none. */
  schedulerLeader: string;
  controllerManagerLeader: string;
}

export interface RegistryView {
  name: string;
  /** local, dockerhub, ecr, gar, acr */
  kind: string;
  host: string;
  requiresCredentials: boolean;
  /** In an outage until this simulated time; 0 when up. */
  outageUntil: number;
  /** "10/3600s", or "" without a limit. */
  rateLimit: string;
  /** Pulls counted in the current rate-limit window. */
  pullsInWindow: number;
  /** Names of the imagePullSecrets the registry accepts now (a set). */
  pullSecrets: SyncedSet<string>;
  /**
   * Names it accepted earlier in this session, or that were revoked, and no longer accepts (a set):
   * what RestoreCredential can bring back.
   */
  revokedSecrets: SyncedSet<string>;
}

/** A Service's client traffic and its SLO over the last minute, refreshed once per simulated second. */
export interface TrafficView {
  /** "namespace/name" of the Service. */
  key: string;
  rps: number;
  requests: number;
  failures: number;
  /** 0..1 over the last 60 simulated seconds (1 without requests). */
  successRate: number;
  meanLatencyMs: number;
}

/** One Service as one node's kube-proxy has programmed it. */
export interface ProxyRuleView {
  service: string;
  /**
   * Backend pod IPs in this node's rules (what iptables/IPVS really holds; PodView.ip tells which pod),
   * a set: an IP no ready pod holds any more is where stale rules send traffic.
   */
  backends: SyncedSet<string>;
  /** The rules differ from the Service's current ready endpoints. */
  stale: boolean;
}

export interface ProxyView {
  node: string;
  /** iptables or ipvs */
  mode: string;
  /**
   * Simulated time of the last full sync, 0 before the first. Like `rules`, present only for the node's
   * kube-proxy team and the instructor (the kube-proxy panel shows it; every node's proxy syncs after
   * each endpoint change, which would send 50 times 9 bytes to every screen).
   */
  lastSyncAt?: number;
  /** Some of its rules are stale. */
  stale: boolean;
  /**
   * By Service key: every Service of the cluster and every rule the proxy still holds (a rule of a
   * deleted Service is stale; a Service without rules yet has no backends, and is stale once it has
   * endpoints). Present only for the node's kube-proxy team and the instructor: 50 nodes' rules for
   * every Service would otherwise go to every screen each time an endpoint changes.
   */
  rules?: SyncedMap<ProxyRuleView>;
}

/** What the kubelet would do next for one container (the bot's move, and a hint for a player). */
export interface KubeletStepView {
  /** "namespace/pod/container" */
  key: string;
  /** The pod's key "namespace/name" (as in `pods`). */
  pod: string;
  container: string;
  /** pull, start, wait, none */
  step: string;
  /** For wait: ImagePullBackOff, CrashLoopBackOff, ErrImageNeverPull ...; for none: running, starting, finished; "" for pull and start. */
  reason: string;
  /** For wait, the kubelet's message; for pull and start, the normalised image reference. */
  message: string;
  /** For wait, when the back-off ends (simulated ms), else 0. */
  until: number;
  /** An init container: run in order, each once the one before it has completed. */
  init: boolean;
  /** The prober's workers for this container (liveness, readiness, startup), as the kubelet holds them. */
  probes: SyncedArray<ProbeView>;
}

/** One probe worker of a container (pkg/kubelet/prober/worker.go): its result and when it runs next. */
export interface ProbeView {
  /** liveness, readiness, startup */
  type: string;
  /** The results manager's value: success, failure or unknown. */
  result: string;
  /** The last probe's outcome ("" before the first) and how many in a row. */
  lastResult: string;
  run: number;
  /** failureThreshold (for a failing run) or successThreshold. */
  threshold: number;
  /** When the next probe runs (simulated ms), 0 when none is due (not started, on hold). */
  nextAt: number;
  /** The last failure's output, as the Unhealthy event says it ("HTTP probe failed with statuscode: 500"). */
  output: string;
}

/** The engine's verdict on a move (see shared/sim/model/judgement.ts). */
export interface JudgementView {
  /** Position in the engine's judgement log (as a string; increasing). */
  id: string;
  time: number;
  seat: string;
  driver: "bot" | "human";
  kind: string;
  subject: string;
  value: number;
  /** pointsFor(judgement) of shared/score: what it earned (or cost) the seat's players. */
  points: number;
  detail: string;
}

export interface ClassroomStateView {
  session: SessionView;
  players: SyncedMap<PlayerView>;
  seats: SyncedMap<SeatView>;
  /** sent as nodeWire.ts' NodeStateView, read as NodeView once `receiveNodes` ran */
  nodes: SyncedMap<NodeView>;
  /** by "namespace/name"; synced as syncedPod.ts' SyncedPod, read as PodView once `receiveState` ran */
  pods: SyncedMap<PodView>;
  /** Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and CronJobs by "Kind/namespace/name" */
  workloads: SyncedMap<WorkloadView>;
  /** By "namespace/name". */
  horizontalPodAutoscalers: SyncedMap<HorizontalPodAutoscalerView>;
  /** By "namespace/name". */
  podDisruptionBudgets: SyncedMap<PodDisruptionBudgetView>;
  autoscaling: AutoscalingView;
  services: SyncedMap<ServiceView>;
  /**
   * The most recent events by seq (as a string), at most EVENTS_PER_SECOND routine ones a simulated
   * second; the oldest are dropped beyond EVENTS_KEPT. Synced as eventWire.ts' EventWire, read as
   * EventView once `receiveState` ran.
   */
  events: SyncedMap<EventView>;
  controlPlane: ControlPlaneView;
  registries: SyncedMap<RegistryView>;
  /** Client traffic by Service key. */
  traffic: SyncedMap<TrafficView>;
  /** kube-proxy of each node, by node name. */
  proxies: SyncedMap<ProxyView>;
  /** The most recent human judgements (JUDGEMENTS_KEPT), by id. */
  judgements: SyncedMap<JudgementView>;
  /**
   * The most recent API requests of the audit log (REQUESTS_KEPT), by seq (as a string): a player's and
   * the refused ones, and at most REQUESTS_PER_SECOND of the components' a simulated second.
   */
  requests: SyncedMap<RequestView>;
  /** Present only for the instructor. */
  instructor?: InstructorView;
}

/** How many recent judgements the synced state keeps. */
export const JUDGEMENTS_KEPT = 50;

/** How many recent API requests the synced state keeps. */
export const REQUESTS_KEPT = 40;

/** How many recent events the synced state keeps. */
export const EVENTS_KEPT = 100;

/**
 * How many routine events (not warnings, not the game's, not a Node's or a pull's) and how many
 * components' API requests the synced state takes per simulated second (shared/view/window.ts): beyond
 * that nobody reads them and the board cannot draw them, and each would go to every screen.
 */
export const EVENTS_PER_SECOND = 10;
export const REQUESTS_PER_SECOND = 5;
