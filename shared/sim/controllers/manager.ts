import { apiAvailable } from "../apiserver/availability.ts";
import { activeLeader, runLeaderElection } from "../controlplane/leaderelection.ts";
import type { Engine } from "../engine/Engine.ts";
import { removeDrainedNodes } from "../world/cloud.ts";
import { syncCronJob } from "./cronjob/cronjob.ts";
import { syncDaemonSet } from "./daemonset/daemonset.ts";
import { syncDeployment } from "./deployment/sync.ts";
import { syncDisruptionBudget } from "./disruption/disruption.ts";
import { syncEndpoints } from "./endpoints.ts";
import { collectGarbage } from "./garbagecollector.ts";
import { syncJob } from "./job/job.ts";
import { evictTaintedPods, monitorNodes } from "./nodelifecycle.ts";
import { runAutoscalers } from "./podautoscaler/hpa.ts";
import { syncReplicaSet } from "./replicaset.ts";
import { syncLoadBalancers } from "./servicelb.ts";
import { syncStatefulSet } from "./statefulset/statefulset.ts";
import { syncVolumes } from "./volumes.ts";

/**
 * kube-controller-manager: runs on the leading control-plane instance and only while the API server
 * can write. Work comes from the queues that watches fill; each tick drains them. A human in the
 * controller-manager seat takes over the ReplicaSet and Deployment controllers' decisions and pod
 * evictions; the others (endpoints, garbage collection, node monitoring) keep running on their own.
 */
function drain(queue: Record<string, true>): string[] {
  const keys = Object.keys(queue);
  for (const key of keys) delete queue[key];
  return keys;
}

export function runControllerManager(engine: Engine, woken: boolean): void {
  engine.withAssist(
    "controller-manager",
    () => {
      const since = Object.values(engine.state.controllers.diverged);
      return since.length ? Math.min(...since) : undefined;
    },
    () => controllerManager(engine, woken),
  );
}

function controllerManager(engine: Engine, woken: boolean): void {
  runLeaderElection(engine);
  const state = engine.state;
  if (!apiAvailable(state)) return;
  const leader = activeLeader(engine, "kube-controller-manager");
  if (!leader) return;
  const memory = state.controllers;
  if (memory.instance !== leader) {
    // A new instance starts with empty caches: every node gets a fresh grace period.
    memory.instance = leader;
    memory.nodeHealth = {};
    memory.taintQueue = [];
    delete memory.lastTaintAt;
    memory.nextNodeMonitorAt = engine.now;
    for (const key of Object.keys(state.deployments)) memory.dirty.deployments[key] = true;
    for (const key of Object.keys(state.replicasets)) memory.dirty.replicasets[key] = true;
    for (const key of Object.keys(state.services)) memory.dirty.services[key] = true;
    for (const key of Object.keys(state.poddisruptionbudgets)) memory.dirty.disruptionbudgets[key] = true;
    for (const key of Object.keys(state.jobs)) memory.dirty.jobs[key] = true;
    for (const key of Object.keys(state.cronjobs)) memory.dirty.cronjobs[key] = true;
    for (const key of Object.keys(state.daemonsets)) memory.dirty.daemonsets[key] = true;
    for (const key of Object.keys(state.statefulsets)) memory.dirty.statefulsets[key] = true;
  }
  if (woken) {
    // only minReadySeconds makes these look again later; everything else reaches them through watches
    for (const [key, ds] of Object.entries(state.daemonsets))
      if (ds.spec.minReadySeconds > 0) memory.dirty.daemonsets[key] = true;
    for (const [key, sts] of Object.entries(state.statefulsets))
      if (sts.spec.minReadySeconds > 0) memory.dirty.statefulsets[key] = true;
    // back-offs, deadlines and TTLs of Jobs, CronJobs' schedules: each looks again when it is due
    for (const key of Object.keys(state.jobs)) memory.dirty.jobs[key] = true;
    for (const key of Object.keys(state.cronjobs)) memory.dirty.cronjobs[key] = true;
    for (const key of Object.keys(state.deployments)) memory.dirty.deployments[key] = true;
    // an evicted pod's entry in a budget's disruptedPods times out: recount
    for (const key of Object.keys(state.poddisruptionbudgets)) memory.dirty.disruptionbudgets[key] = true;
    // ReplicaSets waiting for their pods' minReadySeconds (updateReplicaSetStatus asked to be woken).
    for (const [key, rs] of Object.entries(state.replicasets))
      if (rs.spec.minReadySeconds > 0 && rs.status.readyReplicas !== rs.status.availableReplicas)
        memory.dirty.replicasets[key] = true;
  }
  const decide = engine.isBot("controller-manager");
  collectGarbage(engine);
  for (const key of drain(memory.dirty.deployments)) {
    const d = state.deployments[key];
    if (d) syncDeployment(engine, d, decide);
  }
  for (const key of drain(memory.dirty.replicasets)) {
    const rs = state.replicasets[key];
    if (rs) syncReplicaSet(engine, rs, decide);
  }
  for (const key of drain(memory.dirty.services)) {
    const service = state.services[key];
    if (service) syncEndpoints(engine, service);
  }
  for (const key of drain(memory.dirty.daemonsets)) {
    const ds = state.daemonsets[key];
    const next = ds ? syncDaemonSet(engine, ds) : undefined;
    if (next !== undefined) engine.wake("controllers", next);
  }
  for (const key of drain(memory.dirty.statefulsets)) {
    const sts = state.statefulsets[key];
    const next = sts ? syncStatefulSet(engine, sts) : undefined;
    if (next !== undefined) engine.wake("controllers", next);
  }
  for (const key of drain(memory.dirty.cronjobs)) {
    const cj = state.cronjobs[key];
    const next = cj ? syncCronJob(engine, cj) : undefined;
    if (next !== undefined) engine.wake("controllers", next);
  }
  for (const key of drain(memory.dirty.jobs)) {
    const job = state.jobs[key];
    const next = job ? syncJob(engine, job) : undefined;
    if (next !== undefined) engine.wake("controllers", next);
  }
  for (const key of drain(memory.dirty.disruptionbudgets)) {
    const pdb = state.poddisruptionbudgets[key];
    const recheck = pdb ? syncDisruptionBudget(engine, pdb) : undefined;
    if (recheck !== undefined) engine.wake("controllers", recheck);
  }
  // A player at the autoscaler seat makes the HPAs' rescales; the bot makes them otherwise.
  runAutoscalers(engine, engine.state.seats.autoscaler === undefined || engine.isBot("autoscaler"));
  syncVolumes(engine);
  syncLoadBalancers(engine);
  monitorNodes(engine);
  if (decide) {
    const next = evictTaintedPods(engine);
    if (next !== undefined) engine.wake("controllers", next);
  }
  // The cloud controller manager's node lifecycle, which runs with the others: a node given back to its
  // provider is deleted once drained.
  removeDrainedNodes(engine);
}
