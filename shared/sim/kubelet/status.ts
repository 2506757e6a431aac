import { removePod, writePodStatus } from "../apiserver/apiserver.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Condition } from "../model/meta.ts";
import type { ContainerStatus, Pod, PodConditionType } from "../model/pod.ts";
import {
  allContainers,
  allStatuses,
  containerSpec,
  isInitContainer,
  isSidecar,
  statusListFor,
} from "../model/podcontainers.ts";
import { kubeletSeat } from "../model/seat.ts";
import { computePhase, uninitialized } from "./phase.ts";
import { probedReady, probedStarted } from "./prober/results.ts";

/**
 * The kubelet's status manager: container statuses as the runtime reports them, the pod phase as
 * kubelet's getPhase computes it, and the pod conditions. Every change is a status write to the API.
 */
export function containerStatus(pod: Pod, name: string): ContainerStatus {
  const list = statusListFor(pod, name);
  let status = list.find((s) => s.name === name);
  if (!status) {
    const container = containerSpec(pod, name);
    const reason = defaultWaitingReason(pod);
    status = {
      name,
      image: container?.image ?? "",
      imageID: "",
      ready: false,
      started: false,
      restartCount: 0,
      state: { waiting: { reason } },
      lastState: {},
    };
    list.push(status);
    const order = allContainers(pod.spec).map((c) => c.name);
    list.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  }
  return status;
}

/** convertToAPIContainerStatuses' default: PodInitializing for every container of a pod with init containers. */
export function defaultWaitingReason(pod: Pod): string {
  return pod.spec.initContainers?.length ? "PodInitializing" : "ContainerCreating";
}

export function setWaiting(pod: Pod, name: string, reason: string, message?: string): boolean {
  const status = containerStatus(pod, name);
  const current = "waiting" in status.state ? status.state.waiting : undefined;
  if (current && current.reason === reason && current.message === message) return false;
  if ("terminated" in status.state) status.lastState = { terminated: status.state.terminated };
  status.state = { waiting: message === undefined ? { reason } : { reason, message } };
  status.ready = false;
  status.started = false;
  return true;
}

/** The latest restart policy decision: should a container that exited with `exitCode` be restarted? */
export function shouldRestart(pod: Pod, exitCode: number): boolean {
  const policy = pod.spec.restartPolicy;
  return policy === "Always" || (policy === "OnFailure" && exitCode !== 0);
}

/**
 * The same for one container: a sidecar always restarts; a regular init container that succeeded is
 * done, one that failed restarts unless the pod never restarts (whatever restartPolicy says, an init
 * container is retried only on failure).
 */
export function restartsAfter(pod: Pod, name: string, exitCode: number): boolean {
  const container = containerSpec(pod, name);
  if (isSidecar(container)) return true;
  if (isInitContainer(pod, name)) return exitCode !== 0 && pod.spec.restartPolicy !== "Never";
  return shouldRestart(pod, exitCode);
}

function setCondition(
  pod: Pod,
  type: PodConditionType,
  status: "True" | "False",
  now: number,
  reason?: string,
  message?: string,
): void {
  const conditions = pod.status.conditions;
  let c = conditions.find((x) => x.type === type);
  if (!c) {
    c = { type, status, lastTransitionTime: now } as Condition<PodConditionType>;
    conditions.push(c);
  } else if (c.status !== status) {
    c.lastTransitionTime = now;
  }
  c.status = status;
  c.reason = reason;
  c.message = message;
}

const CONDITION_ORDER: PodConditionType[] = [
  "PodReadyToStartContainers",
  "Initialized",
  "Ready",
  "ContainersReady",
  "PodScheduled",
  "DisruptionTarget",
];

/**
 * Recomputes phase and conditions after container states changed, writes the status, and handles the
 * step into a terminal phase: the pod stops counting against the node, so the scheduler retries others.
 */
