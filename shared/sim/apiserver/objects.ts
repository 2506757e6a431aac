import { type DecodedObject, defaultRequestsFromLimits } from "../api/decode.ts";
import { DEFAULT_INSTANCE, findInstanceType, PROVIDERS } from "../catalogue/providers.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Condition } from "../model/meta.ts";
import type { ContainerRuntimeName, Node, NodeConditionType } from "../model/node.ts";
import type { Container, Pod, PodSpec, Toleration } from "../model/pod.ts";
import type { Resources } from "../model/quantities.ts";
import { parseBytes, parseCpu } from "../quantity.ts";

type DecodedPod = Extract<DecodedObject, { kind: "Pod" }>;
type DecodedNode = Extract<DecodedObject, { kind: "Node" }>;

export const KUBELET_VERSION = "v1.31.4";
export const RUNTIME_VERSION: Record<ContainerRuntimeName, string> = {
  containerd: "containerd://1.7.24",
  docker: "docker://27.4.1",
  // The kubelet cannot drive podman itself; podman's CRI sibling, CRI-O, runs pods on such nodes.
  podman: "cri-o://1.31.3",
};
export const CONTAINER_ID_PREFIX: Record<ContainerRuntimeName, string> = {
  containerd: "containerd://",
  docker: "docker://",
  podman: "cri-o://",
};

const NOT_READY = "node.kubernetes.io/not-ready";
const UNREACHABLE = "node.kubernetes.io/unreachable";
export const DEFAULT_TOLERATION_SECONDS = 300;

/** Admission plugin DefaultTolerationSeconds: tolerate not-ready/unreachable NoExecute taints for 300 s. */
export function withDefaultTolerations(tolerations: Toleration[]): Toleration[] {
  const out = [...tolerations];
  for (const key of [NOT_READY, UNREACHABLE]) {
    const covered = tolerations.some(
      (t) =>
        (t.key === key || (t.key === undefined && t.operator === "Exists")) &&
        (!t.effect || t.effect === "NoExecute"),
    );
    if (!covered) {
      out.push({
        key,
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: DEFAULT_TOLERATION_SECONDS,
      });
    }
  }
  return out;
}

/** Requests default to limits when only limits are given, as the API server defaults them. */
function containerRequest(container: Container, resource: "cpu" | "memory"): number {
  const text = container.resources?.requests?.[resource] ?? container.resources?.limits?.[resource];
  if (text === undefined) return 0;
  return (resource === "cpu" ? parseCpu(text) : parseBytes(text)) ?? 0;
}

/**
 * A pod's effective request (resourcehelper.PodRequests): its containers and sidecars together, or
 * more if an init container needs more while it runs (beside the sidecars started before it).
 */
export function podRequests(spec: PodSpec): Resources {
  const sum = { cpu: 0, memory: 0 };
  for (const c of spec.containers) {
    sum.cpu += containerRequest(c, "cpu");
    sum.memory += containerRequest(c, "memory");
  }
  const sidecars = { cpu: 0, memory: 0 };
  const init = { cpu: 0, memory: 0 };
  for (const c of spec.initContainers ?? []) {
    const own = { cpu: containerRequest(c, "cpu"), memory: containerRequest(c, "memory") };
    let during: Resources;
    if (c.restartPolicy === "Always") {
      sum.cpu += own.cpu;
      sum.memory += own.memory;
      sidecars.cpu += own.cpu;
      sidecars.memory += own.memory;
      during = { ...sidecars };
    } else during = { cpu: own.cpu + sidecars.cpu, memory: own.memory + sidecars.memory };
    init.cpu = Math.max(init.cpu, during.cpu);
    init.memory = Math.max(init.memory, during.memory);
  }
  return { cpu: Math.max(sum.cpu, init.cpu), memory: Math.max(sum.memory, init.memory) };
}

