import {
  anyValue,
  bool,
  i32,
  i64,
  list,
  notSimulated,
  resourceList,
  type Schema,
  str,
  stringMap,
  strings,
  struct,
} from "../schema.ts";
import {
  AppArmorProfile,
  Container,
  EphemeralContainer,
  ResourceRequirements,
  SELinuxOptions,
  SeccompProfile,
  WindowsSecurityContextOptions,
} from "./container.ts";
import { LabelSelector, ObjectMeta, OwnerReference, TYPE_META } from "./meta.ts";
import { Volume } from "./volume.ts";

/** core/v1 PodSpec, complete as of Kubernetes v1.35, with what the game simulates left unmarked. */
export const Toleration = struct("Toleration", {
  key: str,
  operator: str,
  value: str,
  effect: str,
  tolerationSeconds: i64,
});

const NodeSelectorRequirement = struct("NodeSelectorRequirement", {
  key: str,
  operator: str,
  values: strings,
});
export const NodeSelectorTerm = struct("NodeSelectorTerm", {
  matchExpressions: list(NodeSelectorRequirement),
  matchFields: list(NodeSelectorRequirement),
});

const NodeAffinity = struct("NodeAffinity", {
  requiredDuringSchedulingIgnoredDuringExecution: struct("NodeSelector", {
    nodeSelectorTerms: list(NodeSelectorTerm),
  }),
  preferredDuringSchedulingIgnoredDuringExecution: list(
    struct("PreferredSchedulingTerm", { weight: i32, preference: NodeSelectorTerm }),
  ),
});

const PodAffinityTerm = struct("PodAffinityTerm", {
  labelSelector: LabelSelector,
  namespaces: strings,
  topologyKey: str,
  namespaceSelector: LabelSelector,
  matchLabelKeys: strings,
  mismatchLabelKeys: strings,
});
const podAffinity = (name: string) =>
  struct(name, {
    requiredDuringSchedulingIgnoredDuringExecution: list(PodAffinityTerm),
    preferredDuringSchedulingIgnoredDuringExecution: list(
      struct("WeightedPodAffinityTerm", { weight: i32, podAffinityTerm: PodAffinityTerm }),
    ),
  });

const Affinity = struct("Affinity", {
  nodeAffinity: NodeAffinity,
  podAffinity: podAffinity("PodAffinity"),
  podAntiAffinity: podAffinity("PodAntiAffinity"),
});

const TopologySpreadConstraint = struct("TopologySpreadConstraint", {
  maxSkew: i32,
  topologyKey: str,
  whenUnsatisfiable: str,
  labelSelector: LabelSelector,
  minDomains: i32,
  nodeAffinityPolicy: str,
  nodeTaintsPolicy: str,
  matchLabelKeys: strings,
});

const PodSecurityContext = struct("PodSecurityContext", {
  seLinuxOptions: SELinuxOptions,
  windowsOptions: WindowsSecurityContextOptions,
  runAsUser: i64,
  runAsGroup: i64,
  runAsNonRoot: bool,
  supplementalGroups: list(i64),
  supplementalGroupsPolicy: str,
  fsGroup: i64,
  sysctls: list(struct("Sysctl", { name: str, value: str })),
  fsGroupChangePolicy: str,
  seccompProfile: SeccompProfile,
  appArmorProfile: AppArmorProfile,
  seLinuxChangePolicy: str,
});

const PodDNSConfig = struct("PodDNSConfig", {
  nameservers: strings,
  searches: strings,
  options: list(struct("PodDNSConfigOption", { name: str, value: str })),
});

const named = (name: string) => struct(name, { name: str });

export const PodSpec: Schema = struct("PodSpec", {
  volumes: list(Volume),
  initContainers: list(Container),
  containers: list(Container),
  ephemeralContainers: notSimulated(list(EphemeralContainer)),
  restartPolicy: str,
  terminationGracePeriodSeconds: i64,
  activeDeadlineSeconds: notSimulated(i64),
  dnsPolicy: notSimulated(str, "ClusterFirst"),
  nodeSelector: stringMap,
  serviceAccountName: str,
  serviceAccount: str,
  automountServiceAccountToken: notSimulated(bool, true),
  nodeName: str,
  hostNetwork: notSimulated(bool),
  hostPID: notSimulated(bool),
  hostIPC: notSimulated(bool),
  shareProcessNamespace: notSimulated(bool),
  securityContext: notSimulated(PodSecurityContext),
  imagePullSecrets: list(named("LocalObjectReference")),
  hostname: notSimulated(str),
  subdomain: notSimulated(str),
  affinity: Affinity,
  schedulerName: str,
  tolerations: list(Toleration),
  hostAliases: notSimulated(list(struct("HostAlias", { ip: str, hostnames: strings }))),
  priorityClassName: str,
  priority: i32,
  dnsConfig: notSimulated(PodDNSConfig),
  readinessGates: notSimulated(list(struct("PodReadinessGate", { conditionType: str }))),
  runtimeClassName: notSimulated(str),
  enableServiceLinks: notSimulated(bool, true),
  preemptionPolicy: str,
  overhead: notSimulated(resourceList),
  topologySpreadConstraints: list(TopologySpreadConstraint),
  setHostnameAsFQDN: notSimulated(bool),
  os: notSimulated(named("PodOS")),
  hostUsers: notSimulated(bool, true),
  schedulingGates: list(named("PodSchedulingGate")),
  resourceClaims: notSimulated(
    list(struct("PodResourceClaim", { name: str, resourceClaimName: str, resourceClaimTemplateName: str })),
  ),
  resources: notSimulated(ResourceRequirements),
  hostnameOverride: notSimulated(str),
  schedulingGroup: notSimulated(anyValue),
});

/** A template's metadata: only labels and annotations reach the pods it makes. */
const TemplateMeta = struct("ObjectMeta", {
  labels: stringMap,
  annotations: stringMap,
  name: notSimulated(str),
  generateName: notSimulated(str),
  namespace: notSimulated(str),
  ownerReferences: notSimulated(list(OwnerReference)),
  finalizers: notSimulated(strings),
  ...Object.fromEntries(
    ["selfLink", "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp"].map((f) => [f, str]),
  ),
  generation: i64,
  deletionGracePeriodSeconds: i64,
  managedFields: list(anyValue),
});

export const PodTemplateSpec = struct("PodTemplateSpec", { metadata: TemplateMeta, spec: PodSpec });

export const Pod = struct("Pod", { ...TYPE_META, metadata: ObjectMeta, spec: PodSpec, status: anyValue });
