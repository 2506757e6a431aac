import { applyObject } from "../apiserver/apiserver.ts";
import { qosClass } from "../apiserver/objects.ts";
import type { Engine } from "../engine/Engine.ts";
import { nameSuffix } from "../engine/ids.ts";
import { stateHash } from "../hash.ts";
import type { Master } from "../model/controlplane.ts";
import type { Container, Pod, PodSpec } from "../model/pod.ts";
import type { ClusterState } from "../model/state.ts";
import { KUBE_DNS_IP, KUBERNETES_SERVICE_IP } from "../runtime/network.ts";

/**
 * What `kubeadm init` leaves in every cluster before the class starts: the `kubernetes` Service (the
 * API server at 10.96.0.1:443) with its Endpoints, the `kube-dns` Service (10.96.0.10) with CoreDNS's
 * Endpoints, and the kube-system pods of the control plane: each master's static pods (etcd,
 * kube-apiserver, kube-controller-manager, kube-scheduler) and CoreDNS's two replicas.
 *
 * The masters are not Nodes in the game (the class's workers are), so their pods are not stored with
 * the class's: they are derived from the control plane's state (`systemPods`), which kubectl lists
 * beside the stored pods (`get pods -A`, `-n kube-system`, describe). An etcd member that fails shows
 * in its pod, a master that fails in all of its pods. kube-proxy's DaemonSet has a pod on every master
 * and Node (host network: the machine's address), derived the same way: it is each node's kube-proxy
 * seat, and stored pods on the workers would take part in every drain, budget and spread the class
 * plays with. Simplified: the CoreDNS Deployment and the kube-proxy DaemonSet objects are not stored.
 */
export const SYSTEM_NAMESPACE = "kube-system";
const KUBERNETES_VERSION = "v1.31.4";
const COREDNS_HASH = "7c65d6cfc9";

/** A master's address on the control plane's network. */
export function masterIP(index: number): string {
  return `10.0.255.${10 + index}`;
}

function uuid(seed: string): string {
  const h = `${stateHash(seed)}${stateHash(`${seed}/2`)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function container(
  name: string,
  image: string,
  command: string[],
  extra: Partial<Container> = {},
): Container {
  return { name, image, command, imagePullPolicy: "IfNotPresent", ...extra };
}

const corednsNames = [0, 1].map(
  (i) => `coredns-${COREDNS_HASH}-${nameSuffix(Number.parseInt(stateHash(`coredns/${i}`).slice(0, 8), 16))}`,
);

function systemPod(
  state: ClusterState,
  name: string,
  master: Pick<Master, "name" | "up">,
  ip: string,
  hostIP: string,
  labels: Record<string, string>,
  containers: Container[],
  priorityClassName: string,
  runs: boolean,
  mirror: boolean,
): Pod {
  const at = state.startTime;
  const spec: PodSpec = {
    containers,
    nodeName: master.name,
    tolerations: [{ operator: "Exists", effect: "NoExecute" }],
    restartPolicy: "Always",
    imagePullSecrets: [],
    priority: priorityClassName === "system-node-critical" ? 2_000_001_000 : 2_000_000_000,
    priorityClassName,
    schedulerName: "default-scheduler",
    terminationGracePeriodSeconds: 30,
  };
  const ready = runs ? "True" : "False";
  const conditions = [
    {
      type: "PodReadyToStartContainers" as const,
      status: (master.up ? "True" : "False") as "True" | "False",
    },
    { type: "Initialized" as const, status: "True" as const },
    { type: "Ready" as const, status: ready as "True" | "False" },
    { type: "ContainersReady" as const, status: ready as "True" | "False" },
    { type: "PodScheduled" as const, status: "True" as const },
  ].map((c) => ({ ...c, lastTransitionTime: at }));
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: SYSTEM_NAMESPACE,
      uid: uuid(`${state.seed}/${name}`),
      labels,
      annotations: mirror
        ? { "kubernetes.io/config.mirror": stateHash(name), "kubernetes.io/config.source": "file" }
        : {},
      creationTimestamp: at,
      resourceVersion: 1,
    },
    spec,
    status: {
      phase: "Running",
      conditions,
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: `${c.image.split(":")[0]}@sha256:${stateHash(c.image).repeat(4)}`,
        containerID: `containerd://${stateHash(`${name}/${c.name}`).repeat(4)}`,
        ready: runs,
        started: runs,
        restartCount: 0,
        state: runs
          ? { running: { startedAt: at } }
          : { terminated: { exitCode: 255, reason: "Unknown", startedAt: at, finishedAt: state.now } },
        lastState: {},
      })),
      hostIP,
      podIP: ip,
      startTime: at,
      qosClass: qosClass(spec),
    },
    requests: { cpu: 0, memory: 0 },
  };
}

