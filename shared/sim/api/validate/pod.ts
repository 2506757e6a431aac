import type { Container, NodeAffinity, NodeSelectorTerm, PodSpec, Toleration } from "../../model/pod.ts";
import { arr, container, obj, type Raw, str } from "../convert.ts";
import {
  child,
  duplicate,
  type FieldError,
  forbidden,
  index,
  invalid,
  notFound,
  notSupported,
  required,
} from "../fielderrors.ts";
import {
  isDNS1123Subdomain,
  isEnvVarName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  validateDNS1123Label,
  validateLabelName,
  validateLabels,
} from "../names.ts";
import { validateResourceRequirements } from "../resources.ts";
import { validateContainerProbes, validateContainerRestartPolicy } from "./probes.ts";
import {
  validatePodAffinities,
  validatePreemptionPolicy,
  validateTopologySpreadConstraints,
} from "./scheduling.ts";

/** ValidatePodSpec (`pkg/apis/core/validation/validation.go`), for the fields the game reads. */
const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"];
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

function validatePorts(c: Container, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (c.ports ?? []).forEach((port, i) => {
    const p = index(path, i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length) errs.push(...msgs.map((m) => invalid(child(p, "name"), port.name ?? "", m)));
      else if (names.has(port.name)) errs.push(duplicate(child(p, "name"), port.name));
      else names.add(port.name);
    }
    if (port.containerPort === 0) errs.push(required(child(p, "containerPort")));
    else
      for (const m of isValidPortNum(port.containerPort))
        errs.push(invalid(child(p, "containerPort"), port.containerPort, m));
    if (port.hostPort !== undefined) {
      for (const m of isValidPortNum(port.hostPort))
        errs.push(invalid(child(p, "hostPort"), port.hostPort, m));
    }
    if (port.protocol && !PROTOCOLS.includes(port.protocol)) {
      errs.push(notSupported(child(p, "protocol"), port.protocol, PROTOCOLS));
    }
  });
  return errs;
}

function validateVolumeMounts(raw: Raw, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  arr(raw.volumeMounts).forEach((item, i) => {
    const m = obj(item);
    const p = index(path, i);
    const name = str(m.name) ?? "";
    const mountPath = str(m.mountPath) ?? "";
    if (!name) errs.push(required(child(p, "name")));
    if (!volumes.has(name)) errs.push(notFound(child(p, "name"), name));
    if (!mountPath) errs.push(required(child(p, "mountPath")));
    if (mountPoints.has(mountPath)) errs.push(invalid(child(p, "mountPath"), mountPath, "must be unique"));
    mountPoints.add(mountPath);
  });
  return errs;
}

/** validateContainerCommon: what every container (regular, init) must satisfy. */
function validateContainer(
  c: Container,
  raw: Raw,
  volumes: Set<string>,
  path: string,
  init = false,
): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = child(path, "name");
  if (!c.name) errs.push(required(namePath));
  else errs.push(...validateDNS1123Label(c.name, namePath));
  if (!c.image) errs.push(required(child(path, "image")));
  const tmp = str(raw.terminationMessagePolicy);
  if (tmp && !TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    errs.push(notSupported(child(path, "terminationMessagePolicy"), tmp, TERMINATION_MESSAGE_POLICIES));
  }
  errs.push(...validatePorts(c, child(path, "ports")));
  (c.env ?? []).forEach((e, i) => {
    const p = child(index(child(path, "env"), i), "name");
    if (!e.name) errs.push(required(p));
    for (const m of isEnvVarName(e.name)) errs.push(invalid(p, e.name, m));
  });
  errs.push(...validateVolumeMounts(raw, volumes, child(path, "volumeMounts")));
  if (!PULL_POLICIES.includes(c.imagePullPolicy)) {
    errs.push(notSupported(child(path, "imagePullPolicy"), c.imagePullPolicy, PULL_POLICIES));
  }
  errs.push(...validateResourceRequirements(c.resources, child(path, "resources")));
  errs.push(...validateContainerProbes(c, path, init));
  errs.push(...validateContainerRestartPolicy(c, path, init));
  return errs;
}

