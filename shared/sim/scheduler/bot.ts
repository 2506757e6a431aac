import { setPodScheduled, writePodStatus } from "../apiserver/apiserver.ts";
import { apiAvailable } from "../apiserver/availability.ts";
import { activeLeader } from "../controlplane/leaderelection.ts";
import type { Engine } from "../engine/Engine.ts";
import { objectKey } from "../model/meta.ts";
import type { Pod } from "../model/pod.ts";
import type { QueuedPodInfo } from "../model/scheduler.ts";
import { HUMAN_PACE_MS } from "../model/seat.ts";
import { preempt } from "./defaultpreemption/preemption.ts";
import { backoffExpiry, compareQueued, UNSCHEDULABLE_FLUSH_MS, unschedulableFlushDue } from "./queue.ts";
import { schedulePod } from "./scheduleone.ts";
import { preFilterFitError, volumeBindingPreFilter } from "./volumebinding/volumebinding.ts";

/**
 * kube-scheduler's loop around the scheduling cycle: the queue of pending pods, back-off after a
 * failure (1 s doubling to 10 s), parking unschedulable pods until the cluster changes (or 5 min pass),
 * and the FailedScheduling event and condition. The cycle itself is scheduleone.ts.
 */
export const DEFAULT_SCHEDULER = "default-scheduler";

export function enqueuePod(engine: Engine, pod: Pod): void {
  if (pod.spec.schedulerName !== DEFAULT_SCHEDULER) return;
  // The SchedulingGates PreEnqueue plugin: a gated pod waits outside the queue until its gates are removed.
  if (pod.spec.schedulingGates?.length) return;
  const key = objectKey(pod.metadata.namespace, pod.metadata.name);
  engine.state.scheduler.queue[key] = { attempts: 0, timestamp: engine.now, backoffUntil: engine.now };
  engine.wake("scheduler");
}

export function forgetPod(engine: Engine, key: string): void {
  delete engine.state.scheduler.queue[key];
}

export function onClusterChange(engine: Engine): void {
  const scheduler = engine.state.scheduler;
  if (scheduler.moveRequest) return;
  scheduler.moveRequest = true;
  engine.wake("scheduler");
}

interface Candidate {
  key: string;
  priority: number;
  timestamp: number;
  info: QueuedPodInfo;
}

/** The pods ready for a scheduling attempt now, in queue order; schedules a wake-up for the rest. */
export function activePods(engine: Engine): Candidate[] {
  const { state } = engine;
  const scheduler = state.scheduler;
  const now = state.now;
  const active: Candidate[] = [];
  let nextWake = Number.POSITIVE_INFINITY;
  for (const [key, info] of Object.entries(scheduler.queue)) {
    if (info.unschedulableSince !== undefined) {
      if (scheduler.moveRequest || unschedulableFlushDue(info.unschedulableSince, now)) {
        delete info.unschedulableSince;
      } else {
        nextWake = Math.min(nextWake, info.unschedulableSince + UNSCHEDULABLE_FLUSH_MS + 1);
        continue;
      }
    }
    if (info.backoffUntil > now) {
      nextWake = Math.min(nextWake, info.backoffUntil);
      continue;
    }
    const pod = state.pods[key];
    if (!pod) continue;
    active.push({ key, priority: pod.spec.priority, timestamp: info.timestamp, info });
  }
  scheduler.moveRequest = false;
  if (nextWake !== Number.POSITIVE_INFINITY) engine.wake("scheduler", nextWake);
  active.sort(compareQueued);
  return active;
}

/** Runs when the scheduler is woken; only the bot places pods, a human scheduler does it by hand. */
export function runSchedulerCycle(engine: Engine, woken: boolean): void {
  if (!woken && !engine.state.scheduler.moveRequest) return;
  engine.withAssist(
    "scheduler",
    () => oldestPending(engine),
    () => schedulerCycle(engine),
  );
}

/** Since when the oldest pod still waiting for a Node has waited (its queue time). */
function oldestPending(engine: Engine): number | undefined {
  let since: number | undefined;
  for (const [key, info] of Object.entries(engine.state.scheduler.queue)) {
    if (engine.state.pods[key]?.spec.nodeName) continue;
    since = since === undefined ? info.timestamp : Math.min(since, info.timestamp);
  }
  return since;
}

function schedulerCycle(engine: Engine): void {
  if (!engine.isBot("scheduler")) return;
  // The scheduler acts only as the leading instance and only while the API server can write; a
  // leader coming back (or etcd recovering) finds the queue as it left it.
  if (!apiAvailable(engine.state) || !activeLeader(engine, "kube-scheduler")) {
    engine.wake("scheduler", engine.now + 1000);
    return;
  }
  const scheduler = engine.state.scheduler;
  for (const candidate of activePods(engine)) {
    const pod = engine.state.pods[candidate.key];
    if (!pod || pod.spec.nodeName) continue;
    if (!engine.botMayAct("scheduler", HUMAN_PACE_MS.scheduler ?? 2000, "scheduler")) break;
    const unresolvable = volumeBindingPreFilter(engine.state, pod);
    if (unresolvable) {
      const message = preFilterFitError(engine.snapshot.nodeInfos.length, unresolvable);
      recordSchedulingFailure(engine, pod, candidate.info, message);
      continue;
    }
    const result = schedulePod(pod, engine.snapshot, engine.state.rng, scheduler.nextStartNodeIndex);
    scheduler.nextStartNodeIndex = result.nextStartNodeIndex;
    if (result.ok) {
      engine.request("scheduler", {
        type: "Bind",
        pod: pod.metadata.name,
        namespace: pod.metadata.namespace,
        node: result.node,
      });
      continue;
    }
    // PostFilter: DefaultPreemption. A found candidate nominates a node; otherwise the message says why.
    let message = result.message;
    const preemption = preempt(pod, engine.snapshot, result.codes, engine.state.rng, engine.now);
    if (preemption.ok) {
      engine.request("scheduler", {
        type: "Preempt",
        pod: pod.metadata.name,
        namespace: pod.metadata.namespace,
        node: preemption.candidate.node,
        victims: preemption.candidate.victims.map((v) => `${v.metadata.namespace}/${v.metadata.name}`),
      });
    } else {
      message = `${message} preemption: ${preemption.message}`;
      if (preemption.clearNomination && pod.status.nominatedNodeName) delete pod.status.nominatedNodeName;
    }
    recordSchedulingFailure(engine, pod, candidate.info, message);
  }
}

export function recordSchedulingFailure(
  engine: Engine,
  pod: Pod,
  info: QueuedPodInfo,
  message: string,
): void {
  info.attempts++;
  info.backoffUntil = backoffExpiry(engine.now, info.attempts);
  info.unschedulableSince = engine.now;
  // Re-added to the queue: upstream refreshes the timestamp, so a failing pod goes behind its peers.
  info.timestamp = engine.now;
  setPodScheduled(engine, pod, "False", message);
  writePodStatus(engine, pod);
  engine.emit({
    type: "Warning",
    reason: "FailedScheduling",
    message,
    involvedObject: {
      kind: "Pod",
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      uid: pod.metadata.uid,
    },
    source: { component: DEFAULT_SCHEDULER },
  });
  engine.wake("scheduler", engine.now + UNSCHEDULABLE_FLUSH_MS + 1);
}
