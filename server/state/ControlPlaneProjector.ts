import { apiAvailable, etcdHasQuorum } from "../../shared/sim/apiserver/availability.ts";
import { activeLeader } from "../../shared/sim/controlplane/leaderelection.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import type { Registry } from "../../shared/sim/model/registry.ts";
import type {
  ProxyState as EngineProxy,
  ProxyRules,
  ServiceTraffic,
} from "../../shared/sim/model/traffic.ts";
import { currentBackends } from "../../shared/sim/proxy/kubeproxy.ts";
import { serviceLevel } from "../../shared/sim/proxy/traffic.ts";
import type { ClassroomState } from "./ClassroomState.ts";
import {
  MasterState,
  ProxyRuleState,
  ProxyState,
  RegistryState,
  type RegistryState as RegistryStateType,
  TrafficState,
  type TrafficState as TrafficStateType,
} from "./controlplane.ts";
import { syncSchemaMap, syncStringSet } from "./sync.ts";

/** Ticks per simulated second: traffic and proxy rules are refreshed at most this often. */
const SECOND_TICKS = 10;
/** The window of TrafficView's figures, simulated seconds. */
const TRAFFIC_WINDOW_SECONDS = 60;

/** A registry and the secret name an accepted RevokeCredential or RestoreCredential gave it. */
export interface CredentialChange {
  registry: string;
  secret: string;
}

/** The registry and secret of a credential command, undefined for any other command. */
export function credentialChange(command: unknown): CredentialChange | undefined {
  const c = command as { type?: unknown; registry?: unknown; secret?: unknown } | null;
  if (c?.type !== "RevokeCredential" && c?.type !== "RestoreCredential") return undefined;
  return typeof c.registry === "string" && typeof c.secret === "string"
    ? { registry: c.registry, secret: c.secret }
    : undefined;
}

interface CurrentEndpoints {
  resourceVersion: number;
  /** Ready backend IPs, sorted: what a fresh sync would program. */
  ips: string[];
}

/**
 * Projects what has no API object change feed: the control plane (masters, etcd, the leader elections),
 * the registries, each node's kube-proxy rules and the Services' traffic. They change rarely or only
 * with time, so they are refreshed once per simulated second, and the control plane and registries
 * also at once after a command (an instructor's fault) or a Lease change (a new leader).
 */
export class ControlPlaneProjector {
  private readonly engine: Engine;
  private readonly state: ClassroomState;
  private lastSecond = -1;
  private urgent = true;
  /** Per programmed rule: the Endpoints version it was last judged against, and the verdict. */
  private readonly staleness = new WeakMap<ProxyRules, { resourceVersion: number; stale: boolean }>();
  /** The engine rules each synced rule shows (a sync replaces the engine's object). */
  private readonly shown = new WeakMap<ProxyRuleState, ProxyRules>();
  /**
   * Secret names each registry accepted at some point of this session, or that a credential command
   * named: the revoked ones are those it no longer accepts (the engine keeps only the accepted).
   */
  private readonly secretNames = new Map<string, Set<string>>();

  constructor(engine: Engine, state: ClassroomState) {
    this.engine = engine;
    this.state = state;
  }

  /** The control plane or a registry may have changed now (a command, a Lease write). */
  touch(): void {
    this.urgent = true;
  }

  /** A credential was revoked or restored (now, by the timeline, or before a restart). */
  credentialChanged(change: CredentialChange): void {
    if (!this.engine.state.registries[change.registry]) return;
    this.namesOf(change.registry).add(change.secret);
    this.urgent = true;
  }

  private namesOf(registry: string): Set<string> {
    let names = this.secretNames.get(registry);
    if (!names) {
      names = new Set();
      this.secretNames.set(registry, names);
    }
    return names;
  }

  /** Refreshes what is due; `force` refreshes everything. */
  refresh(force = false): void {
    const second = Math.floor(this.engine.state.tick / SECOND_TICKS);
    const everySecond = force || second !== this.lastSecond;
    if (everySecond || this.urgent) {
      this.projectControlPlane();
      this.projectRegistries();
      this.urgent = false;
    }
    if (!everySecond) return;
    this.lastSecond = second;
    this.projectTraffic();
    this.projectProxies();
  }

  private projectControlPlane(): void {
    const engine = this.engine;
    const s = engine.state;
    const target = this.state.controlPlane;
    const scheduler = activeLeader(engine, "kube-scheduler") ?? "";
    const controllerManager = activeLeader(engine, "kube-controller-manager") ?? "";
    const etcd = s.controlPlane.etcd;
    syncSchemaMap(
      target.masters,
      new Map(s.controlPlane.masters.map((m) => [m.name, m])),
      () => new MasterState(),
      (item, m) => {
        item.name = m.name;
        item.up = m.up;
        item.etcdUp = m.up && !m.etcdDown;
        item.etcdLeader = etcd.leader === m.name;
        item.schedulerLeader = scheduler === m.name;
        item.controllerManagerLeader = controllerManager === m.name;
      },
    );
    target.quorum = etcdHasQuorum(s);
    target.writable = apiAvailable(s);
    target.etcdTerm = etcd.term;
    target.schedulerLeader = scheduler;
    target.controllerManagerLeader = controllerManager;
  }

