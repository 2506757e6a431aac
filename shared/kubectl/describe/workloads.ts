import { templateHash } from "../../sim/controllers/deployment/replicasets.ts";
import type { ClusterState } from "../../sim/model/state.ts";
import type { Deployment, ReplicaSet } from "../../sim/model/workload.ts";
import { rfc1123z } from "../../time/format.ts";
import { eventsFor } from "../events.ts";
import { formatLabelSelector, selectorString } from "../format.ts";
import { describePodTemplate } from "./pod.ts";
import { describeEvents, describeWriter, printAnnotationsMultiline, printLabelsMultiline } from "./writer.ts";

/** `kubectl describe deployment` and `replicaset` (describeDeployment, describeReplicaSet). */
export function ownedReplicaSets(state: ClusterState, d: Deployment): ReplicaSet[] {
  return Object.values(state.replicasets).filter(
    (rs) =>
      rs.metadata.namespace === d.metadata.namespace &&
      rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === d.metadata.uid),
  );
}

/** FindNewReplicaSet: the oldest owned ReplicaSet whose template equals the Deployment's. */
export function newAndOldReplicaSets(
  state: ClusterState,
  d: Deployment,
): { newRS?: ReplicaSet; old: ReplicaSet[] } {
  const owned = ownedReplicaSets(state, d);
  const hash = templateHash(d.spec.template);
  const byAge = [...owned].sort(
    (a, b) =>
      a.metadata.creationTimestamp - b.metadata.creationTimestamp ||
      (a.metadata.name < b.metadata.name ? -1 : 1),
  );
  const newRS = byAge.find((rs) => templateHash(rs.spec.template) === hash);
  const old = owned.filter((rs) => rs !== newRS).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  return newRS ? { newRS, old } : { old };
}

function replicaSetsByLabels(sets: ReplicaSet[]): string {
  if (sets.length === 0) return "<none>";
  return sets
    .map((rs) => `${rs.metadata.name} (${rs.status.replicas}/${rs.spec.replicas} replicas created)`)
    .join(", ");
}

export function describeDeployment(d: Deployment, state: ClusterState, showEvents = true): string {
  const w = describeWriter();
  const m = d.metadata;
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
  printLabelsMultiline(w, "Labels", m.labels);
  printAnnotationsMultiline(w, "Annotations", m.annotations);
  w.write(0, `Selector:\t${selectorString(d.spec.selector)}\n`);
  const s = d.status;
  w.write(
    0,
    `Replicas:\t${d.spec.replicas} desired | ${s.updatedReplicas} updated | ${s.replicas} total | ${s.availableReplicas} available | ${s.unavailableReplicas} unavailable\n`,
  );
  w.write(0, `StrategyType:\t${d.spec.strategy.type}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec.minReadySeconds}\n`);
  if (d.spec.strategy.type === "RollingUpdate") {
    const ru = d.spec.strategy.rollingUpdate ?? { maxSurge: "25%", maxUnavailable: "25%" };
    w.write(0, `RollingUpdateStrategy:\t${ru.maxUnavailable} max unavailable, ${ru.maxSurge} max surge\n`);
  }
  describePodTemplate(w, d.spec.template);
  if (s.conditions.length > 0) {
    w.write(0, "Conditions:\n  Type\tStatus\tReason\n");
    w.write(1, "----\t------\t------\n");
    for (const c of s.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
  }
  const { newRS, old } = newAndOldReplicaSets(state, d);
  if (newRS || old.length) {
    w.write(0, `OldReplicaSets:\t${replicaSetsByLabels(old)}\n`);
    w.write(0, `NewReplicaSet:\t${replicaSetsByLabels(newRS ? [newRS] : [])}\n`);
  }
  if (showEvents)
    describeEvents(
      w,
      eventsFor(state.events, { kind: "Deployment", name: m.name, namespace: m.namespace, uid: m.uid }),
      state.now,
    );
  return w.text();
}

export function describeReplicaSet(rs: ReplicaSet, state: ClusterState, showEvents = true): string {
  const w = describeWriter();
  const m = rs.metadata;
  w.write(0, `Name:\t${m.name}\n`);
  w.write(0, `Namespace:\t${m.namespace}\n`);
  w.write(0, `Selector:\t${formatLabelSelector(rs.spec.selector)}\n`);
  printLabelsMultiline(w, "Labels", m.labels);
  printAnnotationsMultiline(w, "Annotations", m.annotations);
  const owner = m.ownerReferences?.find((o) => o.controller);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  w.write(0, `Replicas:\t${rs.status.replicas} current / ${rs.spec.replicas} desired\n`);
  const phases = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 } as Record<string, number>;
  for (const pod of Object.values(state.pods)) {
    if (pod.metadata.namespace !== m.namespace) continue;
    if (!pod.metadata.ownerReferences?.some((o) => o.controller && o.uid === m.uid)) continue;
    if (pod.status.phase in phases) phases[pod.status.phase] = (phases[pod.status.phase] ?? 0) + 1;
  }
  w.write(0, "Pods Status:\t");
  w.write(
    0,
    `${phases.Running} Running / ${phases.Pending} Waiting / ${phases.Succeeded} Succeeded / ${phases.Failed} Failed\n`,
  );
  describePodTemplate(w, rs.spec.template);
  if (showEvents)
    describeEvents(
      w,
      eventsFor(state.events, { kind: "ReplicaSet", name: m.name, namespace: m.namespace, uid: m.uid }),
      state.now,
    );
  return w.text();
}
