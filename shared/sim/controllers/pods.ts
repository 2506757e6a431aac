import { applyObject } from "../apiserver/apiserver.ts";
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
  let name: string;
  do name = `${owner.name}-${nameSuffix(nextUint32(engine.state.rng))}`;
  while (engine.state.pods[`${namespace}/${name}`]);
  applyObject(engine, {
    kind: "Pod",
    metadata: {
      name,
      namespace,
      labels: { ...template.metadata.labels },
      annotations: { ...template.metadata.annotations },
      ownerReferences: [owner],
    },
    spec: structuredClone(template.spec),
  });
  return name;
}
