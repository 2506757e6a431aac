import { z } from "zod";
import { defineCommand, name, namespaceOf, nodeName } from "../commands/define.ts";
import type { Engine } from "../engine/Engine.ts";
import { objectKey } from "../model/meta.ts";
import { kubeProxySeat } from "../model/seat.ts";
import { currentBackends, syncProxyRules } from "./kubeproxy.ts";

/** kube-proxy's move: rewrite its node's rules from the Endpoints (one Service's, or all). */
export const syncProxyRulesCommand = defineCommand({
  schema: z.strictObject({
    type: z.literal("SyncProxyRules"),
    node: nodeName,
    service: name.optional(),
    namespace: name.optional(),
  }),
  roles: ["kube-proxy"],
  handle(engine, c, seat) {
    const serviceKey = c.service ? objectKey(namespaceOf(c), c.service) : undefined;
    const stale = staleServices(engine, c.node, serviceKey);
    const dueAt = engine.state.proxies[c.node]?.syncDueAt;
    const result = syncProxyRules(engine, c.node, serviceKey);
    if (!result.ok || stale.length === 0 || engine.isBot(seat)) return result;
    // a student's sync that brought stale rules up to date: how long they were stale
    const since = Math.max(dueAt ?? engine.now, engine.state.seats[seat]?.humanSince ?? 0);
    const judgement = engine.judge({
      seat: kubeProxySeat(c.node),
      kind: "proxy-sync",
      subject: `${c.node}: ${stale.join(", ")}`,
      value: Math.max(0, Math.round((engine.now - since) / 100) / 10),
      detail: `rules for ${stale.join(", ")} brought up to date`,
    });
    return { ...result, judgement };
  },
});

/** Services whose rules on the node differ from their ready endpoints now (of one, or all). */
function staleServices(engine: Engine, node: string, serviceKey: string | undefined): string[] {
  const proxy = engine.state.proxies[node];
  if (!proxy) return [];
  const keys = serviceKey ? [serviceKey] : Object.keys(engine.state.services);
  return keys.filter((key) => {
    const rules = proxy.rules[key];
    const { backends, resourceVersion } = currentBackends(engine, key);
    if (!rules) return backends.length > 0;
    if (rules.resourceVersion === resourceVersion) return false;
    const held = rules.backends.map((b) => b.ip).sort();
    const wanted = backends.map((b) => b.ip).sort();
    return held.length !== wanted.length || held.some((ip, i) => ip !== wanted[i]);
  });
}

export const PROXY_COMMANDS = [syncProxyRulesCommand] as const;
