/** kube-proxy on each node, and the client traffic it routes to Services. */
export type ProxyMode = "iptables" | "ipvs";

export interface ProxyBackend {
  ip: string;
  pod: string;
  node?: string;
}

export interface ProxyRules {
  /** The Endpoints resourceVersion these rules were written from. */
  resourceVersion: number;
  backends: ProxyBackend[];
  syncedAt: number;
}

export interface ProxyState {
  mode: ProxyMode;
  /** Programmed rules per Service key ("namespace/name"): possibly stale. */
  rules: Record<string, ProxyRules>;
  /** IPVS round-robin position per Service. */
  next: Record<string, number>;
  /** When the bot will next sync: at once after a change, but no sooner than minSyncPeriod after the last. */
  syncDueAt?: number;
  lastSyncAt?: number;
  /** Requests routed by this node's rules to a backend that no longer serves, since the last judgement. */
  staleFailures?: number;
}

/** Requests to one Service during one 1-second bucket. */
export interface TrafficBucket {
  at: number;
  requests: number;
  failures: number;
  /** Sum of latencies of successful requests, ms. */
  latencySum: number;
  maxLatency: number;
}

export interface ServiceTraffic {
  /** Requests per second from clients. */
  rps: number;
  /** Fractional request carried to the next tick. */
  carry: number;
  /** The last hour of 1-second buckets, oldest first. */
  buckets: TrafficBucket[];
  totalRequests: number;
  totalFailures: number;
}
