import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { KubeletState } from "../model/kubelet.ts";
import type { MachineState } from "../model/machine.ts";
import type { Node } from "../model/node.ts";
import type { Container, Pod, ProbeType } from "../model/pod.ts";
import { allContainers, containerSpec } from "../model/podcontainers.ts";
import { kubeletSeat } from "../model/seat.ts";
import { findManifest } from "../registry/images.ts";
import { containerKey, createContainer } from "../runtime/containers.ts";
import { enqueuePull, podRef } from "../runtime/puller.ts";
import { nextBackoff } from "./backoff.ts";
import { runDueProbe } from "./prober/worker.ts";
import { containerStatus, defaultWaitingReason, reportPodStatus, setWaiting } from "./status.ts";
import { type ContainerStep, containerStep } from "./step.ts";

/**
 * The kubelet's moves on one container: pull its image, or create and start it. A player's move and
 * the bot's go through the same checks (step.ts); a refused move says what the kubelet would say.
 */
export interface KubeletAction {
  type: "PullImage" | "StartContainer";
  node: string;
  namespace: string;
  pod: string;
  container: string;
}

interface Target {
  node: Node;
  machine: MachineState;
  kubelet: KubeletState;
  pod: Pod;
  container: Container;
}

export function findTarget(
  engine: Engine,
  nodeName: string,
  namespace: string,
  podName: string,
  containerName: string,
): Target | CommandResult {
  const node = engine.state.nodes[nodeName];
  const machine = engine.state.machines[nodeName];
  const kubelet = engine.state.kubelets[nodeName];
  if (!node || !machine || !kubelet)
    return { ok: false, code: "NotFound", message: `nodes "${nodeName}" not found` };
  if (!machine.up) return { ok: false, code: "Unavailable", message: `node ${nodeName} is down` };
  const pod = engine.podByName(namespace, podName);
  if (!pod) return { ok: false, code: "NotFound", message: `pods "${podName}" not found` };
  if (pod.spec.nodeName !== nodeName) {
    return { ok: false, code: "Forbidden", message: `pod ${podName} is not bound to node ${nodeName}` };
  }
  if (pod.metadata.deletionTimestamp !== undefined) {
    return { ok: false, code: "Conflict", message: `pod ${podName} is terminating` };
  }
  const container = containerSpec(pod, containerName);
  if (!container) {
    return {
      ok: false,
      code: "NotFound",
      message: `container ${containerName} is not valid for pod ${podName} (choose one of: [${allContainers(
        pod.spec,
      )
        .map((c) => c.name)
        .join(" ")}])`,
    };
  }
  return { node, machine, kubelet, pod, container };
}

function refuse(step: ContainerStep, container: string): CommandResult {
  if (step.step === "none") {
    const what = {
      running: "is already running",
      starting: "is already starting",
      finished: "has finished and its restartPolicy does not restart it",
    }[step.why];
    return { ok: false, code: "Conflict", message: `container ${container} ${what}` };
  }
  if (step.step === "wait") {
    const code =
      step.reason === "CrashLoopBackOff" || step.reason === "ImagePullBackOff" ? "BackOff" : "NotReady";
    return { ok: false, code, message: `${step.reason}: ${step.message}` };
  }
  return { ok: false, code: "NotReady", message: `container ${container} cannot do that now` };
}

export function pullImage(
  engine: Engine,
  nodeName: string,
  ns: string,
  podName: string,
  name: string,
): CommandResult {
  const target = findTarget(engine, nodeName, ns, podName, name);
  if ("ok" in target) return target;
  const { node, machine, kubelet, pod, container } = target;
  const step = containerStep(engine, machine, kubelet, pod, container);
  if (step.step === "start" && container.imagePullPolicy !== "Never") {
    // Pulling an image that is already there is allowed (the registry is asked again), as `crictl pull` is.
  } else if (step.step !== "pull") {
    return refuse(step, name);
  }
  enqueuePull(engine, node, pod, name, container.image);
  return { ok: true, message: `pulling image "${container.image}" on ${nodeName}` };
}