function validateVolumes(raw: Raw, path: string): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  arr(raw.volumes).forEach((item, i) => {
    const v = obj(item);
    const p = index(path, i);
    const name = str(v.name) ?? "";
    if (!name) errs.push(required(child(p, "name")));
    else errs.push(...validateDNS1123Label(name, child(p, "name")));
    if (names.has(name)) errs.push(duplicate(child(p, "name"), name));
    else if (name) names.add(name);
    const sources = Object.keys(v).filter((k) => k !== "name" && v[k] !== null && v[k] !== undefined);
    if (sources.length === 0) errs.push(required(p, "must specify a volume type"));
    for (const extra of sources.slice(1))
      errs.push(forbidden(child(p, extra), "may not specify more than 1 volume type"));
  });
  return { errs, names };
}

function validateRequirement(
  r: { key: string; operator: string; values?: string[] },
  path: string,
  fieldSelector: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = r.values ?? [];
  const valuesPath = child(path, "values");
  if (fieldSelector) {
    if (r.operator === "In" || r.operator === "NotIn") {
      if (values.length !== 1) {
        errs.push(
          required(
            valuesPath,
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
          ),
        );
      }
    } else errs.push(invalid(child(path, "operator"), r.operator, "not a valid selector operator"));
    if (r.key !== "metadata.name")
      errs.push(invalid(child(path, "key"), r.key, "not a valid field selector key"));
    return errs;
  }
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0)
        errs.push(required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) {
        errs.push(
          forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
      }
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1) {
        errs.push(required(valuesPath, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      }
      break;
    default:
      errs.push(invalid(child(path, "operator"), r.operator, "not a valid selector operator"));
  }
  errs.push(...validateLabelName(r.key, child(path, "key")));
  return errs;
}

function validateTerm(term: NodeSelectorTerm, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((r, i) => {
    errs.push(...validateRequirement(r, index(child(path, "matchExpressions"), i), false));
  });
  (term.matchFields ?? []).forEach((r, i) => {
    errs.push(...validateRequirement(r, index(child(path, "matchFields"), i), true));
  });
  return errs;
}

function validateNodeAffinity(affinity: NodeAffinity | undefined, path: string): FieldError[] {
  if (!affinity) return [];
  const errs: FieldError[] = [];
  const req = affinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (req) {
    const termsPath = child(
      child(path, "requiredDuringSchedulingIgnoredDuringExecution"),
      "nodeSelectorTerms",
    );
    if (req.nodeSelectorTerms.length === 0)
      errs.push(required(termsPath, "must have at least one node selector term"));
    req.nodeSelectorTerms.forEach((t, i) => {
      errs.push(...validateTerm(t, index(termsPath, i)));
    });
  }
  (affinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
    const p = index(child(path, "preferredDuringSchedulingIgnoredDuringExecution"), i);
    if (term.weight <= 0 || term.weight > 100)
      errs.push(invalid(child(p, "weight"), term.weight, "must be in the range 1-100"));
    errs.push(...validateTerm(term.preference, child(p, "preference")));
  });
  return errs;
}