export function reportPodStatus(engine: Engine, pod: Pod, sandboxReady: boolean): void {
  const now = engine.now;
  const wasTerminal = isTerminal(pod);
  const previous = pod.status.phase;
  const phase = wasTerminal ? pod.status.phase : computePhase(pod);
  pod.status.phase = phase;
  if (previous === "Pending" && phase === "Running" && pod.spec.nodeName) judgeStartup(engine, pod);
  refreshReadiness(engine, pod);
  // Sidecars count among the containers that must be ready.
  const unready = allStatuses(pod)
    .filter((s) => !s.ready && (!isInitContainer(pod, s.name) || isSidecar(containerSpec(pod, s.name))))
    .map((s) => s.name);
  setCondition(pod, "PodReadyToStartContainers", sandboxReady ? "True" : "False", now);
  const incomplete = uninitialized(pod);
  if (incomplete) setCondition(pod, "Initialized", "False", now, "ContainersNotInitialized", incomplete);
  else
    setCondition(
      pod,
      "Initialized",
      "True",
      now,
      phase === "Succeeded" && pod.spec.initContainers?.length ? "PodCompleted" : undefined,
    );
  if (phase === "Succeeded") {
    setCondition(pod, "ContainersReady", "False", now, "PodCompleted");
    setCondition(pod, "Ready", "False", now, "PodCompleted");
  } else if (unready.length > 0) {
    const message = `containers with unready status: [${unready.join(" ")}]`;
    setCondition(pod, "ContainersReady", "False", now, "ContainersNotReady", message);
    setCondition(pod, "Ready", "False", now, "ContainersNotReady", message);
  } else {
    setCondition(pod, "ContainersReady", "True", now);
    setCondition(pod, "Ready", "True", now);
  }
  pod.status.conditions.sort((a, b) => CONDITION_ORDER.indexOf(a.type) - CONDITION_ORDER.indexOf(b.type));
  writePodStatus(engine, pod);
  if (!wasTerminal && isTerminal(pod)) podBecameTerminal(engine, pod);
}

/** The ready and started flags of every container: running, and its probes passed (prober/results.ts). */
export function refreshReadiness(engine: Engine, pod: Pod): void {
  for (const s of allStatuses(pod)) {
    const spec = containerSpec(pod, s.name);
    if (isInitContainer(pod, s.name) && !isSidecar(spec)) {
      // UpdatePodStatus: a regular init container is ready once it succeeded.
      s.started = false;
      s.ready = "terminated" in s.state && s.state.terminated.exitCode === 0;
      continue;
    }
    const running = "running" in s.state;
    s.started = running && probedStarted(engine, pod, spec, s.containerID);
    s.ready = s.started && probedReady(engine, pod, spec, s.containerID);
  }
}

/** Whether the pod is ready by its containers, as the kubelet would report it now. */
export function containersReady(engine: Engine, pod: Pod): boolean {
  const statuses = allStatuses(pod).filter(
    (s) => !isInitContainer(pod, s.name) || isSidecar(containerSpec(pod, s.name)),
  );
  return (
    statuses.length > 0 &&
    statuses.every((s) => {
      const spec = containerSpec(pod, s.name);
      return "running" in s.state && probedReady(engine, pod, spec, s.containerID);
    })
  );
}

export function isTerminal(pod: Pod): boolean {
  return pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
}

/**
 * A pod that finished: one being deleted leaves the API at once. (Its node's resources are freed for
 * the scheduler, which watches the pod's status: scheduler/informer.ts.)
 */
export function podBecameTerminal(engine: Engine, pod: Pod): void {
  if (pod.metadata.deletionTimestamp !== undefined) removePod(engine, pod);
}

/** How long the kubelet took from the binding to a Running pod. */
function judgeStartup(engine: Engine, pod: Pod): void {
  if (pod.status.containerStatuses.some((s) => s.restartCount > 0)) return;
  const scheduled = pod.status.conditions.find((c) => c.type === "PodScheduled" && c.status === "True");
  const seat = engine.state.seats[kubeletSeat(pod.spec.nodeName ?? "")];
  // the bot started it for an idle student: theirs neither to gain nor to lose
  if (
    seat?.driver === "human" &&
    engine.state.kubelets[pod.spec.nodeName ?? ""]?.assisted?.[pod.metadata.uid]
  )
    return;
  // a student who sat down after the binding is timed from when they did
  const since = Math.max(
    scheduled?.lastTransitionTime ?? pod.metadata.creationTimestamp,
    seat?.driver === "human" ? (seat.humanSince ?? 0) : 0,
  );
  engine.judge({
    seat: kubeletSeat(pod.spec.nodeName ?? ""),
    kind: "bind-to-running",
    subject: `${pod.metadata.namespace}/${pod.metadata.name}`,
    value: Math.round((engine.now - since) / 100) / 10,
  });
}
