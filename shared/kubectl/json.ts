import type { ClusterEvent } from "../sim/model/event.ts";
import type { Condition, ObjectMeta } from "../sim/model/meta.ts";
import type { Node } from "../sim/model/node.ts";
import type { Container, ContainerState, ContainerStatus, Pod, PodSpec } from "../sim/model/pod.ts";
import { formatBytes, formatCpu } from "../sim/quantity.ts";
import { parseImageReference } from "../sim/registry/imageref.ts";
import { rfc3339, rfc3339Milli } from "../time/format.ts";
import { eventName } from "./events.ts";

/**
 * Engine objects as the API server serves them (`kubectl get -o json`): timestamps in RFC 3339,
 * quantities as strings, resourceVersion as a string, empty fields left out.
 */
export type Json = Record<string, unknown>;

export function compact(object: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      Object.keys(value).length === 0
    ) {
      if (key === "labels" || key === "annotations" || key === "nodeSelector") continue;
    }
    out[key] = value;
  }
  return out;
}

export function metadataJson(meta: ObjectMeta): Json {
  return compact({
    name: meta.name,
    namespace: meta.namespace,
    uid: meta.uid,
    resourceVersion: String(meta.resourceVersion),
    generation: meta.generation,
    creationTimestamp: rfc3339(meta.creationTimestamp),
    deletionTimestamp: meta.deletionTimestamp === undefined ? undefined : rfc3339(meta.deletionTimestamp),
    deletionGracePeriodSeconds: meta.deletionGracePeriodSeconds,
    labels: meta.labels,
    annotations: meta.annotations,
    ownerReferences: meta.ownerReferences,
  });
}

export function conditionJson(c: Condition): Json {
  return compact({
    type: c.type,
    status: c.status,
    lastHeartbeatTime: c.lastHeartbeatTime === undefined ? undefined : rfc3339(c.lastHeartbeatTime),
    lastProbeTime: c.lastHeartbeatTime === undefined && c.lastUpdateTime === undefined ? null : undefined,
    lastTransitionTime: rfc3339(c.lastTransitionTime),
    lastUpdateTime: c.lastUpdateTime === undefined ? undefined : rfc3339(c.lastUpdateTime),
    reason: c.reason,
    message: c.message,
  });
}

function stateJson(state: ContainerState | Record<string, never>): Json {
  if ("waiting" in state) return { waiting: compact({ ...state.waiting }) };
  if ("running" in state) return { running: { startedAt: rfc3339(state.running.startedAt) } };
  if ("terminated" in state) {
    const t = state.terminated;
    return {
      terminated: compact({
        exitCode: t.exitCode,
        reason: t.reason,
        message: t.message,
        startedAt: t.startedAt === undefined ? undefined : rfc3339(t.startedAt),
        finishedAt: rfc3339(t.finishedAt),
        containerID: t.containerID,
      }),
    };
  }
  return {};
}

/** A container as the API server stores it: defaulted fields filled in, empty ones left out. */
function containerJson(c: Container, defaultRequests: boolean): Json {
  let resources: Json = { ...(c.resources ?? {}) };
  // The API server defaults a pod container's missing requests to its limits (SetDefaults_Pod).
  if (defaultRequests && c.resources?.limits) {
    resources = { ...resources, requests: { ...c.resources.limits, ...(c.resources.requests ?? {}) } };
  }
  return compact({
    ...c,
    resources,
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "File",
  });
}

/**
 * A PodSpec as stored: `forPod` adds what admission sets on pods (priority, the default service
 * account); a template inside a Deployment or ReplicaSet carries only its own defaults.
 */
