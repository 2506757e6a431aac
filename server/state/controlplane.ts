import { schema, t } from "@colyseus/schema";

/**
 * The synced projection of what runs beside the workers (see shared/protocol/state.ts): the
 * control-plane machines with etcd and the leader elections, the registries, each node's kube-proxy
 * rules (every view sees whether they are stale; the rules themselves travel only in the views of the
 * node's kube-proxy team and the instructor, tag PROXY_VIEW) and the Services' client traffic.
 */

export const MasterState = schema(
  {
    name: t.string().default(""),
    up: t.boolean().default(true),
    etcdUp: t.boolean().default(true),
    etcdLeader: t.boolean().default(false),
    schedulerLeader: t.boolean().default(false),
    controllerManagerLeader: t.boolean().default(false),
  },
  "MasterState",
);

export const ControlPlaneState = schema(
  {
    masters: t.map(MasterState),
    quorum: t.boolean().default(true),
    writable: t.boolean().default(true),
    etcdTerm: t.number().default(0),
    schedulerLeader: t.string().default(""),
    controllerManagerLeader: t.string().default(""),
  },
  "ControlPlaneState",
);

export const RegistryState = schema(
  {
    name: t.string().default(""),
    kind: t.string().default(""),
    host: t.string().default(""),
    requiresCredentials: t.boolean().default(false),
    outageUntil: t.number().default(0),
    rateLimit: t.string().default(""),
    pullsInWindow: t.number().default(0),
    pullSecrets: t.set("string"),
    revokedSecrets: t.set("string"),
  },
  "RegistryState",
);

export const TrafficState = schema(
  {
    key: t.string().default(""),
    rps: t.number().default(0),
    requests: t.number().default(0),
    failures: t.number().default(0),
    successRate: t.number().default(1),
    meanLatencyMs: t.number().default(0),
  },
  "TrafficState",
);

/** Tag of the fields only some views receive (StateView): a node's kube-proxy rules and last sync. */
export const PROXY_VIEW = 4;

export const ProxyRuleState = schema(
  {
    service: t.string().default(""),
    backends: t.set("string"),
    stale: t.boolean().default(false),
  },
  "ProxyRuleState",
);

export const ProxyState = schema(
  {
    node: t.string().default(""),
    mode: t.string().default("iptables"),
    // only the kube-proxy panel shows it: to the node's kube-proxy team and the instructor, like the rules
    lastSyncAt: t.number().default(0).view(PROXY_VIEW),
    stale: t.boolean().default(false),
    rules: t.map(ProxyRuleState).view(PROXY_VIEW),
  },
  "ProxyState",
);

export type MasterState = InstanceType<typeof MasterState>;
export type ControlPlaneState = InstanceType<typeof ControlPlaneState>;
export type RegistryState = InstanceType<typeof RegistryState>;
export type TrafficState = InstanceType<typeof TrafficState>;
export type ProxyRuleState = InstanceType<typeof ProxyRuleState>;
export type ProxyState = InstanceType<typeof ProxyState>;
