import type { Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import { Mi } from "../quantity.ts";
import { parseImageReference } from "../registry/imageref.ts";

/**
 * The scheduler's per-node aggregate (pkg/scheduler/framework/types.go NodeInfo): what the pods
 * assigned to the node request, which host ports they hold and which images the node has. Kept
 * incrementally, so adding or removing a pod costs O(containers), never a walk over the node's pods.
 */

/** Requests the scheduler assumes for a container that sets none (pkg/scheduler/util DefaultMilliCPURequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * Mi;

export interface NodeInfo {
  node: Node;
  /** Sum of requests of the non-terminal pods assigned to this node (for filtering). pods = their count. */
  requested: { cpu: number; memory: number; pods: number };
  /** Same with the scheduler's non-zero defaults (100m CPU, 200Mi memory per container without a request), for scoring. */
  nonZeroRequested: { cpu: number; memory: number };
  /** Host ports in use "protocol/port". */
  usedPorts: Set<string>;
  /** Normalised image refs on the node (from node.status.images[].names, each normalised) -> sizeBytes. */
  images: Map<string, number>;
  /** UIDs of the pods counted above, so a repeated add or remove cannot skew the sums. */
  podUIDs: Set<string>;
  /** How many counted pods hold each host port, so removing one of two holders keeps the port used. */
  portHolders: Map<string, number>;
  /** The counted pods by UID (NodeInfo.Pods): what InterPodAffinity and PodTopologySpread match against. */
  pods: Map<string, Pod>;
  /** Counted pods with any pod affinity or anti-affinity term (NodeInfo.PodsWithAffinity). */
  podsWithAffinity: Map<string, Pod>;
  /** Counted pods with required anti-affinity terms (NodeInfo.PodsWithRequiredAntiAffinity). */
  podsWithRequiredAntiAffinity: Map<string, Pod>;
  /**
   * Bumped whenever a pod is added, removed or re-reported (its labels or deletion may have changed), so
   * counts memoised against it (matchingPodCount) know when to recount.
   */
  generation: number;
  /** Memo of matching-pod counts by selector key, valid while `generation` is unchanged. */
  matchCounts: Map<string, { generation: number; count: number }>;
}

export function newNodeInfo(node: Node): NodeInfo {
  return {
    node,
    requested: { cpu: 0, memory: 0, pods: 0 },
    nonZeroRequested: { cpu: 0, memory: 0 },
    usedPorts: new Set(),
    images: nodeImages(node),
    podUIDs: new Set(),
    portHolders: new Map(),
    pods: new Map(),
    podsWithAffinity: new Map(),
    podsWithRequiredAntiAffinity: new Map(),
    generation: 0,
    matchCounts: new Map(),
  };
}

/** The pod states a pod (anti-)affinity term, so it matters to InterPodAffinity's symmetry. */
export function hasPodAffinityTerms(pod: Pod): boolean {
  const affinity = pod.spec.affinity;
  return affinity?.podAffinity !== undefined || affinity?.podAntiAffinity !== undefined;
}

