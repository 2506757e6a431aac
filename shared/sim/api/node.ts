import { findInstanceType, PROVIDERS, providerFromProviderID } from "../catalogue/providers.ts";
import type {
  ContainerImage,
  ContainerRuntimeName,
  NodeMachine,
  ProviderName,
  Taint,
  TaintEffect,
} from "../model/node.ts";
import type { NodeResources } from "../model/quantities.ts";
import type { InstanceType } from "../model/registry.ts";
import { parseBytes, parseCpu } from "../quantity.ts";
import { arr, compact, num, obj, type Raw, str, strings } from "./convert.ts";
import {
  child,
  duplicate,
  type FieldError,
  goQuote,
  index,
  invalid,
  key,
  notSupported,
  required,
} from "./fielderrors.ts";
import { isValidLabelValue, validateLabelName } from "./names.ts";
import { validateResourceQuantity } from "./resources.ts";
import type { DecodedMeta } from "./types.ts";
import { TAINT_EFFECTS } from "./validate/pod.ts";
import type { KindResult } from "./workloads.ts";

/**
 * core/v1 Node, plus the kubeclass machine behind it, read from the labels a cloud provider writes
 * (`node.kubernetes.io/instance-type`, `topology.kubernetes.io/region`), `spec.providerID`,
 * `status.nodeInfo.containerRuntimeVersion`, or the `kubeclass.dev/provider` and `kubeclass.dev/runtime` hints.
 */
export const PROVIDER_HINT = "kubeclass.dev/provider";
export const RUNTIME_HINT = "kubeclass.dev/runtime";
const PROVIDER_NAMES: ProviderName[] = ["local", "aws", "gcp", "azure"];
const RUNTIME_NAMES: ContainerRuntimeName[] = ["containerd", "docker", "podman"];
/** CRI-O is podman's CRI sibling (same image store and libraries): a CRI-O node plays the podman runtime. */
const RUNTIME_SCHEMES: Record<string, ContainerRuntimeName> = {
  "containerd://": "containerd",
  "docker://": "docker",
  "cri-o://": "podman",
};

function taintGo(t: Taint): string {
  return `core.Taint{Key:${goQuote(t.key)}, Value:${goQuote(t.value ?? "")}, Effect:${goQuote(t.effect)}, TimeAdded:(*v1.Time)(nil)}`;
}

