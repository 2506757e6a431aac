import type { CommandResult } from "../commands.ts";
import type { PodSpec } from "../model/pod.ts";
import type { PriorityClass } from "../model/scheduling.ts";
import type { ClusterState } from "../model/state.ts";

/**
 * PriorityClasses and the Priority admission plugin (plugin/pkg/admission/priority): the API server
 * creates the two system classes at start-up; a pod naming a class gets its value as spec.priority
 * and its preemptionPolicy, a pod naming none gets the global default class's (or priority 0).
 */
function systemClass(name: string, value: number, description: string): PriorityClass {
  return {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: {
      name,
      uid: `system-priority-class-${name}`,
      labels: {},
      annotations: {},
      creationTimestamp: 0,
      resourceVersion: 1,
      generation: 1,
    },
    value,
    globalDefault: false,
    description,
    preemptionPolicy: "PreemptLowerPriority",
  };
}

export const SYSTEM_PRIORITY_CLASS_OBJECTS: readonly PriorityClass[] = [
  systemClass(
    "system-cluster-critical",
    2_000_000_000,
    "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
  ),
  systemClass(
    "system-node-critical",
    2_000_001_000,
    "Used for system critical pods that must not be moved from their current node.",
  ),
];

/** Every PriorityClass the API server serves, by name: the system ones (created at the cluster's start) and the user's. */
export function priorityClasses(state: ClusterState): PriorityClass[] {
  const system = SYSTEM_PRIORITY_CLASS_OBJECTS.map((c) => ({
    ...c,
    metadata: { ...c.metadata, creationTimestamp: state.startTime },
  }));
  return [...system, ...Object.values(state.priorityClasses)].sort((a, b) =>
    a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0,
  );
}

export function priorityClassNamed(state: ClusterState, name: string): PriorityClass | undefined {
  return SYSTEM_PRIORITY_CLASS_OBJECTS.find((c) => c.metadata.name === name) ?? state.priorityClasses[name];
}

function globalDefault(state: ClusterState): PriorityClass | undefined {
  let best: PriorityClass | undefined;
  // Only one may be the default; were there more (a race), the lowest value wins, as upstream does.
  for (const c of Object.values(state.priorityClasses))
    if (c.globalDefault && (!best || c.value < best.value)) best = c;
  return best;
}

/** Admission of a pod spec: the priority fields set, or the refusal kubectl prints. */
export function admitPodPriority(
  state: ClusterState,
  podName: string,
  spec: PodSpec,
): { ok: true; spec: PodSpec } | (CommandResult & { ok: false }) {
  const name = spec.priorityClassName;
  const cls = name ? priorityClassNamed(state, name) : globalDefault(state);
  if (name && !cls) {
    return {
      ok: false,
      code: "Forbidden",
      message: `pods "${podName}" is forbidden: no PriorityClass with name ${name} was found`,
    };
  }
  if (!cls)
    return { ok: true, spec: { ...spec, preemptionPolicy: spec.preemptionPolicy ?? "PreemptLowerPriority" } };
  return {
    ok: true,
    spec: {
      ...spec,
      priorityClassName: cls.metadata.name,
      priority: cls.value,
      preemptionPolicy: cls.preemptionPolicy,
    },
  };
}

/** The PriorityClass admission check: one global default at most. */
export function admitPriorityClass(
  state: ClusterState,
  cls: { name: string; globalDefault: boolean },
): CommandResult | undefined {
  if (!cls.globalDefault) return undefined;
  const other = Object.values(state.priorityClasses).find(
    (c) => c.globalDefault && c.metadata.name !== cls.name,
  );
  if (!other) return undefined;
  return {
    ok: false,
    code: "Forbidden",
    message: `priorityclasses.scheduling.k8s.io "${cls.name}" is forbidden: PriorityClass ${other.metadata.name} is already marked as default. Only one default can exist`,
  };
}
