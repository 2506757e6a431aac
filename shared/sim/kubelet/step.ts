import type { Engine } from "../engine/Engine.ts";
import type { KubeletState } from "../model/kubelet.ts";
import type { MachineState } from "../model/machine.ts";
import type { Container, Pod } from "../model/pod.ts";
import { allContainers, isInitContainer, isSidecar } from "../model/podcontainers.ts";
import { parseImageReference } from "../registry/imageref.ts";
import { resolveEnv } from "../runtime/configrefs.ts";
import { containerKey } from "../runtime/containers.ts";
import { formatSeconds, inBackoffSince } from "./backoff.ts";
import { appContainersDone, initGate } from "./initcontainers.ts";
import { restartsAfter } from "./status.ts";

/**
 * What the kubelet would do next for one container, and why not when it must wait. The bot does the
 * step; a player's move is checked against the same answer, so both follow one rule book.
 */
export type ContainerStep =
  | { step: "pull"; ref: string }
  | { step: "start"; ref: string; pulled: boolean }
  | { step: "none"; why: "running" | "starting" | "finished" }
  | { step: "wait"; reason: WaitReason; message: string; until?: number };

export type WaitReason =
  | "InvalidImageName"
  | "ErrImageNeverPull"
  | "ImagePullBackOff"
  | "ErrImagePull"
  | "CrashLoopBackOff"
  | "Pulling"
  | "PodInitializing"
  | "CreateContainerConfigError"
  | "SandboxNotReady"
  /** Only in the view: a volume the kubelet cannot mount holds the sandbox back. */
  | "FailedMount";

/** The pod worker's back-off after a failed sync (a container it could not configure). */
const CONFIG_RETRY_MS = 10_000;

/** How long a failed pull shows ErrImagePull before the next sync reports ImagePullBackOff. */
export const ERR_IMAGE_PULL_SHOW_MS = 2_000;

export function pullBackoffKey(pod: Pod, image: string): string {
  return `${pod.metadata.uid}_${image}`;
}

export function podFullName(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

export function containerStep(
  engine: Engine,
  machine: MachineState,
  kubelet: KubeletState,
  pod: Pod,
  container: Container,
): ContainerStep {
  const now = engine.now;
  const uid = pod.metadata.uid;
  const key = containerKey(uid, container.name);
  const sandbox = machine.sandboxes[uid];
  if (!kubelet.admitted[uid] || !sandbox || sandbox.readyAt > now) {
    return { step: "wait", reason: "SandboxNotReady", message: "the pod sandbox is not ready yet" };
  }
  const instance = machine.containers[key];
  if (instance && instance.finishedAt === undefined) {
    return { step: "none", why: instance.startedAt === undefined ? "starting" : "running" };
  }
  const gate = initGate(engine, machine, pod);
  const init = isInitContainer(pod, container.name);
  if (!gate.initialized && (!init || gate.turn !== container.name)) {
    // Init containers go one at a time; the app waits for all of them.
    if (!init || !instance) return { step: "wait", reason: "PodInitializing", message: "" };
  }
  if (instance && instance.finishedAt !== undefined) {
    if (!restartsAfter(pod, container.name, instance.exitCode ?? 0)) return { step: "none", why: "finished" };
    if (isSidecar(container) && appContainersDone(machine, pod)) return { step: "none", why: "finished" };
    const entry = kubelet.crashBackoff[key];
    if (entry && inBackoffSince(entry, instance.finishedAt, now)) {
      return {
        step: "wait",
        reason: "CrashLoopBackOff",
        message: `back-off ${formatSeconds(entry.delayMs)} restarting failed container=${container.name} pod=${podFullName(pod)}`,
        until: instance.finishedAt + entry.delayMs,
      };
    }
  }
  const parsed = parseImageReference(container.image);
  if (!parsed.ok) {
    return {
      step: "wait",
      reason: "InvalidImageName",
      message: `Failed to apply default image tag "${container.image}": couldn't parse image name "${container.image}": ${parsed.error}`,
    };
  }
  const ref = parsed.ref.normalized;
  const present = machine.images[ref] !== undefined;
  const policy = container.imagePullPolicy;
  if (policy === "Never" && !present) {
    return {
      step: "wait",
      reason: "ErrImageNeverPull",
      message: `Container image "${container.image}" is not present with pull policy of Never`,
    };
  }
  // A container whose pull is queued waits for it, as the kubelet's pod worker blocks in PullImage.
  if (machine.pulls.some((p) => p.podUID === uid && p.container === container.name)) {
    return { step: "wait", reason: "Pulling", message: `pulling image "${container.image}"` };
  }
  // SyncPod starts the containers one after the other (pull, create, start): a container is pulled or
  // started once the one before it is past its pull (however it ended) and its start.
  const order = allContainers(pod.spec).map((c) => c.name);
  const mine = order.indexOf(container.name);
  const before = machine.pulls.find((p) => p.podUID === uid && order.indexOf(p.container) < mine);
  if (before) {
    return {
      step: "wait",
      reason: "Pulling",
      message: `pulling image "${before.image}" for container ${before.container} first`,
    };
  }
  const starting = order.slice(0, mine).find((name) => {
    const earlier = machine.containers[containerKey(uid, name)];
    return earlier !== undefined && earlier.startedAt === undefined && earlier.finishedAt === undefined;
  });
  if (starting !== undefined) {
    return { step: "wait", reason: "Pulling", message: `starting container ${starting} first` };
  }
  const pulled = kubelet.pulled[key] === true;
  if (present && (policy !== "Always" || pulled)) {
    // generateContainerConfig: a missing ConfigMap, Secret or key stops the container from being made;
    // the pod worker tries again after its back-off (10 s).
    const error = resolveEnv(engine.state, pod, container).error;
    if (error) {
      const since = sandbox.readyAt;
      const until = since + Math.ceil((now - since + 1) / CONFIG_RETRY_MS) * CONFIG_RETRY_MS;
      return { step: "wait", reason: "CreateContainerConfigError", message: error, until };
    }
    return { step: "start", ref, pulled };
  }
  const backoff = kubelet.pullBackoff[pullBackoffKey(pod, container.image)];
  if (backoff && inBackoffSince(backoff, backoff.since, now)) {
    const showingError = now - backoff.since < ERR_IMAGE_PULL_SHOW_MS;
    return {
      step: "wait",
      reason: showingError ? "ErrImagePull" : "ImagePullBackOff",
      message: showingError
        ? (backoff.error ?? "")
        : `Back-off pulling image "${container.image}": ErrImagePull: ${backoff.error ?? ""}`,
      until: showingError ? backoff.since + ERR_IMAGE_PULL_SHOW_MS : backoff.since + backoff.delayMs,
    };
  }
  return { step: "pull", ref };
}
