import { podStatusReason } from "../../shared/kubectl/printers.ts";
import type {
  ContainerStatusView,
  EventView,
  JudgementView,
  LayerView,
  NodeView,
  PlayerView,
  PodView,
  ProxyRuleView,
  ProxyView,
  PullView,
  RegistryView,
  RuntimeContainerView,
  SeatView,
  ServiceView,
  SessionView,
  TrafficView,
  WorkloadView,
} from "../../shared/protocol/state.ts";
import { EVENTS_KEPT } from "../../shared/protocol/state.ts";
import type { MatchRecord } from "../../shared/replay/record.ts";
import { apiAvailable, etcdHasQuorum } from "../../shared/sim/apiserver/availability.ts";
import { templateHash } from "../../shared/sim/controllers/deployment/replicasets.ts";
import { activeLeader } from "../../shared/sim/controlplane/leaderelection.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import type { Pod } from "../../shared/sim/model/pod.ts";
import type { Deployment, ReplicaSet } from "../../shared/sim/model/workload.ts";
import { currentBackends } from "../../shared/sim/proxy/kubeproxy.ts";
import { serviceLevel } from "../../shared/sim/proxy/traffic.ts";
import type { ClusterView } from "../state/view.ts";

/**
 * A replay's engine seen through the synced state's shape, so the board and the tables draw a replay
 * exactly as they draw a live class. Built whole at each frame shown (plain Maps and arrays); the
 * projection follows the server's (server/state/project.ts, ControlPlaneProjector.ts) field by field.
 */
function map<V>(entries: Iterable<[string, V]>): Map<string, V> {
  return new Map(entries);
}

function podView(key: string, pod: Pod): PodView {
  const statuses = pod.status.containerStatuses;
  const unscheduled = pod.status.conditions.find((c) => c.type === "PodScheduled" && c.status === "False");
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller) ?? pod.metadata.ownerReferences?.[0];
  const containers: ContainerStatusView[] = pod.spec.containers.map((spec) => {
    const status = statuses.find((s) => s.name === spec.name);
    let state = "waiting";
    let reason = "ContainerCreating";
    if (status) {
      if ("running" in status.state) {
        state = "running";
        reason = "";
      } else if ("terminated" in status.state) {
        state = "terminated";
        reason = status.state.terminated.reason ?? "";
      } else reason = status.state.waiting.reason ?? "";
    }
    return {
      name: spec.name,
      image: spec.image,
      state,
      reason,
      ready: status?.ready ?? false,
      restarts: status?.restartCount ?? 0,
    };
  });
  return {
    key,
    name: pod.metadata.name,
    namespace: pod.metadata.namespace,
    uid: pod.metadata.uid,
    phase: pod.status.phase,
    status: podStatusReason(pod),
    node: pod.spec.nodeName ?? "",
    nominatedNode: pod.status.nominatedNodeName ?? "",
    message: pod.status.message ?? unscheduled?.message ?? "",
    readyContainers: statuses.filter((s) => s.ready).length,
    totalContainers: pod.spec.containers.length,
    restarts: statuses.reduce((sum, s) => sum + s.restartCount, 0),
    ip: pod.status.podIP ?? "",
    cpu: pod.requests.cpu,
    memory: pod.requests.memory,
    created: pod.metadata.creationTimestamp,
    deleting: pod.metadata.deletionTimestamp !== undefined,
    owner: owner ? `${owner.kind}/${owner.name}` : "",
    labels: map(Object.entries(pod.metadata.labels)) as never,
    containers: containers as never,
  };
}

