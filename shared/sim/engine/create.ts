import { applyObject } from "../apiserver/apiserver.ts";
import { applyUnstructured } from "../apiserver/unstructured.ts";
import { NODE_GROUP_LABEL } from "../autoscaler/spec.ts";
import { defaultDockerHub, makeRegistry } from "../catalogue/registries.ts";
import { runLeaderElection } from "../controlplane/leaderelection.ts";
import { CLUSTER_SEATS } from "../model/seat.ts";
import type { ClusterState } from "../model/state.ts";
import { seedRng } from "../prng.ts";
import { newTraffic } from "../proxy/traffic.ts";
import { addNode, joinPendingNodes } from "../world/cloud.ts";
import { installPullSecrets, installStorageClasses, storageProvider } from "../world/installer.ts";
import { installSystemServices } from "../world/systempods.ts";
import { Engine } from "./Engine.ts";
import { type ClusterSpec, DEFAULT_WORKERS, SYSTEM_NAMESPACES } from "./spec.ts";

export interface EngineOptions {
  /** Overrides the spec's seed. */
  seed?: number;
}

/** Builds the cluster a spec (a scenario) describes at its start time, every seat played by a bot. */
export function createEngine(scenario: ClusterSpec, options: EngineOptions = {}): Engine {
  const seed = options.seed ?? scenario.seed;
  const dockerHub = defaultDockerHub();
  const registries = { [dockerHub.name]: dockerHub };
  for (const options of scenario.registries) {
    const registry = makeRegistry(options);
    registries[registry.name] = registry;
  }
  // The built-in catalogue stays out of the state (registry/images.ts); only the scenario's own images are here.
  const images: ClusterState["images"] = {};
  for (const manifest of scenario.images) images[`${manifest.repository}:${manifest.tag}`] = manifest;
  const state: ClusterState = {
    schemaVersion: 4,
    scenario: scenario.name,
    startTime: scenario.startTime,
    now: scenario.startTime,
    tick: 0,
    seed,
    rng: seedRng(seed),
    revision: 0,
    uidSeq: 0,
    nodeSeq: 0,
    namespaces: {},
    nodes: {},
    pods: {},
    leases: {},
    deployments: {},
    replicasets: {},
    services: {},
    endpoints: {},
    priorityClasses: {},
    poddisruptionbudgets: {},
    jobs: {},
    cronjobs: {},
    daemonsets: {},
    statefulsets: {},
    horizontalpodautoscalers: {},
    configmaps: {},
    secrets: {},
    serviceaccounts: {},
    persistentvolumeclaims: {},
    persistentvolumes: {},
    storageclasses: {},
    unstructured: {},
    events: [],
    eventSeq: 0,
    audit: [],
    auditSeq: 0,
    judgements: [],
    judgementSeq: 0,
    controlPlane: {
      masters: Array.from({ length: scenario.controlPlaneReplicas }, (_, i) => ({
        name: `master-${i + 1}`,
        up: true,
      })),
      etcd: { leader: "master-1", term: 1 },
    },
    controllers: {
      nodeHealth: {},
      taintQueue: [],
      nextNodeMonitorAt: scenario.startTime,
      dirty: {
        replicasets: {},
        deployments: {},
        services: {},
        jobs: {},
        cronjobs: {},
        daemonsets: {},
        statefulsets: {},
        disruptionbudgets: {},
      },
      deletedOwners: {},
      diverged: {},
      drainingNodes: {},
      autoscaling: { nextSyncAt: scenario.startTime, hpas: {} },
    },
    proxies: {},
    traffic: {},
    pendingNodes: [],
    registries,
    images,
    layers: { ...scenario.layers },
    machines: {},
    kubelets: {},
    scheduler: { queue: {}, nextStartNodeIndex: 0, moveRequest: false },
    seats: Object.fromEntries(CLUSTER_SEATS.map((seat) => [seat, { driver: "bot" as const }])),
    timeline: scenario.timeline,
    timelineNext: 0,
    timers: [],
    timerSeq: 0,
    notSimulated: scenario.notSimulated,
  };
  for (const t of scenario.traffic) state.traffic[`${t.namespace}/${t.service}`] = newTraffic(t.rps);
  if (scenario.autoscaling) {
    state.clusterAutoscaler = {
      spec: scenario.autoscaling,
      nextScanAt: scenario.startTime,
      unneededSince: {},
      deleting: {},
    };
  }
  // The autoscaler seat exists where there is something to autoscale.
  if (scenario.autoscaling || scenario.objects.some((o) => o.kind === "HorizontalPodAutoscaler")) {
    state.seats.autoscaler = { driver: "bot" };
  }
  const engine = new Engine(state);
  for (const name of SYSTEM_NAMESPACES) {
    applyObject(engine, { kind: "Namespace", metadata: { name, labels: {}, annotations: {} } });
  }
  runLeaderElection(engine, true);
  const objects = scenario.objects;
  // No Node declared: the default workers, unless node groups provide the nodes.
  const groupNodes = (scenario.autoscaling?.nodeGroups ?? []).some((g) => g.min > 0);
  if (!objects.some((o) => o.kind === "Node") && !groupNodes) {
    for (const name of DEFAULT_WORKERS) {
      applyObject(engine, {
        kind: "Node",
        metadata: { name, labels: {}, annotations: {} },
        spec: { unschedulable: false, taints: [] },
        machine: {},
      });
    }
  }
  // The installer's objects the scenario's own can rely on (its StorageClass may become the default).
  if (!objects.some((o) => o.kind === "StorageClass")) {
    const providers = objects.flatMap((o) => (o.kind === "Node" ? [o.machine.provider ?? "local"] : []));
    installStorageClasses(engine, storageProvider(providers.length ? providers : ["local"]));
  }
  for (const object of objects) {
    const result = applyObject(engine, object);
    if (!result.ok) throw new Error(`scenario ${scenario.name}: ${result.message}`);
  }
  for (const document of scenario.stored ?? []) {
    const result = applyUnstructured(engine, document, document.manifest);
    if (!result.ok) throw new Error(`scenario ${scenario.name}: ${result.message}`);
  }
  // Node groups start at their minimum size, their machines already up (as the cloud's groups keep them).
  for (const group of scenario.autoscaling?.nodeGroups ?? []) {
    const have = Object.values(state.nodes).filter(
      (n) => n.metadata.labels[NODE_GROUP_LABEL] === group.name,
    ).length;
    for (let i = have; i < group.min; i++) {
      addNode(engine, group.provider, group.instanceType, undefined, {
        nodeGroup: group.name,
        spot: group.spot === true,
      });
    }
  }
  for (const pending of state.pendingNodes) pending.joinAt = state.now;
  joinPendingNodes(engine);
  installPullSecrets(engine);
  installSystemServices(engine);
  return engine;
}
