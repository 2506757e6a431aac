import { removePod, writePodStatus } from "../apiserver/apiserver.ts";
import type { Engine } from "../engine/Engine.ts";
import { stateHash } from "../hash.ts";
import type { KubeletState } from "../model/kubelet.ts";
import type { MachineState } from "../model/machine.ts";
import type { Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import { allContainers, sidecarsOf } from "../model/podcontainers.ts";
import { HUMAN_PACE_MS, kubeletSeat } from "../model/seat.ts";
import {
  advanceContainers,
  containerKey,
  pollProcesses,
  SANDBOX_MS,
  stopContainer,
} from "../runtime/containers.ts";
import { advancePulls, podRef } from "../runtime/puller.ts";
import { kubeletPlan, pullImage, recordPullFailure, startContainer } from "./actions.ts";
import { admitPod } from "./admission.ts";
import { appContainersDone } from "./initcontainers.ts";
import { LEASE_RENEW_INTERVAL_MS, renewLease } from "./lifecycle.ts";
import { dueProbesSince, runProbes } from "./prober/worker.ts";
import {
  containerStatus,
  containersReady,
  isTerminal,
  podBecameTerminal,
  reportPodStatus,
  restartsAfter,
  setWaiting,
} from "./status.ts";
import { containerStep } from "./step.ts";
import { mountVolumes } from "./volumes.ts";

/**
 * One visit of the engine to a node: the runtime moves on (pulls finish, processes start and exit),
 * the kubelet does what it always does (admission, sandboxes, status, termination), and, when a bot
 * holds the kubelet seat, it takes its next steps and renews the Lease.
 */
export function nodeSync(engine: Engine, name: string): void {
  const node = engine.state.nodes[name];
  const machine = engine.state.machines[name];
  const kubelet = engine.state.kubelets[name];
  if (!node || !machine || !kubelet || !machine.up) return;
  // A sync changes the kubelet's memory only where it says so below: its next steps that wait for a
  // moment (a back-off, a sandbox) are re-read at that moment by the view (its `changesAt`), so a sync
  // that changes nothing leaves the node's view alone.
  for (const { pull, ok } of advancePulls(engine, node)) {
    const pod = engine.state.pods[pull.podKey];
    if (!pod || pod.metadata.uid !== pull.podUID) continue;
    if (ok) {
      kubelet.pulled[containerKey(pull.podUID, pull.container)] = true;
      engine.podChanged("Kubelet", name, pull.podUID);
    } else recordPullFailure(engine, name, pod, pull.container, pull.error ?? "unknown error");
  }
  advanceContainers(engine, node, machine);
  pollProcesses(engine, node, machine);
  // Cut off from the API server, the node runs on but reports nothing; it catches up when it can.
  if (!machine.networkUp) return;

  for (const pod of engine.podsOnNode(name)) reconcileContainerStatuses(engine, machine, pod);
  // the prober keeps time; at a student's seat the student runs each probe that comes due
  const prober = kubeletSeat(name);
  engine.withAssist(
    prober,
    () => dueProbesSince(engine, name, machine, kubelet),
    () => runProbes(engine, node, machine, kubelet, !engine.isBot(prober)),
  );
  for (const pod of engine.podsOnNode(name)) syncPod(engine, node, machine, kubelet, pod);

  const seat = kubeletSeat(name);
  engine.withAssist(
    seat,
    () => waitingSince(engine, name),
    () => {
      if (!engine.isBot(seat)) return;
      for (const action of kubeletPlan(engine, name)) {
        if (!engine.botMayAct(seat, HUMAN_PACE_MS.kubelet ?? 1500, `node:${name}`)) break;
        if (action.type === "PullImage")
          pullImage(engine, name, action.namespace, action.pod, action.container);
        else startContainer(engine, name, action.namespace, action.pod, action.container);
      }
    },
  );
  // The kubelet renews its node's Lease itself, for a student too unless the teacher made it their job.
  if ((engine.isBot(seat) || !engine.state.manualHeartbeats) && engine.now >= kubelet.nextLeaseRenewal) {
    renewLease(engine, name);
    kubelet.nextLeaseRenewal = engine.now + LEASE_RENEW_INTERVAL_MS;
    engine.changed("Kubelet", name);
    engine.wake(`node:${name}`, kubelet.nextLeaseRenewal);
  }
}

/** Reports what the runtime's containers are doing where the pod's status does not say so yet. */
function reconcileContainerStatuses(engine: Engine, machine: MachineState, pod: Pod): void {
  let changed = false;
  for (const container of allContainers(pod.spec)) {
    const c = machine.containers[containerKey(pod.metadata.uid, container.name)];
    if (!c || c.startedAt === undefined) continue;
    const status = containerStatus(pod, container.name);
    const state = status.state;
    if (c.finishedAt === undefined) {
      if ("running" in state && status.containerID === c.id) continue;
      status.state = { running: { startedAt: c.startedAt } };
    } else {
      if ("terminated" in state && state.terminated.containerID === c.id) continue;
      if (
        "waiting" in state &&
        "terminated" in status.lastState &&
        status.lastState.terminated.containerID === c.id
      )
        continue;
      // A process runc could not start never ran: containerd reports it started at the epoch.
      const startError = c.reason === "StartError";
      const terminated = {
        exitCode: c.exitCode ?? 0,
        reason: c.reason ?? "Error",
        ...(c.message ? { message: c.message } : {}),
        startedAt: startError ? 0 : c.startedAt,
        finishedAt: c.finishedAt,
        containerID: c.id,
      };
      if (startError && restartsAfter(pod, container.name, terminated.exitCode)) {
        // The sync that failed to start it reports RunContainerError until the next one backs off.
        status.state = {
          waiting: { reason: "RunContainerError", ...(c.message ? { message: c.message } : {}) },
        };
        status.lastState = { terminated };
      } else {
        status.state = { terminated };
      }
    }
    status.containerID = c.id;
    status.imageID = c.imageID;
    changed = true;
  }
  if (changed) reportPodStatus(engine, pod, true);
}

function syncPod(engine: Engine, node: Node, machine: MachineState, kubelet: KubeletState, pod: Pod): void {
  const uid = pod.metadata.uid;
  if (pod.metadata.deletionTimestamp !== undefined) {
    terminatePod(engine, node, machine, pod);
    return;
  }
  if (isTerminal(pod)) {
    if (machine.sandboxes[uid]) {
      delete machine.sandboxes[uid];
      engine.podChanged("Machine", node.metadata.name, uid);
    }
    return;
  }
  if (!kubelet.admitted[uid]) {
    const rejection = admitPod(engine, node, pod);
    if (rejection) {
      // rejectPod: the status becomes Failed with the reason, and nothing else (no container statuses,
      // no readiness conditions).
      pod.status.phase = "Failed";
      pod.status.reason = rejection.reason;
      pod.status.message = `Pod was rejected: ${rejection.message}`;
      pod.status.startTime = engine.now;
      engine.emit({
        type: "Warning",
        reason: rejection.reason,
        message: rejection.message,
        involvedObject: podRef(pod),
        source: { component: "kubelet", host: node.metadata.name },
      });
      writePodStatus(engine, pod);
      podBecameTerminal(engine, pod);
      return;
    }
    kubelet.admitted[uid] = true;
    engine.podChanged("Kubelet", node.metadata.name, uid);
    pod.status.startTime = engine.now;
    pod.status.hostIP = node.status.addresses[0]?.address;
    for (const container of allContainers(pod.spec)) containerStatus(pod, container.name);
  }
  let sandbox = machine.sandboxes[uid];
  if (!sandbox && !mountVolumes(engine, node, kubelet, pod)) {
    // WaitForAttachAndMount comes before the sandbox: no IP, every container ContainerCreating.
    if (!pod.status.conditions.some((c) => c.type === "PodReadyToStartContainers"))
      reportPodStatus(engine, pod, false);
    return;
  }
  if (!sandbox) {
    const cidr = (node.spec.podCIDR ?? "10.244.0.0/24").split(".").slice(0, 3).join(".");
    const ip = `${cidr}.${machine.nextPodIP}`;
    machine.nextPodIP = machine.nextPodIP >= 254 ? 2 : machine.nextPodIP + 1;
    sandbox = {
      podUID: uid,
      podKey: `${pod.metadata.namespace}/${pod.metadata.name}`,
      ip,
      createdAt: engine.now,
      readyAt: engine.now + SANDBOX_MS,
    };
    machine.sandboxes[uid] = sandbox;
    engine.podChanged("Machine", node.metadata.name, uid);
    engine.wake(`node:${node.metadata.name}`, sandbox.readyAt);
    reportPodStatus(engine, pod, false);
    return;
  }
  if (sandbox.readyAt > engine.now) return;
  let changed = false;
  if (pod.status.podIP !== sandbox.ip) {
    pod.status.podIP = sandbox.ip;
    changed = true;
  }
  // The status manager's periodic sync: if someone else (the node lifecycle controller, while this
  // node was unreachable) wrote a different readiness, the kubelet reports the truth again.
  const ready = containersReady(engine, pod);
  const readyCondition = pod.status.conditions.find((c) => c.type === "Ready");
  if (readyCondition && (readyCondition.status === "True") !== ready) changed = true;
  if (appContainersDone(machine, pod)) stopSidecars(engine, node, machine, pod);
  for (const container of allContainers(pod.spec)) {
    const step = containerStep(engine, machine, kubelet, pod, container);
    if (step.step !== "wait" || step.reason === "Pulling" || step.reason === "SandboxNotReady") continue;
    if (setWaiting(pod, container.name, step.reason, step.message || undefined)) changed = true;
    if (step.until !== undefined) engine.wake(`node:${node.metadata.name}`, step.until);
    announceWait(engine, node, kubelet, pod, container.name, step.reason, container.image, step.until ?? 0);
  }
  // A pod in back-off is synced again after the pod worker's back-off (10 s jittered by up to half, as
  // wait.Jitter(backOffPeriod, 0.5)) counted from its last sync: each such sync says BackOff once more,
  // which is how a real kubelet's count grows to "(x30 over 6m)".
  for (const container of allContainers(pod.spec)) {
    const status = containerStatus(pod, container.name).state;
    const reason = "waiting" in status ? status.waiting.reason : "";
    const key = `${uid}/${container.name}/resync`;
    if (reason !== "CrashLoopBackOff" && reason !== "ImagePullBackOff") {
      if (kubelet.announced[key] !== undefined) {
        delete kubelet.announced[key];
        engine.podChanged("Kubelet", node.metadata.name, uid);
      }
      continue;
    }
    const next = kubelet.announced[key];
    if (next === undefined) {
      // the failure's own sync has just spoken: the next one is a back-off period away
      kubelet.announced[key] = engine.now + podWorkerBackOff(uid, container.name, engine.now);
      engine.podChanged("Kubelet", node.metadata.name, uid);
    } else if (next <= engine.now) {
      announceWait(engine, node, kubelet, pod, container.name, reason, container.image, undefined);
      kubelet.announced[key] = engine.now + podWorkerBackOff(uid, container.name, engine.now);
      engine.podChanged("Kubelet", node.metadata.name, uid);
    }
    engine.wake(`node:${node.metadata.name}`, kubelet.announced[key] as number);
  }
  if (changed) reportPodStatus(engine, pod, true);
}

/** How long the pod worker waits before syncing a pod whose last sync failed (backOffPeriod). */
const POD_WORKER_BACKOFF_MS = 10_000;

/** backOffPeriod jittered by up to half of it, drawn from the pod, container and time (deterministic). */
function podWorkerBackOff(uid: string, container: string, now: number): number {
  const draw = Number.parseInt(stateHash(`${uid}/${container}/${now}`).slice(0, 6), 16) / 0x1000000;
  return POD_WORKER_BACKOFF_MS + Math.floor((draw * POD_WORKER_BACKOFF_MS) / 2 / 100) * 100;
}

/** The Warning/Normal events a waiting container gets, once per failure and once per resync. */
function announceWait(
  engine: Engine,
  node: Node,
  kubelet: KubeletState,
  pod: Pod,
  container: string,
  reason: string,
  image: string,
  /** When the wait ends (once per failure), or undefined for a resync, which always speaks. */
  until: number | undefined,
): void {
  if (until !== undefined) {
    const key = `${pod.metadata.uid}/${container}/${reason}`;
    if (kubelet.announced[key] === until) return;
    kubelet.announced[key] = until;
    engine.podChanged("Kubelet", node.metadata.name, pod.metadata.uid);
  }
  const events: [type: "Normal" | "Warning", reason: string, message: string][] = [];
  switch (reason) {
    case "InvalidImageName":
      events.push([
        "Warning",
        "InspectFailed",
        (containerStatus(pod, container).state as { waiting: { message: string } }).waiting.message,
      ]);
      events.push(["Warning", "Failed", "Error: InvalidImageName"]);
      break;
    case "ErrImageNeverPull":
      events.push([
        "Warning",
        "ErrImageNeverPull",
        `Container image "${image}" is not present with pull policy of Never`,
      ]);
      events.push(["Warning", "Failed", "Error: ErrImageNeverPull"]);
      break;
    case "ImagePullBackOff":
      events.push(["Normal", "BackOff", `Back-off pulling image "${image}"`]);
      events.push(["Warning", "Failed", "Error: ImagePullBackOff"]);
      break;
    case "CreateContainerConfigError": {
      const state = containerStatus(pod, container).state as { waiting: { message?: string } };
      events.push(["Normal", "Pulled", `Container image "${image}" already present on machine`]);
      events.push(["Warning", "Failed", `Error: ${state.waiting.message ?? ""}`]);
      break;
    }
    case "CrashLoopBackOff":
      events.push([
        "Warning",
        "BackOff",
        `Back-off restarting failed container ${container} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
      ]);
      break;
    default:
      return;
  }
  for (const [type, eventReason, message] of events) {
    engine.emit({
      type,
      reason: eventReason,
      message,
      involvedObject: podRef(pod, container),
      source: { component: "kubelet", host: node.metadata.name },
    });
  }
}

/** The app containers are done for good: the sidecars are stopped too (and stay down). */
function stopSidecars(engine: Engine, node: Node, machine: MachineState, pod: Pod): void {
  for (const sidecar of sidecarsOf(pod.spec)) {
    const instance = machine.containers[containerKey(pod.metadata.uid, sidecar.name)];
    if (!instance || instance.finishedAt !== undefined || instance.stopRequestedAt !== undefined) continue;
    stopContainer(engine, node, instance, pod.spec.terminationGracePeriodSeconds * 1000);
    engine.emit({
      type: "Normal",
      reason: "Killing",
      message: `Stopping container ${sidecar.name}`,
      involvedObject: podRef(pod, sidecar.name),
      source: { component: "kubelet", host: node.metadata.name },
    });
  }
}

/** Graceful deletion: SIGTERM every container, then remove the pod once they have all stopped. */
function terminatePod(engine: Engine, node: Node, machine: MachineState, pod: Pod): void {
  const uid = pod.metadata.uid;
  const grace = Math.max(0, (pod.metadata.deletionTimestamp ?? engine.now) - engine.now);
  const pulls = machine.pulls.filter((p, i) => i === 0 || p.podUID !== uid);
  if (pulls.length !== machine.pulls.length) {
    machine.pulls = pulls;
    engine.podChanged("Machine", node.metadata.name, uid);
  }
  let running = false;
  for (const container of allContainers(pod.spec)) {
    const instance = machine.containers[containerKey(uid, container.name)];
    if (!instance || instance.finishedAt !== undefined) continue;
    running = true;
    if (instance.stopRequestedAt === undefined) {
      stopContainer(engine, node, instance, grace);
      engine.emit({
        type: "Normal",
        reason: "Killing",
        message: `Stopping container ${container.name}`,
        involvedObject: podRef(pod, container.name),
        source: { component: "kubelet", host: node.metadata.name },
      });
    }
  }
  if (running) return;
  removePod(engine, pod);
}

/** Since when a pod bound to the node has waited for its kubelet to start it (its binding), if one has. */
function waitingSince(engine: Engine, node: string): number | undefined {
  let since: number | undefined;
  for (const pod of engine.podsOnNode(node)) {
    if (pod.status.phase !== "Pending" || pod.metadata.deletionTimestamp !== undefined) continue;
    const scheduled = pod.status.conditions.find((c) => c.type === "PodScheduled" && c.status === "True");
    const at = scheduled?.lastTransitionTime ?? pod.metadata.creationTimestamp;
    since = since === undefined ? at : Math.min(since, at);
  }
  return since;
}
