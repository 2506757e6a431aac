import type { ProxyRuleView, ProxyView } from "../protocol/state.ts";
import type { Engine } from "../sim/engine/Engine.ts";
import type { ProxyRules, ProxyState } from "../sim/model/traffic.ts";
import { currentBackends } from "../sim/proxy/kubeproxy.ts";
import { isClusterSystem } from "./system.ts";

/** A Service's ready endpoints now: what a fresh kube-proxy sync would program. */
export interface CurrentEndpoints {
  resourceVersion: number;
  /** Ready backend IPs, sorted. */
  ips: string[];
}

export function currentEndpoints(engine: Engine): Map<string, CurrentEndpoints> {
  const current = new Map<string, CurrentEndpoints>();
  for (const key of Object.keys(engine.state.services)) {
    if (isClusterSystem(key)) continue;
    const { backends, resourceVersion } = currentBackends(engine, key);
    current.set(key, { resourceVersion, ips: backends.map((b) => b.ip).sort() });
  }
  return current;
}

/**
 * Rules written from this very Endpoints version are what a sync would write now; otherwise they are
 * stale when their backends differ. A rule of a deleted Service is stale until the proxy drops it; a
 * Service without rules yet is stale once it has ready endpoints.
 */
function isStale(rules: ProxyRules | undefined, current: CurrentEndpoints | undefined): boolean {
  if (!rules) return (current?.ips.length ?? 0) > 0;
  if (!current) return true;
  if (rules.resourceVersion === current.resourceVersion) return false;
  const ips = rules.backends.map((b) => b.ip).sort();
  return ips.length !== current.ips.length || ips.some((ip, i) => ip !== current.ips[i]);
}

/**
 * What a node's rule for one Service looked like when last projected: while the engine keeps the same
 * rules object (a sync writes a new one) and the Service's Endpoints the same version, the rule's view is
 * the same, Set included, and is handed out again (writing it costs nothing, see writeView's sets).
 */
interface ProjectedRule {
  rules: ProxyRules | undefined;
  endpointsVersion: number | undefined;
  view: ProxyRuleView;
}

/** Each node's last view and its rules by Service: kept by the projector between flushes. */
export type ProxyRuleCache = Map<string, { view: ProxyView; rules: Map<string, ProjectedRule> }>;

/**
 * One node's kube-proxy: every Service of the cluster and every rule it still holds. The very view of the
 * previous call when nothing in it changed (a projector need not write it again).
 */
export function proxyView(
  node: string,
  proxy: ProxyState,
  current: Map<string, CurrentEndpoints>,
  cache: ProxyRuleCache = new Map(),
): ProxyView {
  const rules = new Map<string, ProxyRuleView>();
  const previous = cache.get(node);
  const before = previous?.rules;
  const after = new Map<string, ProjectedRule>();
  let stale = false;
  let same = before !== undefined;
  for (const service of new Set([...current.keys(), ...Object.keys(proxy.rules)])) {
    if (isClusterSystem(service)) continue;
    const r = proxy.rules[service];
    const endpoints = current.get(service);
    let projected = before?.get(service);
    if (!projected || projected.rules !== r || projected.endpointsVersion !== endpoints?.resourceVersion) {
      const backends =
        projected && projected.rules === r
          ? projected.view.backends
          : new Set((r?.backends ?? []).map((b) => b.ip));
      projected = {
        rules: r,
        endpointsVersion: endpoints?.resourceVersion,
        view: { service, backends, stale: isStale(r, endpoints) },
      };
      const old = before?.get(service)?.view;
      if (projected.view.stale !== old?.stale || backends !== old?.backends) same = false;
    }
    if (before?.get(service) === undefined) same = false;
    after.set(service, projected);
    if (projected.view.stale) stale = true;
    rules.set(service, projected.view);
  }
  const lastSyncAt = proxy.lastSyncAt ?? 0;
  const last = previous?.view;
  if (
    same &&
    last &&
    after.size === before?.size &&
    last.mode === proxy.mode &&
    last.lastSyncAt === lastSyncAt
  ) {
    // the rule views that changed object kept their contents: remember them, hand out the same view
    for (const [service, projected] of after) (before as Map<string, ProjectedRule>).set(service, projected);
    return last;
  }
  const view = { node, mode: proxy.mode, lastSyncAt, stale, rules };
  cache.set(node, { view, rules: after });
  return view;
}