  private projectRegistries(): void {
    const now = this.engine.now;
    syncSchemaMap(
      this.state.registries,
      new Map(Object.entries(this.engine.state.registries)),
      () => new RegistryState(),
      (item, r) => {
        projectRegistry(item, r, now);
        const names = this.namesOf(r.name);
        for (const secret of r.pullSecrets) names.add(secret);
        const accepted = new Set(r.pullSecrets);
        syncStringSet(item.pullSecrets, accepted);
        syncStringSet(
          item.revokedSecrets,
          [...names].filter((n) => !accepted.has(n)),
        );
      },
    );
  }

  private projectTraffic(): void {
    const now = this.engine.now;
    syncSchemaMap(
      this.state.traffic,
      new Map(Object.entries(this.engine.state.traffic)),
      () => new TrafficState(),
      (item, traffic, key) => projectTraffic(item, key, traffic, now),
    );
  }

  private projectProxies(): void {
    const engine = this.engine;
    const current = new Map<string, CurrentEndpoints>();
    for (const key of Object.keys(engine.state.services)) {
      const { backends, resourceVersion } = currentBackends(engine, key);
      current.set(key, { resourceVersion, ips: backends.map((b) => b.ip).sort() });
    }
    syncSchemaMap(
      this.state.proxies,
      new Map(Object.entries(engine.state.proxies)),
      () => new ProxyState(),
      (item, proxy, node) => {
        item.node = node;
        item.mode = proxy.mode;
        item.lastSyncAt = proxy.lastSyncAt ?? 0;
        syncSchemaMap(
          item.rules,
          ruleKeys(proxy, current),
          () => new ProxyRuleState(),
          (rule, _unused, service) =>
            this.projectRule(rule, service, proxy.rules[service], current.get(service)),
        );
      },
    );
  }

  private projectRule(
    target: ProxyRuleState,
    service: string,
    rules: ProxyRules | undefined,
    current: CurrentEndpoints | undefined,
  ): void {
    target.service = service;
    target.syncedAt = rules?.syncedAt ?? 0;
    if (!rules) {
      if (target.backends.length > 0) target.backends.clear();
      target.stale = (current?.ips.length ?? 0) > 0;
      return;
    }
    if (this.shown.get(target) !== rules) {
      syncStringSet(
        target.backends,
        rules.backends.map((b) => b.ip),
      );
      this.shown.set(target, rules);
    }
    const resourceVersion = current?.resourceVersion ?? -1;
    let verdict = this.staleness.get(rules);
    if (!verdict || verdict.resourceVersion !== resourceVersion) {
      // rules written from this very Endpoints version are what a sync would write now; a rule of a
      // deleted Service is stale until the proxy drops it
      const stale =
        !current ||
        (rules.resourceVersion !== current.resourceVersion &&
          !sameList(rules.backends.map((b) => b.ip).sort(), current.ips));
      verdict = { resourceVersion, stale };
      this.staleness.set(rules, verdict);
    }
    target.stale = verdict.stale;
  }
}

/** Every Service of the cluster and every Service the proxy still has rules for. */
function ruleKeys(proxy: EngineProxy, current: Map<string, CurrentEndpoints>): Map<string, true> {
  const keys = new Map<string, true>();
  for (const key of current.keys()) keys.set(key, true);
  for (const key of Object.keys(proxy.rules)) keys.set(key, true);
  return keys;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function projectRegistry(target: RegistryStateType, registry: Registry, now: number): void {
  target.name = registry.name;
  target.kind = registry.kind;
  target.host = registry.host;
  target.requiresCredentials = registry.requiresCredentials;
  target.outageUntil =
    registry.outageUntil !== undefined && registry.outageUntil > now ? registry.outageUntil : 0;
  const limit = registry.rateLimit;
  target.rateLimit = limit ? `${limit.pulls}/${limit.windowSeconds}s` : "";
  if (!limit) {
    target.pullsInWindow = 0;
    return;
  }
  const windowStart = now - limit.windowSeconds * 1000;
  let count = 0;
  for (
    let i = registry.pullTimes.length - 1;
    i >= 0 && (registry.pullTimes[i] as number) > windowStart;
    i--
  ) {
    count++;
  }
  target.pullsInWindow = count;
}

function projectTraffic(target: TrafficStateType, key: string, traffic: ServiceTraffic, now: number): void {
  const level = serviceLevel(traffic, now, TRAFFIC_WINDOW_SECONDS);
  target.key = key;
  target.rps = traffic.rps;
  target.requests = level.requests;
  target.failures = level.failures;
  target.successRate = level.successRate;
  target.meanLatencyMs = Math.round(level.meanLatencyMs * 100) / 100;
}
