import { kubeletSeat, kubeProxySeat } from "../model/seat.ts";
import type { Engine } from "./Engine.ts";

/**
 * The game's referee, once a simulated second: heartbeats a human kubelet let slip (a Lease older than
 * its 10 s renew interval plus 2 s of grace), and requests lost to each node's stale proxy rules.
 * It observes only; it changes nothing in the cluster.
 */
const LATE_AFTER_MS = 12_000;
const STALE_REPORT_MS = 10_000;

export function runReferee(engine: Engine): void {
  const state = engine.state;
  if (state.tick % 10 !== 0) return;
  for (const [name, kubelet] of Object.entries(state.kubelets)) {
    if (engine.isBot(kubeletSeat(name)) || !state.machines[name]?.up) continue;
    const renewTime = state.leases[`kube-node-lease/${name}`]?.spec.renewTime;
    if (
      renewTime === undefined ||
      engine.now - renewTime <= LATE_AFTER_MS ||
      kubelet.lateHeartbeatFor === renewTime
    )
      continue;
    kubelet.lateHeartbeatFor = renewTime;
    engine.judge({
      seat: kubeletSeat(name),
      kind: "late-heartbeat",
      subject: name,
      value: Math.round((engine.now - renewTime) / 1000),
      detail: "the node Lease was not renewed within 10 s",
    });
  }
  if (state.tick % (STALE_REPORT_MS / 100) !== 0) return;
  for (const [name, proxy] of Object.entries(state.proxies)) {
    if (!proxy.staleFailures) continue;
    engine.judge({
      seat: kubeProxySeat(name),
      kind: "stale-route",
      subject: name,
      value: proxy.staleFailures,
      detail: "requests routed to a backend that had left the Service's endpoints",
    });
    proxy.staleFailures = 0;
  }
}