export function validateTolerations(tolerations: Toleration[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const p = index(path, i);
    const operator = t.operator ?? "";
    if (t.key) errs.push(...validateLabelName(t.key, child(p, "key")));
    if (!t.key && operator !== "Exists") {
      errs.push(
        invalid(
          child(p, "operator"),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute") {
      errs.push(
        invalid(
          child(p, "effect"),
          t.effect ?? "",
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (operator === "Equal" || operator === "") {
      const msgs = isValidLabelValue(t.value ?? "");
      if (msgs.length) errs.push(invalid(child(p, "operator"), t.value ?? "", msgs.join(";")));
    } else if (operator === "Exists") {
      if (t.value)
        errs.push(
          invalid(
            child(p, "operator"),
            { go: tolerationGo(t) },
            "value must be empty when `operator` is 'Exists'",
          ),
        );
    } else errs.push(notSupported(child(p, "operator"), operator, ["Equal", "Exists"]));
    if (t.effect && !TAINT_EFFECTS.includes(t.effect))
      errs.push(notSupported(child(p, "effect"), t.effect, TAINT_EFFECTS));
  });
  return errs;
}

function tolerationGo(t: Toleration): string {
  const seconds = t.tolerationSeconds === undefined ? "(*int64)(nil)" : `(*int64)(${t.tolerationSeconds})`;
  return `core.Toleration{Key:${JSON.stringify(t.key ?? "")}, Operator:${JSON.stringify(t.operator ?? "")}, Value:${JSON.stringify(t.value ?? "")}, Effect:${JSON.stringify(t.effect ?? "")}, TolerationSeconds:${seconds}}`;
}

/** ValidatePodSpec. `raw` is the spec as decoded, for the accepted-but-not-simulated fields it checks. */
export function validatePodSpec(spec: PodSpec, raw: Raw, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const volumes = validateVolumes(raw, child(path, "volumes"));
  errs.push(...volumes.errs);
  const containersPath = child(path, "containers");
  if (spec.containers.length === 0) errs.push(required(containersPath));
  const names = new Set<string>();
  spec.containers.forEach((c, i) => {
    const p = index(containersPath, i);
    errs.push(...validateContainer(c, obj(arr(raw.containers)[i]), volumes.names, p));
    if (names.has(c.name)) errs.push(duplicate(child(p, "name"), c.name));
    else names.add(c.name);
  });
  arr(raw.initContainers).forEach((item, i) => {
    const p = index(child(path, "initContainers"), i);
    const c = container(item);
    errs.push(...validateContainer(c, obj(item), volumes.names, p, true));
    if (names.has(c.name)) errs.push(duplicate(child(p, "name"), c.name));
    else if (c.name) names.add(c.name);
  });
  if (arr(raw.ephemeralContainers).length > 0) {
    errs.push(forbidden(child(path, "ephemeralContainers"), "cannot be set on create"));
  }
  if (!RESTART_POLICIES.includes(spec.restartPolicy)) {
    errs.push(notSupported(child(path, "restartPolicy"), spec.restartPolicy, RESTART_POLICIES));
  }
  const dnsPolicy = str(raw.dnsPolicy);
  if (dnsPolicy && !DNS_POLICIES.includes(dnsPolicy)) {
    errs.push(notSupported(child(path, "dnsPolicy"), dnsPolicy, DNS_POLICIES));
  }
  errs.push(...validateLabels(spec.nodeSelector, child(path, "nodeSelector")));
  errs.push(
    ...validateNodeAffinity(spec.affinity?.nodeAffinity, child(child(path, "affinity"), "nodeAffinity")),
    ...validatePodAffinities(spec.affinity, child(path, "affinity")),
    ...validateTopologySpreadConstraints(
      spec.topologySpreadConstraints,
      child(path, "topologySpreadConstraints"),
    ),
    ...validatePreemptionPolicy(spec.preemptionPolicy, child(path, "preemptionPolicy")),
  );
  if (spec.nodeName) {
    for (const m of isDNS1123Subdomain(spec.nodeName))
      errs.push(invalid(child(path, "nodeName"), spec.nodeName, m));
  }
  errs.push(...validateTolerations(spec.tolerations, child(path, "tolerations")));
  if (spec.priorityClassName) {
    for (const m of isDNS1123Subdomain(spec.priorityClassName)) {
      errs.push(invalid(child(path, "priorityClassName"), spec.priorityClassName, m));
    }
  }
  return errs;
}