export function startContainer(
  engine: Engine,
  nodeName: string,
  ns: string,
  podName: string,
  name: string,
): CommandResult {
  const target = findTarget(engine, nodeName, ns, podName, name);
  if ("ok" in target) return target;
  const { node, machine, kubelet, pod, container } = target;
  const step = containerStep(engine, machine, kubelet, pod, container);
  if (step.step === "pull") {
    const why =
      container.imagePullPolicy === "Always" && machine.images[step.ref] !== undefined
        ? `imagePullPolicy is Always: pull image "${container.image}" first`
        : `image "${container.image}" is not present on ${nodeName}: pull it first`;
    return { ok: false, code: "NotReady", message: why };
  }
  if (step.step !== "start") return refuse(step, name);
  const manifest = findManifest(engine.state, step.ref);
  if (!manifest) return { ok: false, code: "NotFound", message: `image "${container.image}" not found` };
  const key = containerKey(pod.metadata.uid, name);
  if (engine.isAssisting(kubeletSeat(nodeName)))
    kubelet.assisted = { ...kubelet.assisted, [pod.metadata.uid]: true };
  const previous = machine.containers[key];
  const status = containerStatus(pod, name);
  if (previous?.finishedAt !== undefined) {
    kubelet.crashBackoff[key] = nextBackoff(kubelet.crashBackoff[key], engine.now);
    status.lastState = {
      terminated: {
        exitCode: previous.exitCode ?? 0,
        reason: previous.reason ?? "Error",
        ...(previous.message ? { message: previous.message } : {}),
        startedAt: previous.reason === "StartError" ? 0 : previous.startedAt,
        finishedAt: previous.finishedAt,
        containerID: previous.id,
      },
    };
    status.restartCount++;
  }
  if (!step.pulled) {
    engine.emit({
      type: "Normal",
      reason: "Pulled",
      message: `Container image "${container.image}" already present on machine`,
      involvedObject: podRef(pod, name),
      source: { component: "kubelet", host: nodeName },
    });
  }
  delete kubelet.pulled[key];
  engine.podChanged("Kubelet", nodeName, pod.metadata.uid);
  createContainer(engine, node, machine, pod, container, manifest);
  setWaiting(pod, name, defaultWaitingReason(pod));
  reportPodStatus(engine, pod, true);
  return { ok: true, message: `creating container ${name} in pod ${podName}` };
}

/** The bot's choices for its node right now: every container that can take its next step. */
export function kubeletPlan(engine: Engine, nodeName: string): KubeletAction[] {
  const machine = engine.state.machines[nodeName];
  const kubelet = engine.state.kubelets[nodeName];
  if (!machine?.up || !kubelet) return [];
  const actions: KubeletAction[] = [];
  for (const pod of engine.podsOnNode(nodeName)) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    if (pod.status.phase === "Succeeded" || pod.status.phase === "Failed") continue;
    let pulling = false;
    for (const container of allContainers(pod.spec)) {
      const step = containerStep(engine, machine, kubelet, pod, container);
      if (step.step !== "pull" && step.step !== "start") continue;
      // One pull at a time per pod: the next container's image waits for this one's.
      if (step.step === "pull") {
        if (pulling) continue;
        pulling = true;
      }
      actions.push({
        type: step.step === "pull" ? "PullImage" : "StartContainer",
        node: nodeName,
        namespace: pod.metadata.namespace,
        pod: pod.metadata.name,
        container: container.name,
      });
    }
  }
  return actions;
}

/** A failed pull: ErrImagePull now, back-off before the next attempt. */
export function recordPullFailure(
  engine: Engine,
  nodeName: string,
  pod: Pod,
  container: string,
  error: string,
): void {
  const kubelet = engine.state.kubelets[nodeName];
  const spec = containerSpec(pod, container);
  if (!kubelet || !spec) return;
  const key = `${pod.metadata.uid}_${spec.image}`;
  kubelet.pullBackoff[key] = { ...nextBackoff(kubelet.pullBackoff[key], engine.now), error };
  engine.podChanged("Kubelet", nodeName, pod.metadata.uid);
  for (const message of [`Failed to pull image "${spec.image}": ${error}`, "Error: ErrImagePull"]) {
    engine.emit({
      type: "Warning",
      reason: "Failed",
      message,
      involvedObject: podRef(pod, container),
      source: { component: "kubelet", host: nodeName },
    });
  }
  setWaiting(pod, container, "ErrImagePull", error);
  reportPodStatus(engine, pod, true);
}

/** A student's RunProbe: the container's probe of this type, when the prober says it is due. */
export function runProbe(
  engine: Engine,
  nodeName: string,
  ns: string,
  podName: string,
  name: string,
  type: ProbeType,
): CommandResult {
  const target = findTarget(engine, nodeName, ns, podName, name);
  if ("ok" in target) return target;
  const { node, machine, kubelet, pod, container } = target;
  const done = runDueProbe(engine, node, machine, kubelet, pod, container, type);
  if (!done.ok) return { ok: false, code: "NotReady", message: done.message };
  return { ok: true, message: `${type} probe of ${podName}/${name} run` };
}
