import { applyObject } from "../apiserver/apiserver.ts";
import { recordAudit } from "../apiserver/audit.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import { nameSuffix } from "../engine/ids.ts";
import type { OwnerReference } from "../model/meta.ts";
import type { Pod } from "../model/pod.ts";
import type { PodTemplate } from "../model/workload.ts";
import { nextUint32 } from "../prng.ts";

/** Helpers every workload controller shares: active pods, readiness, pods from templates. */
/** controller.FilterActivePods: not finished and not being deleted. */
export function isActive(pod: Pod): boolean {
  return (
    pod.status.phase !== "Succeeded" &&
    pod.status.phase !== "Failed" &&
    pod.metadata.deletionTimestamp === undefined
  );
}

export function isReady(pod: Pod): boolean {
  return pod.status.conditions.some((c) => c.type === "Ready" && c.status === "True");
}

/** Ready for at least minReadySeconds. */
export function isAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const ready = pod.status.conditions.find((c) => c.type === "Ready" && c.status === "True");
  return (
    ready !== undefined && (minReadySeconds === 0 || now - ready.lastTransitionTime >= minReadySeconds * 1000)
  );
}

export function controllerOf(meta: { ownerReferences?: OwnerReference[] }): OwnerReference | undefined {
  return meta.ownerReferences?.find((o) => o.controller);
}

/** Creates a pod from a template, named `<owner>-<5 chars>` as generateName does, owned by `owner`. */
export function createPodFromTemplate(
  engine: Engine,
  template: PodTemplate,
  namespace: string,
  owner: OwnerReference,
): string {
  return createPod(engine, template, namespace, owner).name;
}

/** A pod from a template, named as given or generated; the API server's answer with it (admission may refuse). */
export function createPod(
  engine: Engine,
  template: PodTemplate,
  namespace: string,
  owner: OwnerReference,
  fixedName?: string,
  extra: { labels?: Record<string, string>; spec?: Partial<PodTemplate["spec"]> } = {},
): { name: string; result: CommandResult } {
  let name = fixedName ?? "";
  if (!fixedName) {
    do name = `${owner.name}-${nameSuffix(nextUint32(engine.state.rng))}`;
    while (engine.state.pods[`${namespace}/${name}`]);
  }
  const result = applyObject(engine, {
    kind: "Pod",
    metadata: {
      name,
      namespace,
      labels: { ...template.metadata.labels, ...extra.labels },
      annotations: { ...template.metadata.annotations },
      ownerReferences: [owner],
    },
    spec: { ...structuredClone(template.spec), ...extra.spec },
  });
  return { name, result };
}

/**
 * A workload controller's pod creation as it shows: the audited create, then `SuccessfulCreate` or
 * `FailedCreate` on the owner (`Error creating: pods "x" is forbidden: ...`).
 */
export function createControlledPod(
  engine: Engine,
  controller: { kind: string; metadata: { name: string; namespace: string; uid: string } },
  template: PodTemplate,
  source: string,
  options: {
    name?: string;
    labels?: Record<string, string>;
    spec?: Partial<PodTemplate["spec"]>;
    message?: (name: string) => string;
  } = {},
): string | undefined {
  const m = controller.metadata;
  const owner: OwnerReference = {
    apiVersion: controller.kind === "Job" ? "batch/v1" : "apps/v1",
    kind: controller.kind,
    name: m.name,
    uid: m.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
  const { name, result } = createPod(engine, template, m.namespace, owner, options.name, options);
  // A named pod that already exists (a StatefulSet's) is not created again; its controller waits.
  recordAudit(
    engine,
    "controller-manager",
    { verb: "create", resource: "pods", namespace: m.namespace, name },
    result,
  );
  const involvedObject = { kind: controller.kind, name: m.name, namespace: m.namespace, uid: m.uid };
  if (!result.ok) {
    engine.emit({
      type: "Warning",
      reason: "FailedCreate",
      message: `Error creating: ${result.message}`,
      involvedObject,
      source: { component: source },
    });
    return undefined;
  }
  engine.emit({
    type: "Normal",
    reason: "SuccessfulCreate",
    message: options.message ? options.message(name) : `Created pod: ${name}`,
    involvedObject,
    source: { component: source },
  });
  return name;
}