export function engineView(engine: Engine, record: MatchRecord, status: SessionView["status"]): ClusterView {
  const s = engine.state;
  const now = engine.now;
  const session: SessionView = {
    code: "",
    scenario: record.scenario.name,
    title: record.scenario.title,
    description: "",
    goals: [] as never,
    winConditions: [] as never,
    status,
    speed: 1,
    tick: s.tick,
    now,
    startTime: s.startTime,
    durationSeconds: 0,
    tickedAt: 0,
    locked: false,
    lateJoin: false,
    seatChoice: "free",
    teamSize: 0,
    maxPlayers: 0,
    frozen: false,
    freezeMessage: "",
    leaderboardVisible: false,
  };
  const pods = new Map<string, PodView>();
  const byNode = new Map<string, PodView[]>();
  for (const [key, pod] of Object.entries(s.pods)) {
    const view = podView(key, pod);
    pods.set(key, view);
    if (view.node) byNode.set(view.node, [...(byNode.get(view.node) ?? []), view]);
  }
  const nodes = new Map<string, NodeView>();
  for (const [name, node] of Object.entries(s.nodes)) {
    const ready = node.status.conditions.find((c) => c.type === "Ready")?.status;
    let cpu = 0;
    let memory = 0;
    let count = 0;
    for (const p of byNode.get(name) ?? []) {
      if (p.phase === "Succeeded" || p.phase === "Failed") continue;
      cpu += p.cpu;
      memory += p.memory;
      count++;
    }
    nodes.set(name, {
      name,
      ready: ready === "True" ? "Ready" : ready === "False" ? "NotReady" : "Unknown",
      unschedulable: node.spec.unschedulable,
      taints: node.spec.taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`) as never,
      labels: map(Object.entries(node.metadata.labels)) as never,
      cpu: node.status.allocatable.cpu,
      memory: node.status.allocatable.memory,
      maxPods: node.status.allocatable.pods,
      requestedCpu: cpu,
      requestedMemory: memory,
      pods: count,
      internalIP: node.status.addresses.find((a) => a.type === "InternalIP")?.address ?? "",
      provider: node.machine?.provider ?? "",
      instanceType: node.machine?.instanceType ?? "",
      region: node.machine?.region ?? "",
      runtime: node.machine?.runtime ?? "",
      leaseRenewed: s.leases[`kube-node-lease/${name}`]?.spec.renewTime ?? 0,
      machine: machineView(engine, name) as never,
    });
  }
  const workloads = new Map<string, WorkloadView>();
  for (const [kind, objects] of [
    ["Deployment", s.deployments],
    ["ReplicaSet", s.replicasets],
  ] as const) {
    for (const [key, o] of Object.entries(objects ?? {})) {
      const owner = o.metadata.ownerReferences?.find((r: { controller?: boolean }) => r.controller);
      const template = (o as Deployment | ReplicaSet).spec.template;
      workloads.set(`${kind}/${key}`, {
        kind,
        key,
        name: o.metadata.name,
        namespace: o.metadata.namespace,
        replicas: o.spec.replicas,
        readyReplicas: o.status?.readyReplicas ?? 0,
        availableReplicas: o.status?.availableReplicas ?? 0,
        updatedReplicas:
          kind === "Deployment"
            ? ((o.status as { updatedReplicas?: number } | undefined)?.updatedReplicas ?? 0)
            : 0,
        owner: owner ? `${owner.kind}/${owner.name}` : "",
        currentReplicaSet: kind === "Deployment" ? currentReplicaSet(s.replicasets, o as Deployment) : "",
        containers: template.spec.containers.map((c) => ({ name: c.name, image: c.image })) as never,
      });
    }
  }
  const services = new Map<string, ServiceView>();
  for (const [key, svc] of Object.entries(s.services ?? {})) {
    const subsets = s.endpoints?.[key]?.subsets ?? [];
    const addresses = [...new Set(subsets.flatMap((x) => x.addresses.map((a) => a.ip)))].sort();
    services.set(key, {
      key,
      name: svc.metadata.name,
      namespace: svc.metadata.namespace,
      type: svc.spec.type,
      clusterIP: svc.spec.clusterIP,
      endpoints: addresses.length,
      addresses: addresses as never,
      notReadyAddresses: [
        ...new Set(subsets.flatMap((x) => x.notReadyAddresses.map((a) => a.ip))),
      ].sort() as never,
    });
  }
  const events = new Map<string, EventView>();
  for (const e of s.events.slice(-EVENTS_KEPT)) {
    events.set(String(e.seq), {
      seq: e.seq,
      type: e.type,
      reason: e.reason,
      message: e.message,
      kind: e.involvedObject.kind,
      name: e.involvedObject.name,
      namespace: e.involvedObject.namespace ?? "",
      component: e.source.component,
      host: e.source.host ?? "",
      time: e.eventTime,
    });
  }
  const scheduler = activeLeader(engine, "kube-scheduler") ?? "";
  const controllerManager = activeLeader(engine, "kube-controller-manager") ?? "";
  const etcd = s.controlPlane.etcd;
  const controlPlane = {
    masters: map(
      s.controlPlane.masters.map((m) => [
        m.name,
        {
          name: m.name,
          up: m.up,
          etcdUp: m.up && !m.etcdDown,
          etcdLeader: etcd.leader === m.name,
          schedulerLeader: scheduler === m.name,
          controllerManagerLeader: controllerManager === m.name,
        },
      ]),
    ) as never,
    quorum: etcdHasQuorum(s),
    writable: apiAvailable(s),
    etcdTerm: etcd.term,
    schedulerLeader: scheduler,
    controllerManagerLeader: controllerManager,
  };
  const registries = new Map<string, RegistryView>();
  const secretNames = credentialNames(engine, record);
  for (const [name, r] of Object.entries(s.registries)) {
    const accepted = [...new Set(r.pullSecrets)].sort();
    const limit = r.rateLimit;
    const windowStart = limit ? now - limit.windowSeconds * 1000 : now;
    registries.set(name, {
      name,
      kind: r.kind,
      host: r.host,
      requiresCredentials: r.requiresCredentials,
      outageUntil: r.outageUntil !== undefined && r.outageUntil > now ? r.outageUntil : 0,
      rateLimit: limit ? `${limit.pulls}/${limit.windowSeconds}s` : "",
      pullsInWindow: limit ? r.pullTimes.filter((t) => t > windowStart).length : 0,
      pullSecrets: accepted as never,
      revokedSecrets: [...(secretNames.get(name) ?? [])].filter((n) => !accepted.includes(n)).sort() as never,
    });
  }
  const traffic = new Map<string, TrafficView>();
  for (const [key, tr] of Object.entries(s.traffic ?? {})) {
    const level = serviceLevel(tr, now, 60);
    traffic.set(key, {
      key,
      rps: tr.rps,
      requests: level.requests,
      failures: level.failures,
      successRate: level.successRate,
      meanLatencyMs: level.meanLatencyMs,
    });
  }
  const current = new Map<string, { resourceVersion: number; ips: string[] }>();
  for (const key of Object.keys(s.services ?? {})) {
    const { backends, resourceVersion } = currentBackends(engine, key);
    current.set(key, { resourceVersion, ips: backends.map((b) => b.ip).sort() });
  }
  const proxies = new Map<string, ProxyView>();
  for (const [node, proxy] of Object.entries(s.proxies ?? {})) {
    const rules = new Map<string, ProxyRuleView>();
    for (const key of new Set([...current.keys(), ...Object.keys(proxy.rules)])) {
      const r = proxy.rules[key];
      const cur = current.get(key);
      const ips = (r?.backends ?? []).map((b) => b.ip);
      const stale = r
        ? !cur || (r.resourceVersion !== cur.resourceVersion && ips.slice().sort().join() !== cur.ips.join())
        : (cur?.ips.length ?? 0) > 0;
      rules.set(key, { service: key, backends: ips as never, stale, syncedAt: r?.syncedAt ?? 0 });
    }
    proxies.set(node, { node, mode: proxy.mode, lastSyncAt: proxy.lastSyncAt ?? 0, rules: rules as never });
  }
  const players = new Map<string, PlayerView>();
  const tick = s.tick;
  for (const p of record.players) {
    const seat =
      record.occupancy.find(
        (o) => o.player === p.id && o.fromTick <= tick && (o.toTick === undefined || o.toTick > tick),
      )?.seat ?? "";
    players.set(p.id, { id: p.id, nickname: p.nickname, seat, connected: seat !== "", score: 0 });
  }
  const seats = new Map<string, SeatView>();
  for (const [id, seat] of Object.entries(s.seats)) {
    if (id === "instructor" || id === "scenario") continue;
    const holders = [...players.values()].filter((p) => p.seat === id).map((p) => p.id);
    const colon = id.indexOf(":");
    seats.set(id, {
      id,
      role: colon > 0 ? id.slice(0, colon) : id,
      node: colon > 0 ? id.slice(colon + 1) : "",
      driver: seat.driver,
      holders: holders as never,
    });
  }
  const judgements = new Map<string, JudgementView>();
  s.judgements.slice(-50).forEach((j, i) => {
    judgements.set(String(i), {
      id: String(i),
      time: j.time,
      seat: j.seat,
      driver: j.driver,
      kind: j.kind,
      subject: j.subject,
      value: j.value,
      points: 0,
      detail: j.detail ?? "",
    });
  });
  return {
    session,
    players: players as never,
    seats: seats as never,
    nodes: nodes as never,
    pods: pods as never,
    workloads: workloads as never,
    services: services as never,
    events: events as never,
    controlPlane: controlPlane as never,
    registries: registries as never,
    traffic: traffic as never,
    proxies: proxies as never,
    judgements: judgements as never,
  };
}

/** As the server's ReplicaSetIndex: the oldest ReplicaSet the Deployment controls running its template. */
function currentReplicaSet(replicasets: Record<string, ReplicaSet>, d: Deployment): string {
  const hash = templateHash(d.spec.template);
  let found: ReplicaSet | undefined;
  for (const rs of Object.values(replicasets ?? {})) {
    const owner = rs.metadata.ownerReferences?.find((o) => o.controller && o.kind === "Deployment");
    if (owner?.uid !== d.metadata.uid || templateHash(rs.spec.template) !== hash) continue;
    const a = rs.metadata;
    const b = found?.metadata;
    if (
      !b ||
      a.creationTimestamp < b.creationTimestamp ||
      (a.creationTimestamp === b.creationTimestamp && a.name < b.name)
    )
      found = rs;
  }
  return found?.metadata.name ?? "";
}

/** Secret names credential commands (the match's and the timeline's, so far) gave each registry. */
function credentialNames(engine: Engine, record: MatchRecord): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  const note = (command: Record<string, unknown> | undefined) => {
    if (command?.type !== "RevokeCredential" && command?.type !== "RestoreCredential") return;
    if (typeof command.registry !== "string" || typeof command.secret !== "string") return;
    const set = names.get(command.registry) ?? new Set<string>();
    set.add(command.secret);
    names.set(command.registry, set);
  };
  const s = engine.state;
  for (const c of record.commands) if (c.ok && c.tick <= s.tick) note(c.command);
  for (const step of s.timeline.slice(0, s.timelineNext)) note(step.command);
  return names;
}

function machineView(engine: Engine, node: string) {
  const m = engine.state.machines[node];
  if (!m) return undefined;
  const pulls = new Map<string, PullView>();
  for (const p of m.pulls) {
    const layers: LayerView[] = (p.layers ?? []).map((l) => ({
      digest: l.digest,
      size: l.size,
      cached: l.cached,
    }));
    pulls.set(String(p.id), {
      id: p.id,
      image: p.image,
      ref: p.ref,
      pod: p.podKey,
      container: p.container,
      registry: p.registry ?? "",
      enqueuedAt: p.enqueuedAt,
      startedAt: p.startedAt ?? 0,
      downloadStartAt: p.downloadStartAt ?? 0,
      bandwidth: p.bandwidth ?? 0,
      doneAt: p.doneAt ?? 0,
      error: p.error ?? "",
      layers: layers as never,
    });
  }
  const containers = new Map<string, RuntimeContainerView>();
  for (const [key, c] of Object.entries(m.containers)) {
    containers.set(key, {
      id: c.id,
      pod: c.podKey,
      name: c.name,
      image: c.image,
      state: c.finishedAt !== undefined ? "exited" : c.startedAt !== undefined ? "running" : "created",
      startedAt: c.startedAt ?? 0,
      finishedAt: c.finishedAt ?? 0,
      exitCode: c.exitCode ?? 0,
      reason: c.reason ?? "",
    });
  }
  return {
    up: m.up,
    networkUp: m.networkUp,
    pulls,
    containers,
    images: Object.keys(m.images).sort(),
    steps: new Map(),
  };
}