export function qosClass(spec: PodSpec): Pod["status"]["qosClass"] {
  let any = false;
  let guaranteed = true;
  for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
    for (const r of ["cpu", "memory"] as const) {
      const req = c.resources?.requests?.[r];
      const lim = c.resources?.limits?.[r];
      if (req !== undefined || lim !== undefined) any = true;
      if (lim === undefined || (req !== undefined && req !== lim)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

export function newPod(engine: Engine, decoded: DecodedPod): Pod {
  // API server defaulting (SetDefaults_Pod): a resource with a limit and no request requests the limit.
  const defaulted = defaultRequestsFromLimits(decoded.spec);
  const spec: PodSpec = { ...defaulted, tolerations: withDefaultTolerations(defaulted.tolerations) };
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: decoded.metadata.name,
      namespace: decoded.metadata.namespace,
      uid: engine.uid(),
      labels: { ...decoded.metadata.labels },
      annotations: { ...decoded.metadata.annotations },
      creationTimestamp: engine.now,
      resourceVersion: 0,
      ...(decoded.metadata.ownerReferences ? { ownerReferences: decoded.metadata.ownerReferences } : {}),
    },
    spec,
    status: {
      phase: "Pending",
      // The pod strategy's PrepareForCreate: a gated pod says why it is not scheduled.
      conditions: spec.schedulingGates?.length
        ? [
            {
              type: "PodScheduled",
              status: "False",
              reason: "SchedulingGated",
              message: "Scheduling is blocked due to non-empty scheduling gates",
              lastTransitionTime: engine.now,
            },
          ]
        : [],
      containerStatuses: [],
      qosClass: qosClass(spec),
    },
    requests: podRequests(spec),
  };
}

function condition(
  type: NodeConditionType,
  status: "True" | "False",
  reason: string,
  message: string,
  now: number,
): Condition<NodeConditionType> {
  return { type, status, reason, message, lastTransitionTime: now, lastHeartbeatTime: now };
}

export function readyNodeConditions(now: number): Condition<NodeConditionType>[] {
  return [
    condition(
      "MemoryPressure",
      "False",
      "KubeletHasSufficientMemory",
      "kubelet has sufficient memory available",
      now,
    ),
    condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
    condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
    condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now),
  ];
}

const OS_IMAGE: Record<string, string> = {
  local: "Debian GNU/Linux 12 (bookworm)",
  aws: "Amazon Linux 2023.6.20250107",
  gcp: "Container-Optimized OS from Google",
  azure: "Ubuntu 22.04.5 LTS",
};

export function newNode(engine: Engine, decoded: DecodedNode): Node {
  const state = engine.state;
  const index = ++state.nodeSeq;
  const provider = decoded.machine.provider ?? "local";
  const declared = decoded.machine.instanceType;
  const type =
    findInstanceType(provider, declared ?? DEFAULT_INSTANCE[provider]) ??
    findInstanceType(provider, DEFAULT_INSTANCE[provider]);
  const runtime = decoded.machine.runtime ?? "containerd";
  const capacity = {
    cpu: decoded.capacity?.cpu ?? type?.cpu ?? 4000,
    memory: decoded.capacity?.memory ?? type?.memory ?? 8 * 1024 ** 3,
    pods: decoded.capacity?.pods ?? 110,
  };
  // A machine of our own declared only by its capacity is the local type of that size, if there is
  // one; else it has no type (kubeadm nodes carry no instance-type label), never a type of another size.
  const instanceType =
    declared ??
    (provider === "local"
      ? (PROVIDERS.local.instanceTypes.find((t) => t.cpu === capacity.cpu && t.memory === capacity.memory)
          ?.name ?? "")
      : DEFAULT_INSTANCE[provider]);
  const allocatable = {
    cpu: decoded.allocatable?.cpu ?? capacity.cpu,
    memory: decoded.allocatable?.memory ?? capacity.memory,
    pods: decoded.allocatable?.pods ?? capacity.pods,
  };
  const region = decoded.machine.region ?? PROVIDERS[provider].defaultRegion;
  const name = decoded.metadata.name;
  const labels: Record<string, string> = {
    "kubernetes.io/arch": "amd64",
    "kubernetes.io/hostname": name,
    "kubernetes.io/os": "linux",
    ...(instanceType ? { "node.kubernetes.io/instance-type": instanceType } : {}),
    ...(provider !== "local" ? { "topology.kubernetes.io/region": region } : {}),
    ...decoded.metadata.labels,
  };
  const ip = `10.0.${Math.floor(index / 250)}.${(index % 250) + 4}`;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      uid: engine.uid(),
      labels,
      annotations: { ...decoded.metadata.annotations },
      creationTimestamp: engine.now,
      resourceVersion: 0,
    },
    spec: {
      unschedulable: decoded.spec.unschedulable,
      taints: decoded.spec.taints.map((t) => ({ ...t })),
      ...(decoded.spec.providerID ? { providerID: decoded.spec.providerID } : {}),
      podCIDR: `10.244.${index % 256}.0/24`,
    },
    status: {
      capacity,
      allocatable,
      conditions: readyNodeConditions(engine.now),
      addresses: [
        { type: "InternalIP", address: ip },
        { type: "Hostname", address: name },
      ],
      images: [],
      nodeInfo: {
        kubeletVersion: KUBELET_VERSION,
        containerRuntimeVersion: RUNTIME_VERSION[runtime],
        osImage: OS_IMAGE[provider] ?? "Linux",
        kernelVersion: "6.1.0-28-cloud-amd64",
        architecture: "amd64",
        operatingSystem: "linux",
      },
    },
    machine: {
      provider,
      instanceType,
      region,
      runtime,
      bandwidth: type?.bandwidth ?? 125_000_000,
      pricePerHour: decoded.machine.pricePerHour ?? type?.pricePerHour ?? 0,
      ...(decoded.images?.length ? { preloadedImages: decoded.images.flatMap((i) => i.names) } : {}),
    },
  };
}
