import { kubeletSeat, kubeProxySeat, nodeOf } from "../model/seat.ts";

function nodeReady(engine: Engine, name: string): boolean {
  return (
    engine.state.nodes[name]?.status.conditions.some((c) => c.type === "Ready" && c.status === "True") ??
    false
  );
}

import type { Engine } from "./Engine.ts";

/**
 * The game's referee, once a simulated second: heartbeats a human kubelet let slip when the teacher made
 * them its job (a Lease older than its 10 s renew interval plus 2 s of grace), a minute of its node kept
 * Ready, and requests lost to each node's stale proxy rules. Nobody answers for a fault the world
 * caused (a machine down, a network cut) nor for what happened before they took the seat. It observes
 * only; it changes nothing in the cluster.
 */
const LATE_AFTER_MS = 12_000;
/** A human who just took a kubelet seat gets this long before a heartbeat can be late. */
export const SEAT_GRACE_MS = 20_000;
const KEPT_EVERY_MS = 60_000;
const STALE_REPORT_MS = 10_000;

export function runReferee(engine: Engine): void {
  const state = engine.state;
  if (state.tick % 10 !== 0) return;
  wakeAssistants(engine);
  for (const [name, kubelet] of Object.entries(state.kubelets)) {
    const seat = state.seats[kubeletSeat(name)];
    const machine = state.machines[name];
    if (seat?.driver !== "human" || !machine?.up || !machine.networkUp) continue;
    const since = seat.humanSince ?? state.startTime;
    // each full minute of the student's turn with the Node Ready (a minute it was not Ready is lost)
    const minutes = Math.floor((engine.now - since) / KEPT_EVERY_MS);
    if (minutes > (seat.minutesJudged ?? 0)) {
      seat.minutesJudged = minutes;
      if (nodeReady(engine, name)) {
        engine.judge({
          seat: kubeletSeat(name),
          kind: "node-kept",
          subject: name,
          value: 1,
          detail: "the node stayed Ready for another minute",
        });
      }
    }
    if (!state.manualHeartbeats || engine.now - since < SEAT_GRACE_MS) continue;
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
    const machine = state.machines[name];
    // a proxy cut off from the API server could not have known better
    if (!machine?.up || !machine.networkUp) {
      proxy.staleFailures = 0;
      continue;
    }
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

/**
 * Every 5 s: the components of students' seats look at their work, so the bot can help a student idle
 * past ASSIST_AFTER_MS (Engine.withAssist decides; a busy student is never helped).
 */
function wakeAssistants(engine: Engine): void {
  const state = engine.state;
  if (state.tick % 50 !== 0) return;
  for (const [id, seat] of Object.entries(state.seats)) {
    if (seat.driver !== "human") continue;
    const node = nodeOf(id);
    if (id.startsWith("kubelet:") && node) engine.wake(`node:${node}`);
    else if (id === "scheduler") engine.wake("scheduler");
    else if (id === "controller-manager") {
      for (const key of Object.keys(state.controllers.diverged))
        state.controllers.dirty.replicasets[key] = true;
      engine.wake("controllers");
    }
  }
}