function validateTaints(taints: Taint[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  taints.forEach((t, i) => {
    const p = index(path, i);
    errs.push(...validateLabelName(t.key, child(p, "key")));
    const msgs = isValidLabelValue(t.value ?? "");
    if (msgs.length) errs.push(invalid(child(p, "value"), t.value ?? "", msgs.join(";")));
    if (!t.effect) errs.push(required(child(p, "effect")));
    else if (!TAINT_EFFECTS.includes(t.effect))
      errs.push(notSupported(child(p, "effect"), t.effect, TAINT_EFFECTS));
    const id = `${t.effect}\u0000${t.key}`;
    if (seen.has(id)) {
      errs.push(duplicate(p, { go: taintGo(t) }, "taints must be unique by key and effect pair"));
      return;
    }
    seen.add(id);
  });
  return errs;
}

function resources(
  v: unknown,
  path: string,
  errs: FieldError[],
  notes: string[],
): Partial<NodeResources> | undefined {
  if (v === undefined || v === null) return undefined;
  const out: Partial<NodeResources> = {};
  for (const [name, raw] of Object.entries(obj(v))) {
    if (raw === null || raw === undefined) continue;
    const text = String(raw);
    const p = child(path, name);
    errs.push(...validateResourceQuantity(name, text, p));
    if (name === "cpu") out.cpu = parseCpu(text);
    else if (name === "memory") out.memory = parseBytes(text);
    else if (name === "pods") out.pods = parseBytes(text);
    else notes.push(key(path, name));
  }
  return out;
}

function hint(meta: DecodedMeta, name: string): { value: string; path: string } | undefined {
  const label = meta.labels[name];
  if (label !== undefined) return { value: label, path: key("metadata.labels", name) };
  const annotation = meta.annotations[name];
  if (annotation !== undefined) return { value: annotation, path: key("metadata.annotations", name) };
  return undefined;
}

function machine(meta: DecodedMeta, providerID: string | undefined, rawStatus: Raw, errs: FieldError[]) {
  const out: Partial<NodeMachine> = {};
  let provider = providerFromProviderID(providerID);
  const providerHint = hint(meta, PROVIDER_HINT);
  if (providerHint) {
    if (!PROVIDER_NAMES.includes(providerHint.value as ProviderName)) {
      errs.push(notSupported(providerHint.path, providerHint.value, PROVIDER_NAMES));
    } else if (provider && provider !== providerHint.value) {
      errs.push(
        invalid(
          providerHint.path,
          providerHint.value,
          `does not match spec.providerID ${goQuote(providerID ?? "")}`,
        ),
      );
    } else provider = providerHint.value as ProviderName;
  }
  const typeLabel = ["node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type"].find(
    (l) => meta.labels[l] !== undefined,
  );
  let type: InstanceType | undefined;
  if (typeLabel) {
    const name = meta.labels[typeLabel] ?? "";
    const candidates = provider ? [provider] : PROVIDER_NAMES;
    for (const p of candidates) {
      type = findInstanceType(p, name);
      if (type) {
        provider = p;
        break;
      }
    }
    if (!type) {
      const supported = candidates.flatMap((p) => PROVIDERS[p].instanceTypes.map((t) => t.name));
      errs.push(notSupported(key("metadata.labels", typeLabel), name, supported));
    }
  }
  if (provider) out.provider = provider;
  if (type)
    Object.assign(out, {
      instanceType: type.name,
      bandwidth: type.bandwidth,
      pricePerHour: type.pricePerHour,
    });
  const region =
    meta.labels["topology.kubernetes.io/region"] ?? meta.labels["failure-domain.beta.kubernetes.io/region"];
  if (region) out.region = region;
  const runtimeHint = hint(meta, RUNTIME_HINT);
  const version = str(obj(rawStatus.nodeInfo).containerRuntimeVersion);
  if (runtimeHint) {
    if (RUNTIME_NAMES.includes(runtimeHint.value as ContainerRuntimeName))
      out.runtime = runtimeHint.value as ContainerRuntimeName;
    else errs.push(notSupported(runtimeHint.path, runtimeHint.value, RUNTIME_NAMES));
  } else if (version) {
    const scheme = Object.keys(RUNTIME_SCHEMES).find((s) => version.startsWith(s));
    if (scheme) out.runtime = RUNTIME_SCHEMES[scheme];
    else
      errs.push(
        notSupported("status.nodeInfo.containerRuntimeVersion", version, Object.keys(RUNTIME_SCHEMES)),
      );
  }
  return out;
}

function images(v: unknown): ContainerImage[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((item) => {
    const i = obj(item);
    return { names: strings(i.names) ?? [], sizeBytes: num(i.sizeBytes) ?? 0 };
  });
}

export function decodeNode(raw: Raw, metadata: DecodedMeta): KindResult {
  const s = obj(raw.spec);
  const status = obj(raw.status);
  const errors: FieldError[] = [];
  const notSimulated: string[] = [];
  const taints: Taint[] = arr(s.taints).map((item) => {
    const t = obj(item);
    return compact({
      key: str(t.key) ?? "",
      value: str(t.value),
      effect: (str(t.effect) ?? "") as TaintEffect,
    });
  });
  const spec = compact({
    unschedulable: s.unschedulable === true,
    taints,
    providerID: str(s.providerID) || undefined,
    podCIDR: str(s.podCIDR) || undefined,
  });
  errors.push(...validateTaints(taints, "spec.taints"));
  if (spec.podCIDR && !/^[0-9a-fA-F.:]+\/\d{1,3}$/.test(spec.podCIDR)) {
    errors.push(
      invalid(
        "spec.podCIDRs[0]",
        spec.podCIDR,
        "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
      ),
    );
  }
  const capacity = resources(status.capacity, "status.capacity", errors, notSimulated);
  const allocatable = resources(status.allocatable, "status.allocatable", errors, notSimulated);
  const object = compact({
    kind: "Node" as const,
    metadata,
    spec,
    capacity,
    allocatable,
    images: images(status.images),
    machine: machine(metadata, spec.providerID, status, errors),
  });
  return { object, errors, notSimulated };
}

export function decodeNamespace(_raw: Raw, metadata: DecodedMeta): KindResult {
  return { object: { kind: "Namespace", metadata }, errors: [], notSimulated: [] };
}