export function podSpecJson(spec: PodSpec, forPod: boolean): Json {
  return compact({
    initContainers: spec.initContainers?.map((c) => containerJson(c, forPod)),
    containers: spec.containers.map((c) => containerJson(c, forPod)),
    dnsPolicy: "ClusterFirst",
    enableServiceLinks: forPod ? true : undefined,
    nodeName: spec.nodeName,
    nodeSelector: spec.nodeSelector,
    affinity: spec.affinity,
    topologySpreadConstraints: spec.topologySpreadConstraints,
    tolerations: spec.tolerations.length || forPod ? spec.tolerations : undefined,
    restartPolicy: spec.restartPolicy,
    imagePullSecrets: spec.imagePullSecrets.length ? spec.imagePullSecrets : undefined,
    preemptionPolicy: spec.preemptionPolicy ?? (forPod ? "PreemptLowerPriority" : undefined),
    priority: forPod || spec.priorityClassName ? spec.priority : undefined,
    priorityClassName: spec.priorityClassName,
    schedulerName: spec.schedulerName,
    securityContext: {},
    serviceAccount: forPod ? "default" : undefined,
    serviceAccountName: forPod ? "default" : undefined,
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
  });
}

function containerStatusJson(s: ContainerStatus): Json {
  const parsed = parseImageReference(s.image);
  return compact({
    name: s.name,
    image: parsed.ok ? parsed.ref.normalized : s.image,
    imageID: s.imageID,
    containerID: s.containerID,
    ready: s.ready,
    started: s.started,
    restartCount: s.restartCount,
    state: stateJson(s.state),
    lastState: stateJson(s.lastState),
  });
}

export function podJson(pod: Pod): Json {
  const { status } = pod;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: metadataJson(pod.metadata),
    spec: podSpecJson(pod.spec, true),
    status: compact({
      phase: status.phase,
      reason: status.reason,
      message: status.message,
      conditions: status.conditions.map(conditionJson),
      hostIP: status.hostIP,
      hostIPs: status.hostIP ? [{ ip: status.hostIP }] : undefined,
      nominatedNodeName: status.nominatedNodeName,
      podIP: status.podIP,
      podIPs: status.podIP ? [{ ip: status.podIP }] : undefined,
      startTime: status.startTime === undefined ? undefined : rfc3339(status.startTime),
      initContainerStatuses: status.initContainerStatuses?.length
        ? status.initContainerStatuses.map(containerStatusJson)
        : undefined,
      containerStatuses: status.containerStatuses.length
        ? status.containerStatuses.map(containerStatusJson)
        : undefined,
      qosClass: status.qosClass,
    }),
  };
}

function resourcesJson(r: { cpu: number; memory: number; pods: number }): Json {
  return { cpu: formatCpu(r.cpu), memory: formatBytes(r.memory), pods: String(r.pods) };
}

export function nodeJson(node: Node): Json {
  const metadata = metadataJson(node.metadata);
  metadata.annotations = {
    ...node.metadata.annotations,
    "kubeclass.dev/provider": node.machine.provider,
    "kubeclass.dev/runtime": node.machine.runtime,
    "kubeclass.dev/price-per-hour": String(node.machine.pricePerHour),
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata,
    spec: compact({
      podCIDR: node.spec.podCIDR,
      podCIDRs: node.spec.podCIDR ? [node.spec.podCIDR] : undefined,
      providerID: node.spec.providerID,
      taints: node.spec.taints.length
        ? node.spec.taints.map((t) =>
            compact({ ...t, timeAdded: t.timeAdded === undefined ? undefined : rfc3339(t.timeAdded) }),
          )
        : undefined,
      unschedulable: node.spec.unschedulable || undefined,
    }),
    status: {
      capacity: resourcesJson(node.status.capacity),
      allocatable: resourcesJson(node.status.allocatable),
      conditions: node.status.conditions.map(conditionJson),
      addresses: node.status.addresses,
      nodeInfo: node.status.nodeInfo,
      images: node.status.images,
    },
  };
}

export function eventJson(event: ClusterEvent): Json {
  const involved = event.involvedObject;
  return {
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      name: eventName(event),
      namespace: involved.namespace ?? "default",
      creationTimestamp: rfc3339(event.firstTime),
    },
    involvedObject: compact({ apiVersion: "v1", ...involved }),
    reason: event.reason,
    message: event.message,
    type: event.type,
    eventTime: rfc3339Milli(event.firstTime),
    firstTimestamp: rfc3339(event.firstTime),
    lastTimestamp: rfc3339(event.eventTime),
    count: event.count,
    source: compact({ ...event.source }),
    reportingComponent: event.source.component,
    reportingInstance: event.source.host ?? "",
  };
}
