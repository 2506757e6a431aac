import type { Engine } from "../engine/Engine.ts";

/**
 * kube-proxy's watch (pkg/proxy/config): every node's proxy hears each change of a Service's endpoints
 * and schedules a sync of its rules: at once, but no sooner than minSyncPeriod after its last sync, so
 * the rules lag behind the endpoints by up to a second.
 */
export const PROXY_MIN_SYNC_MS = 1_000;

export function watchForKubeProxies(engine: Engine): void {
  engine.watch("Endpoints", ({ type }) => {
    if (type === "DELETED") return;
    for (const proxy of Object.values(engine.state.proxies)) {
      proxy.syncDueAt ??= Math.max(
        engine.now,
        (proxy.lastSyncAt ?? Number.NEGATIVE_INFINITY) + PROXY_MIN_SYNC_MS,
      );
    }
  });
}