export function hasRequiredAntiAffinity(pod: Pod): boolean {
  return (
    (pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0
  );
}

const normalizedCache = new Map<string, string>();
const NORMALIZED_CACHE_LIMIT = 10_000;

/**
 * An image name as the scheduler compares it: the normalised reference ("nginx" ->
 * "docker.io/library/nginx:latest"). Upstream only appends ":latest" and so misses "nginx" against a
 * node reporting "docker.io/library/nginx:latest" (a TODO in image_locality.go); kubeclass normalises
 * both sides, which is what that TODO asks for. Unparseable names fall back to upstream's rule.
 */
export function normalizedImageName(image: string): string {
  const cached = normalizedCache.get(image);
  if (cached !== undefined) return cached;
  const parsed = parseImageReference(image);
  let name: string;
  if (parsed.ok) name = parsed.ref.normalized;
  else name = image.lastIndexOf(":") <= image.lastIndexOf("/") ? `${image}:latest` : image;
  // A memo, not state: results depend on the input only. Bounded so a long match cannot grow it forever.
  if (normalizedCache.size >= NORMALIZED_CACHE_LIMIT) normalizedCache.clear();
  normalizedCache.set(image, name);
  return name;
}

/** Image refs the node reports, normalised, with their size (ImageStateSummary.Size). */
export function nodeImages(node: Node): Map<string, number> {
  const images = new Map<string, number>();
  for (const image of node.status.images) {
    for (const name of image.names) images.set(normalizedImageName(name), image.sizeBytes);
  }
  return images;
}

/** Host ports a pod asks for, as "protocol/port" (NodePorts compares protocol and port; hostIP is not modelled). */
export function podHostPorts(pod: Pod): string[] {
  const ports: string[] = [];
  for (const container of pod.spec.containers) {
    for (const port of container.ports ?? []) {
      if (port.hostPort !== undefined && port.hostPort > 0)
        ports.push(`${port.protocol ?? "TCP"}/${port.hostPort}`);
    }
  }
  return ports;
}

function hasRequest(container: Pod["spec"]["containers"][number], resource: "cpu" | "memory"): boolean {
  const resources = container.resources;
  // The API server defaults a missing request to the limit, so a limit alone counts as a request.
  return resources?.requests?.[resource] !== undefined || resources?.limits?.[resource] !== undefined;
}

/**
 * The pod's requests with the non-zero defaults for containers that request nothing
 * (resourcehelper.PodRequests with NonMissingContainerRequests). An explicit "0" stays 0.
 */
export function podNonZeroRequests(pod: Pod): { cpu: number; memory: number } {
  let cpu = pod.requests.cpu;
  let memory = pod.requests.memory;
  for (const container of pod.spec.containers) {
    if (!hasRequest(container, "cpu")) cpu += DEFAULT_MILLI_CPU_REQUEST;
    if (!hasRequest(container, "memory")) memory += DEFAULT_MEMORY_REQUEST;
  }
  return { cpu, memory };
}

function podUID(pod: Pod): string {
  return pod.metadata.uid || `${pod.metadata.namespace}/${pod.metadata.name}`;
}

function updatePorts(info: NodeInfo, pod: Pod, delta: 1 | -1): void {
  for (const container of pod.spec.containers) {
    const ports = container.ports;
    if (!ports) continue;
    for (const port of ports) {
      if (port.hostPort === undefined || port.hostPort <= 0) continue;
      const key = `${port.protocol ?? "TCP"}/${port.hostPort}`;
      const holders = (info.portHolders.get(key) ?? 0) + delta;
      if (holders > 0) {
        info.portHolders.set(key, holders);
        info.usedPorts.add(key);
      } else {
        info.portHolders.delete(key);
        info.usedPorts.delete(key);
      }
    }
  }
}

function update(info: NodeInfo, pod: Pod, sign: 1 | -1): void {
  const nonZero = podNonZeroRequests(pod);
  info.requested.cpu += sign * pod.requests.cpu;
  info.requested.memory += sign * pod.requests.memory;
  info.requested.pods += sign;
  info.nonZeroRequested.cpu += sign * nonZero.cpu;
  info.nonZeroRequested.memory += sign * nonZero.memory;
  updatePorts(info, pod, sign);
}

/**
 * Counts the pod on this node. A pod already counted (same UID) is not counted twice, but its newer
 * object replaces the one held (labels and deletion may have changed).
 */
export function addPod(info: NodeInfo, pod: Pod): void {
  const uid = podUID(pod);
  info.generation++;
  if (info.podUIDs.has(uid)) {
    info.pods.set(uid, pod);
    if (info.podsWithAffinity.has(uid)) info.podsWithAffinity.set(uid, pod);
    if (info.podsWithRequiredAntiAffinity.has(uid)) info.podsWithRequiredAntiAffinity.set(uid, pod);
    return;
  }
  info.podUIDs.add(uid);
  info.pods.set(uid, pod);
  if (hasPodAffinityTerms(pod)) info.podsWithAffinity.set(uid, pod);
  if (hasRequiredAntiAffinity(pod)) info.podsWithRequiredAntiAffinity.set(uid, pod);
  update(info, pod, 1);
}

/** Stops counting the pod. A pod that was not counted is ignored. */
export function removePod(info: NodeInfo, pod: Pod): void {
  const uid = podUID(pod);
  if (!info.podUIDs.delete(uid)) return;
  info.generation++;
  const held = info.pods.get(uid) ?? pod;
  info.pods.delete(uid);
  info.podsWithAffinity.delete(uid);
  info.podsWithRequiredAntiAffinity.delete(uid);
  update(info, held, -1);
}
