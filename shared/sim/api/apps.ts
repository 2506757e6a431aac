import type { DaemonSet } from "../model/daemonset.ts";
import type { StatefulSet, VolumeClaimTemplate } from "../model/statefulset.ts";
import { parseBytes } from "../quantity.ts";
import { arr, compact, labelMap, labelSelector, num, obj, podTemplate, type Raw, str } from "./convert.ts";
import { type FieldError, invalid, notSupported } from "./fielderrors.ts";
import { validateNonnegative } from "./names.ts";
import type { DecodedMeta } from "./types.ts";
import { intOrPercent, validateIntOrPercent, validateSelectorAndTemplate } from "./validate/apps.ts";
import type { KindResult } from "./workloads.ts";

/** DaemonSet and StatefulSet (apps/v1): SetDefaults_DaemonSet, SetDefaults_StatefulSet and their validation. */
type NamespacedMeta = DecodedMeta & { namespace: string };

const asIntOrString = (v: unknown) => (typeof v === "number" || typeof v === "string" ? v : undefined);

function selectorOf(rawSpec: Raw) {
  return rawSpec.selector === undefined || rawSpec.selector === null
    ? undefined
    : labelSelector(rawSpec.selector);
}

function templateLabelsGiven(rawSpec: Raw): boolean {
  const labels = obj(obj(rawSpec.template).metadata).labels;
  return labels !== undefined && labels !== null;
}

export function decodeDaemonSet(raw: Raw, metadata: NamespacedMeta): KindResult {
  const s = obj(raw.spec);
  const selector = selectorOf(s);
  const template = podTemplate(s.template);
  const rawStrategy = obj(s.updateStrategy);
  const type = (str(rawStrategy.type) || "RollingUpdate") as DaemonSet["spec"]["updateStrategy"]["type"];
  const rawRolling = obj(rawStrategy.rollingUpdate);
  const updateStrategy: DaemonSet["spec"]["updateStrategy"] =
    type === "RollingUpdate"
      ? {
          type,
          rollingUpdate: {
            maxUnavailable: asIntOrString(rawRolling.maxUnavailable) ?? 1,
            maxSurge: asIntOrString(rawRolling.maxSurge) ?? 0,
          },
        }
      : { type };
  const spec: DaemonSet["spec"] = {
    selector: selector ?? {},
    template,
    updateStrategy,
    minReadySeconds: num(s.minReadySeconds) ?? 0,
    revisionHistoryLimit: num(s.revisionHistoryLimit) ?? 10,
  };
  const errors: FieldError[] = [
    ...validateSelectorAndTemplate(selector, template, s, templateLabelsGiven(s)),
    ...validateNonnegative(spec.minReadySeconds, "spec.minReadySeconds"),
  ];
  if (type !== "RollingUpdate" && type !== "OnDelete") {
    errors.push(notSupported("spec.updateStrategy.type", type, ["OnDelete", "RollingUpdate"]));
  }
  if (updateStrategy.rollingUpdate) {
    const { maxUnavailable, maxSurge } = updateStrategy.rollingUpdate;
    errors.push(
      ...validateIntOrPercent(maxUnavailable, "spec.updateStrategy.rollingUpdate.maxUnavailable"),
      ...validateIntOrPercent(maxSurge, "spec.updateStrategy.rollingUpdate.maxSurge"),
    );
    if (intOrPercent(maxUnavailable) === 0 && intOrPercent(maxSurge) === 0) {
      errors.push(
        invalid(
          "spec.updateStrategy.rollingUpdate.maxUnavailable",
          { go: String(maxUnavailable) },
          "may not be 0 when `maxSurge` is 0",
        ),
      );
    }
  }
  return { object: { kind: "DaemonSet", metadata, spec }, errors, notSimulated: [] };
}

function claimTemplate(v: unknown): VolumeClaimTemplate {
  const c = obj(v);
  const spec = obj(c.spec);
  const requests = obj(obj(spec.resources).requests);
  const storage = requests.storage;
  return compact({
    name: str(obj(c.metadata).name) ?? "",
    labels: labelMap(obj(c.metadata).labels),
    accessModes: Array.isArray(spec.accessModes) ? spec.accessModes.map(String) : ["ReadWriteOnce"],
    storageClassName: str(spec.storageClassName),
    storage: storage === undefined ? undefined : String(storage),
  });
}

export function decodeStatefulSet(raw: Raw, metadata: NamespacedMeta): KindResult {
  const s = obj(raw.spec);
  const selector = selectorOf(s);
  const template = podTemplate(s.template);
  const rawStrategy = obj(s.updateStrategy);
  const type = (str(rawStrategy.type) || "RollingUpdate") as StatefulSet["spec"]["updateStrategy"]["type"];
  const partition = num(obj(rawStrategy.rollingUpdate).partition) ?? 0;
  const policy = (str(s.podManagementPolicy) || "OrderedReady") as StatefulSet["spec"]["podManagementPolicy"];
  const spec: StatefulSet["spec"] = {
    replicas: num(s.replicas) ?? 1,
    selector: selector ?? {},
    template,
    serviceName: str(s.serviceName) ?? "",
    podManagementPolicy: policy,
    updateStrategy: type === "RollingUpdate" ? { type, rollingUpdate: { partition } } : { type },
    minReadySeconds: num(s.minReadySeconds) ?? 0,
    revisionHistoryLimit: num(s.revisionHistoryLimit) ?? 10,
    volumeClaimTemplates: arr(s.volumeClaimTemplates).map(claimTemplate),
  };
  const errors: FieldError[] = [
    ...validateNonnegative(spec.replicas, "spec.replicas"),
    ...validateSelectorAndTemplate(selector, template, s, templateLabelsGiven(s)),
    ...validateNonnegative(spec.minReadySeconds, "spec.minReadySeconds"),
    ...validateNonnegative(partition, "spec.updateStrategy.rollingUpdate.partition"),
  ];
  if (policy !== "OrderedReady" && policy !== "Parallel") {
    errors.push(notSupported("spec.podManagementPolicy", policy, ["OrderedReady", "Parallel"]));
  }
  if (type !== "RollingUpdate" && type !== "OnDelete") {
    errors.push(notSupported("spec.updateStrategy.type", type, ["OnDelete", "RollingUpdate"]));
  }
  spec.volumeClaimTemplates.forEach((t, i) => {
    if (t.storage !== undefined && parseBytes(t.storage) === undefined) {
      errors.push(
        invalid(
          `spec.volumeClaimTemplates[${i}].spec.resources.requests.storage`,
          t.storage,
          "must be a quantity",
        ),
      );
    }
  });
  return { object: { kind: "StatefulSet", metadata, spec }, errors, notSimulated: [] };
}
