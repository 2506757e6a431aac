import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Node } from "../model/node.ts";
import { kubeProxySeat } from "../model/seat.ts";
import type { ProxyBackend, ProxyState } from "../model/traffic.ts";

/**
 * kube-proxy on each node: it watches Endpoints and programs the node's rules (iptables or IPVS). The
 * rules are a copy, rewritten after a change but at most once per minSyncPeriod (1 s), so they can be stale:
 * traffic routed by stale rules to a pod that is gone or not Ready fails.
 */
export function newProxy(mode: ProxyState["mode"]): ProxyState {
  return { mode, rules: {}, next: {} };
}

/** kube-proxy starts on a booted machine (world/machines.ts) and syncs its rules at once. */
export function startKubeProxy(engine: Engine, node: Node): void {
  const state = engine.state;
  const name = node.metadata.name;
  const mode = node.metadata.annotations["kubeclass.dev/proxy-mode"] === "ipvs" ? "ipvs" : "iptables";
  state.proxies[name] = { ...newProxy(mode), syncDueAt: engine.now };
  engine.changed("Proxy", name, "ADDED");
  const seat = kubeProxySeat(name);
  if (!state.seats[seat]) {
    state.seats[seat] = { driver: "bot" };
    engine.changed("Seat", seat, "ADDED");
  }
}

export function stopKubeProxy(engine: Engine, name: string): void {
  const state = engine.state;
  if (state.proxies[name]) {
    delete state.proxies[name];
    engine.changed("Proxy", name, "DELETED");
  }
  const seat = kubeProxySeat(name);
  if (state.seats[seat]) {
    delete state.seats[seat];
    engine.changed("Seat", seat, "DELETED");
  }
}

/** The backends the Endpoints object lists as ready, as the proxy would program them now. */
export function currentBackends(
  engine: Engine,
  serviceKey: string,
): { backends: ProxyBackend[]; resourceVersion: number } {
  const endpoints = engine.state.endpoints[serviceKey];
  const backends: ProxyBackend[] = [];
  for (const subset of endpoints?.subsets ?? []) {
    for (const a of subset.addresses) {
      backends.push({
        ip: a.ip,
        pod: a.targetRef?.name ?? a.ip,
        ...(a.nodeName ? { node: a.nodeName } : {}),
      });
    }
  }
  return { backends, resourceVersion: endpoints?.metadata.resourceVersion ?? 0 };
}

/** Rewrites one node's rules for one Service (or all): the kube-proxy seat's move. */
export function syncProxyRules(engine: Engine, node: string, serviceKey?: string): CommandResult {
  const proxy = engine.state.proxies[node];
  const machine = engine.state.machines[node];
  if (!proxy || !machine) return { ok: false, code: "NotFound", message: `nodes "${node}" not found` };
  if (!machine.up) return { ok: false, code: "Unavailable", message: `node ${node} is down` };
  if (!machine.networkUp) {
    return {
      ok: false,
      code: "Unavailable",
      message: `kube-proxy on ${node} cannot reach the API server: i/o timeout`,
    };
  }
  const keys = serviceKey ? [serviceKey] : Object.keys(engine.state.services);
  if (serviceKey && !engine.state.services[serviceKey]) {
    return { ok: false, code: "NotFound", message: `services "${serviceKey.split("/")[1]}" not found` };
  }
  for (const key of keys) {
    const { backends, resourceVersion } = currentBackends(engine, key);
    proxy.rules[key] = { resourceVersion, backends, syncedAt: engine.now };
  }
  for (const key of Object.keys(proxy.rules)) if (!engine.state.services[key]) delete proxy.rules[key];
  if (!serviceKey) {
    delete proxy.syncDueAt;
    proxy.lastSyncAt = engine.now;
  }
  engine.changed("Proxy", node);
  return { ok: true, message: `rules on ${node} synced for ${serviceKey ?? "all services"}` };
}

/** The bots: every kube-proxy whose sync is due rewrites its rules. */
export function runProxies(engine: Engine): void {
  for (const [node, proxy] of Object.entries(engine.state.proxies)) {
    if (proxy.syncDueAt === undefined || proxy.syncDueAt > engine.now) continue;
    const machine = engine.state.machines[node];
    if (!machine?.up || !machine.networkUp) continue;
    const seat = kubeProxySeat(node);
    engine.withAssist(
      seat,
      () => proxy.syncDueAt,
      () => {
        if (engine.isBot(seat)) syncProxyRules(engine, node);
      },
    );
  }
}