/** The kube-system pods of the control plane, as they stand now, by "kube-system/name". */
export function systemPods(state: ClusterState): Record<string, Pod> {
  if (!state.services["default/kubernetes"]) return {};
  const out: Record<string, Pod> = {};
  const masters = state.controlPlane.masters;
  masters.forEach((master, i) => {
    const ip = masterIP(i);
    const image = (component: string) => `registry.k8s.io/${component}:${KUBERNETES_VERSION}`;
    const statics: [string, string, string[], boolean][] = [
      [
        "etcd",
        "registry.k8s.io/etcd:3.5.15-0",
        ["etcd", `--advertise-client-urls=https://${ip}:2379`],
        !master.etcdDown,
      ],
      ["kube-apiserver", image("kube-apiserver"), ["kube-apiserver", `--advertise-address=${ip}`], true],
      ["kube-controller-manager", image("kube-controller-manager"), ["kube-controller-manager"], true],
      ["kube-scheduler", image("kube-scheduler"), ["kube-scheduler"], true],
    ];
    for (const [component, img, command, healthy] of statics) {
      const name = `${component}-${master.name}`;
      out[`${SYSTEM_NAMESPACE}/${name}`] = systemPod(
        state,
        name,
        master,
        ip,
        ip,
        { component, tier: "control-plane" },
        [container(component, img, command)],
        "system-node-critical",
        master.up && healthy,
        true,
      );
    }
  });
  corednsNames.forEach((name, i) => {
    const index = Math.min(i, masters.length - 1);
    const master = masters[index];
    if (!master) return;
    out[`${SYSTEM_NAMESPACE}/${name}`] = systemPod(
      state,
      name,
      master,
      corednsIP(i),
      masterIP(index),
      { "k8s-app": "kube-dns", "pod-template-hash": COREDNS_HASH },
      [
        container(
          "coredns",
          "registry.k8s.io/coredns/coredns:v1.11.3",
          ["/coredns", "-conf", "/etc/coredns/Corefile"],
          {
            resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
            ports: [
              { name: "dns", containerPort: 53, protocol: "UDP" },
              { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
              { name: "metrics", containerPort: 9153, protocol: "TCP" },
            ],
          },
        ),
      ],
      "system-cluster-critical",
      master.up,
      false,
    );
  });
  // kube-proxy: one pod per machine, on the host's network, running while the machine is up
  const hosts: { name: string; ip: string; up: boolean }[] = [
    ...masters.map((m, i) => ({ name: m.name, ip: masterIP(i), up: m.up })),
    ...Object.values(state.nodes).map((n) => ({
      name: n.metadata.name,
      ip: n.status.addresses.find((a) => a.type === "InternalIP")?.address ?? "",
      up: state.machines[n.metadata.name]?.up ?? true,
    })),
  ];
  for (const host of hosts) {
    const name = `kube-proxy-${nameSuffix(Number.parseInt(stateHash(`kube-proxy/${host.name}`).slice(0, 8), 16))}`;
    out[`${SYSTEM_NAMESPACE}/${name}`] = systemPod(
      state,
      name,
      host,
      host.ip,
      host.ip,
      {
        "controller-revision-hash": KUBE_PROXY_HASH,
        "k8s-app": "kube-proxy",
        "pod-template-generation": "1",
      },
      [
        container("kube-proxy", `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`, [
          "/usr/local/bin/kube-proxy",
          "--config=/var/lib/kube-proxy/config.conf",
          "--hostname-override=$(NODE_NAME)",
        ]),
      ],
      "system-node-critical",
      host.up,
      false,
    );
  }
  return out;
}

const KUBE_PROXY_HASH = "77d8f7b5b7";

function corednsIP(i: number): string {
  return `10.244.0.${2 + i}`;
}

/** Stores the cluster's own Services and their Endpoints (the API server keeps `kubernetes`'s itself). */
export function installSystemServices(engine: Engine): void {
  const state = engine.state;
  const endpoints = (namespace: string, name: string, subset: ReturnType<typeof subsetOf>) => {
    const key = `${namespace}/${name}`;
    state.endpoints[key] = {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: {
        name,
        namespace,
        uid: engine.uid(),
        labels:
          name === "kubernetes"
            ? { "endpointslice.kubernetes.io/skip-mirror": "true" }
            : { "k8s-app": "kube-dns" },
        annotations: {},
        creationTimestamp: engine.now,
        resourceVersion: 0,
      },
      subsets: [subset],
    };
    engine.written("Endpoints", key, state.endpoints[key]);
  };
  const subsetOf = (ips: string[], ports: { name: string; port: number; protocol: string }[]) => ({
    addresses: ips.map((ip) => ({ ip })),
    notReadyAddresses: [],
    ports,
  });
  applyObject(engine, {
    kind: "Service",
    metadata: {
      name: "kubernetes",
      namespace: "default",
      labels: { component: "apiserver", provider: "kubernetes" },
      annotations: {},
    },
    spec: {
      type: "ClusterIP",
      ports: [{ name: "https", protocol: "TCP", port: 443, targetPort: 6443 }],
      clusterIP: KUBERNETES_SERVICE_IP,
      sessionAffinity: "None",
    },
  });
  endpoints(
    "default",
    "kubernetes",
    subsetOf(
      state.controlPlane.masters.map((_, i) => masterIP(i)),
      [{ name: "https", port: 6443, protocol: "TCP" }],
    ),
  );
  // No selector: the CoreDNS pods are the control plane's, not the Endpoints controller's to find.
  applyObject(engine, {
    kind: "Service",
    metadata: {
      name: "kube-dns",
      namespace: SYSTEM_NAMESPACE,
      labels: {
        "k8s-app": "kube-dns",
        "kubernetes.io/cluster-service": "true",
        "kubernetes.io/name": "CoreDNS",
      },
      annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
    },
    spec: {
      type: "ClusterIP",
      ports: [
        { name: "dns", protocol: "UDP", port: 53, targetPort: 53 },
        { name: "dns-tcp", protocol: "TCP", port: 53, targetPort: 53 },
        { name: "metrics", protocol: "TCP", port: 9153, targetPort: 9153 },
      ],
      clusterIP: KUBE_DNS_IP,
      sessionAffinity: "None",
    },
  });
  endpoints(
    SYSTEM_NAMESPACE,
    "kube-dns",
    subsetOf(
      [corednsIP(0), corednsIP(1)],
      [
        { name: "dns-tcp", port: 53, protocol: "TCP" },
        { name: "dns", port: 53, protocol: "UDP" },
        { name: "metrics", port: 9153, protocol: "TCP" },
      ],
    ),
  );
}
