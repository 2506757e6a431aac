import type { ProxyRuleView, ProxyView } from "../protocol/state.ts";
import type { Engine } from "../sim/engine/Engine.ts";
import type { ProxyRules, ProxyState } from "../sim/model/traffic.ts";
import { currentBackends } from "../sim/proxy/kubeproxy.ts";

/** A Service's ready endpoints now: what a fresh kube-proxy sync would program. */
export interface CurrentEndpoints {
  resourceVersion: number;
  /** Ready backend IPs, sorted. */
  ips: string[];
}

export function currentEndpoints(engine: Engine): Map<string, CurrentEndpoints> {
  const current = new Map<string, CurrentEndpoints>();
  for (const key of Object.keys(engine.state.services)) {
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

/** One node's kube-proxy: every Service of the cluster and every rule it still holds. */
export function proxyView(
  node: string,
  proxy: ProxyState,
  current: Map<string, CurrentEndpoints>,
): ProxyView {
  const rules = new Map<string, ProxyRuleView>();
  let stale = false;
  for (const service of new Set([...current.keys(), ...Object.keys(proxy.rules)])) {
    const r = proxy.rules[service];
    const rule = {
      service,
      backends: new Set((r?.backends ?? []).map((b) => b.ip)),
      stale: isStale(r, current.get(service)),
    };
    if (rule.stale) stale = true;
    rules.set(service, rule);
  }
  return { node, mode: proxy.mode, lastSyncAt: proxy.lastSyncAt ?? 0, stale, rules };
}
