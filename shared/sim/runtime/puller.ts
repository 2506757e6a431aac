import { writeNode } from "../apiserver/apiserver.ts";
import { goDuration } from "../duration.ts";
import type { Engine } from "../engine/Engine.ts";
import type { ImagePull, MachineState, PullLayerProgress } from "../model/machine.ts";
import type { Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import { isInitContainer } from "../model/podcontainers.ts";
import { parseImageReference } from "../registry/imageref.ts";
import { findManifest, layerSize } from "../registry/images.ts";
import { interruptedPullMessage, resolvePull } from "../world/registry.ts";

/**
 * Image pulls on one node: serial (the kubelet's default serializeImagePulls), layer by layer at the
 * bandwidth between the node and the registry, skipping layers already in the content store. Progress is
 * a function of time, so the board can draw it at any moment without the engine ticking bytes.
 */
export function enqueuePull(
  engine: Engine,
  node: Node,
  pod: Pod,
  container: string,
  image: string,
): ImagePull {
  const machine = engine.state.machines[node.metadata.name] as MachineState;
  const parsed = parseImageReference(image);
  const pull: ImagePull = {
    id: machine.nextPullId++,
    image,
    ref: parsed.ok ? parsed.ref.normalized : image,
    podUID: pod.metadata.uid,
    podKey: `${pod.metadata.namespace}/${pod.metadata.name}`,
    container,
    enqueuedAt: engine.now,
  };
  machine.pulls.push(pull);
  engine.podChanged("Machine", node.metadata.name, pod.metadata.uid);
  // getPullSecretsForPod: a named Secret that does not exist is left out, and the pull goes on without it.
  const missing = pod.spec.imagePullSecrets
    .map((s) => s.name)
    .filter((name) => !engine.state.secrets[`${pod.metadata.namespace}/${name}`]);
  if (missing.length > 0) {
    engine.emit({
      type: "Warning",
      reason: "FailedToRetrieveImagePullSecret",
      message: `Unable to retrieve some image pull secrets (${missing.join(", ")}); attempting to pull the image may not succeed.`,
      involvedObject: podRef(pod),
      source: { component: "kubelet", host: node.metadata.name },
    });
  }
  engine.emit({
    type: "Normal",
    reason: "Pulling",
    message: `Pulling image "${image}"`,
    involvedObject: podRef(pod, container),
    source: { component: "kubelet", host: node.metadata.name },
  });
  if (machine.pulls.length === 1) startHeadPull(engine, node, machine);
  return pull;
}

function startHeadPull(engine: Engine, node: Node, machine: MachineState): void {
  const pull = machine.pulls[0];
  if (!pull) return;
  const pod = engine.state.pods[pull.podKey];
  const parsed = parseImageReference(pull.image);
  pull.startedAt = engine.now;
  if (!pod || pod.metadata.uid !== pull.podUID || !parsed.ok) {
    pull.error = "pull cancelled: pod is gone";
    pull.doneAt = engine.now;
    engine.wake(`node:${node.metadata.name}`);
    return;
  }
  const resolution = resolvePull(engine.state, node, machine, pod, parsed.ref);
  // the cluster met a public registry of the catalogue: the board shows it from now on
  if (resolution.adopted) engine.changed("Registry", resolution.adopted, "ADDED");
  // a rate-limited registry counted (and aged) its pulls: what its window shows changed
  if (resolution.registry?.rateLimit) engine.changed("Registry", resolution.registry.name);
  if (!resolution.ok) {
    pull.registry = resolution.registry?.name;
    pull.error = resolution.error;
    pull.doneAt = engine.now + resolution.latencyMs;
  } else {
    pull.registry = resolution.registry.name;
    pull.bandwidth = resolution.bandwidth;
    pull.downloadStartAt = engine.now + resolution.latencyMs;
    pull.layers = resolution.manifest.layers.map((digest) => ({
      digest,
      size: layerSize(engine.state, digest),
      cached: machine.layers[digest] === true,
    }));
    const bytes = pull.layers.reduce((sum, l) => sum + (l.cached ? 0 : l.size), 0);
    pull.doneAt = pull.downloadStartAt + Math.ceil((bytes / resolution.bandwidth) * 1000);
  }
  engine.wake(`node:${node.metadata.name}`, pull.doneAt);
}

export interface LayerProgress extends PullLayerProgress {
  downloaded: number;
}

/** Bytes downloaded per layer at `now`: layers go one after another at the pull's bandwidth. */
export function pullProgress(pull: ImagePull, now: number): LayerProgress[] {
  const layers = pull.layers ?? [];
  let budget =
    pull.downloadStartAt === undefined || pull.bandwidth === undefined
      ? 0
      : (Math.max(0, Math.min(now, pull.doneAt ?? now) - pull.downloadStartAt) / 1000) * pull.bandwidth;
  if (pull.doneAt !== undefined && now >= pull.doneAt && !pull.error) budget = Number.POSITIVE_INFINITY;
  return layers.map((layer) => {
    if (layer.cached) return { ...layer, downloaded: layer.size };
    const downloaded = Math.min(layer.size, budget);
    budget -= downloaded;
    return { ...layer, downloaded: Math.floor(downloaded) };
  });
}

export interface PullOutcome {
  pull: ImagePull;
  ok: boolean;
}

/** Finishes every pull due by now (success or failure) and starts the next in the queue. */
export function advancePulls(engine: Engine, node: Node): PullOutcome[] {
  const machine = engine.state.machines[node.metadata.name] as MachineState;
  const outcomes: PullOutcome[] = [];
  for (
    let head = machine.pulls[0];
    head?.doneAt !== undefined && head.doneAt <= engine.now;
    head = machine.pulls[0]
  ) {
    const ok = finishPull(engine, node, machine, head);
    machine.pulls.shift();
    outcomes.push({ pull: head, ok });
    startHeadPull(engine, node, machine);
  }
  if (outcomes.length > 0) engine.changed("Machine", node.metadata.name);
  return outcomes;
}

function finishPull(engine: Engine, node: Node, machine: MachineState, pull: ImagePull): boolean {
  for (const layer of pullProgress(pull, engine.now)) {
    if (layer.downloaded >= layer.size) machine.layers[layer.digest] = true;
  }
  if (pull.error) return false;
  const manifest = findManifest(engine.state, pull.ref);
  if (!manifest) return false;
  machine.images[pull.ref] = manifest.digest;
  reportNodeImages(engine, node, machine);
  const pod = engine.state.pods[pull.podKey];
  if (pod) {
    const took = goDuration((pull.doneAt ?? engine.now) - (pull.startedAt ?? pull.enqueuedAt));
    const total = goDuration((pull.doneAt ?? engine.now) - pull.enqueuedAt);
    engine.emit({
      type: "Normal",
      reason: "Pulled",
      message: `Successfully pulled image "${pull.image}" in ${took} (${total} including waiting). Image size: ${manifest.size} bytes.`,
      involvedObject: podRef(pod, pull.container),
      source: { component: "kubelet", host: node.metadata.name },
    });
  }
  return true;
}

/** node.status.images as the kubelet reports it: one entry per image, all its names, largest first. */
export function reportNodeImages(engine: Engine, node: Node, machine: MachineState): void {
  const byDigest = new Map<string, { names: string[]; sizeBytes: number }>();
  for (const [ref, digest] of Object.entries(machine.images)) {
    const manifest = findManifest(engine.state, ref);
    let entry = byDigest.get(digest);
    if (!entry) {
      entry = { names: [], sizeBytes: manifest?.size ?? 0 };
      byDigest.set(digest, entry);
      if (manifest) entry.names.push(`${manifest.repository}@${digest}`);
    }
    entry.names.push(ref);
  }
  node.status.images = [...byDigest.values()].sort((a, b) => b.sizeBytes - a.sizeBytes).slice(0, 50);
  writeNode(engine, node);
}

/** A registry outage interrupts downloads in flight from it; finished layers stay on disk. */
export function interruptPullsFrom(engine: Engine, registryName: string): void {
  const registry = engine.state.registries[registryName];
  if (!registry) return;
  for (const [nodeName, machine] of Object.entries(engine.state.machines)) {
    const head = machine.pulls[0];
    const node = engine.state.nodes[nodeName];
    if (!head || !node || head.registry !== registryName || head.error || head.doneAt === undefined) continue;
    if (head.doneAt <= engine.now) continue;
    const parsed = parseImageReference(head.image);
    if (!parsed.ok) continue;
    head.error = interruptedPullMessage(node.machine.runtime, parsed.ref, registry);
    head.doneAt = Math.max(engine.now, head.downloadStartAt ?? engine.now);
    engine.changed("Machine", nodeName);
    engine.wake(`node:${nodeName}`, head.doneAt);
  }
}

export function podRef(pod: Pod, container?: string) {
  return {
    kind: "Pod",
    name: pod.metadata.name,
    namespace: pod.metadata.namespace,
    uid: pod.metadata.uid,
    ...(container
      ? {
          fieldPath: `spec.${isInitContainer(pod, container) ? "initContainers" : "containers"}{${container}}`,
        }
      : {}),
  };
}
