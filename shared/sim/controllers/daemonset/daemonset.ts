import { deleteObject } from "../../apiserver/apiserver.ts";
import { recordAudit } from "../../apiserver/audit.ts";
import type { Engine } from "../../engine/Engine.ts";
import type { DaemonSet } from "../../model/daemonset.ts";
import { objectKey } from "../../model/meta.ts";
import type { Node } from "../../model/node.ts";
import type { Pod } from "../../model/pod.ts";
import { resolveIntOrPercent, templateHash } from "../deployment/replicasets.ts";
import { createControlledPod, isAvailable, isReady } from "../pods.ts";
import {
  daemonPodTolerations,
  nodeShouldRunDaemonPod,
  pinnedAffinity,
  type ShouldRun,
  targetNode,
} from "./placement.ts";

/**
 * The DaemonSet controller (pkg/controller/daemon): one pod on every node that should run one (and on
 * a node as soon as it joins), none where it should not, a failed pod replaced; a RollingUpdate
 * replaces out-of-date pods node by node, never more than maxUnavailable nodes without an available
 * daemon pod at once (with maxSurge, the new pod starts before the old one goes). Status counts what
 * `kubectl get ds` shows. Returns when it must look again (minReadySeconds), if ever.
 */
const SOURCE = "daemonset-controller";
export const REVISION_HASH = "controller-revision-hash";
export const TEMPLATE_GENERATION = "pod-template-generation";

export function daemonSetKey(ds: DaemonSet): string {
  return objectKey(ds.metadata.namespace, ds.metadata.name);
}

function emitDelete(engine: Engine, ds: DaemonSet, pod: Pod): void {
  recordAudit(
    engine,
    "controller-manager",
    { verb: "delete", resource: "pods", namespace: pod.metadata.namespace, name: pod.metadata.name },
    { ok: true },
  );
  deleteObject(engine, "Pod", pod.metadata.name, pod.metadata.namespace);
  const m = ds.metadata;
  engine.emit({
    type: "Normal",
    reason: "SuccessfulDelete",
    message: `Deleted pod: ${pod.metadata.name}`,
    involvedObject: { kind: "DaemonSet", name: m.name, namespace: m.namespace, uid: m.uid },
    source: { component: SOURCE },
  });
}

function createOn(engine: Engine, ds: DaemonSet, node: string, hash: string): void {
  const template = ds.spec.template;
  createControlledPod(engine, ds, template, SOURCE, {
    labels: { [REVISION_HASH]: hash, [TEMPLATE_GENERATION]: String(ds.metadata.generation ?? 1) },
    spec: {
      tolerations: daemonPodTolerations(template.spec),
      affinity: pinnedAffinity(template.spec.affinity, node),
    },
  });
}

const alive = (p: Pod) => p.metadata.deletionTimestamp === undefined;

/**
 * NodeShouldRunDaemonPod per node, remembered while neither the DaemonSet's template (its generation)
 * nor the node (its resourceVersion) changed: a DaemonSet syncs on each of its pods' changes, and its
 * verdicts for a thousand nodes need not be worked out again each time. A memo of pure results.
 */
const verdicts = new WeakMap<
  DaemonSet,
  { generation: number; byNode: Map<string, { rv: number; verdict: ShouldRun }> }
>();

function shouldRunOn(ds: DaemonSet, node: Node): ShouldRun {
  const generation = ds.metadata.generation ?? 1;
  let memo = verdicts.get(ds);
  if (!memo || memo.generation !== generation) {
    memo = { generation, byNode: new Map() };
    verdicts.set(ds, memo);
  }
  const rv = node.metadata.resourceVersion;
  const known = memo.byNode.get(node.metadata.name);
  if (known && known.rv === rv) return known.verdict;
  const verdict = nodeShouldRunDaemonPod(node, ds);
  memo.byNode.set(node.metadata.name, { rv, verdict });
  return verdict;
}

/** The daemon pods of each node (pending ones count for the node they are pinned to). */
function podsByNode(engine: Engine, ds: DaemonSet): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const pod of engine.podsOwnedBy(ds.metadata.uid)) {
    const node = targetNode(pod);
    if (!node) continue;
    const list = byNode.get(node);
    if (list) list.push(pod);
    else byNode.set(node, [pod]);
  }
  return byNode;
}

export function syncDaemonSet(engine: Engine, ds: DaemonSet): number | undefined {
  const hash = templateHash(ds.spec.template);
  const nodes = Object.keys(engine.state.nodes)
    .sort()
    .map((n) => engine.state.nodes[n] as Node);
  const byNode = podsByNode(engine, ds);
  const should = new Map(nodes.map((n) => [n.metadata.name, shouldRunOn(ds, n)]));
  const updated = (p: Pod) => p.metadata.labels[REVISION_HASH] === hash;
  // manage: create where missing, delete where misplaced, failed or duplicated
  for (const node of nodes) {
    const name = node.metadata.name;
    const verdict = should.get(name) as { shouldRun: boolean; shouldContinueRunning: boolean };
    const pods = (byNode.get(name) ?? []).filter(alive);
    if (verdict.shouldRun && pods.length === 0) {
      createOn(engine, ds, name, hash);
      continue;
    }
    if (!verdict.shouldContinueRunning) {
      for (const pod of pods) emitDelete(engine, ds, pod);
      continue;
    }
    for (const pod of pods) if (pod.status.phase === "Failed") emitDelete(engine, ds, pod);
    const running = pods.filter((p) => p.status.phase !== "Failed");
    // Duplicates: keep the updated and oldest one.
    const keep = [...running].sort(
      (a, b) =>
        Number(updated(b)) - Number(updated(a)) ||
        a.metadata.creationTimestamp - b.metadata.creationTimestamp,
    );
    const surge = ds.spec.updateStrategy.rollingUpdate
      ? resolveIntOrPercent(ds.spec.updateStrategy.rollingUpdate.maxSurge, nodes.length, true)
      : 0;
    // During a surge update a node briefly has its old pod and the new one: not duplicates.
    const allowed = surge > 0 && keep.some(updated) && keep.some((p) => !updated(p)) ? 2 : 1;
    for (const pod of keep.slice(allowed)) emitDelete(engine, ds, pod);
  }
  if (ds.spec.updateStrategy.type === "RollingUpdate") rollingUpdate(engine, ds, nodes, should, hash);
  return updateStatus(engine, ds, nodes, should, hash);
}

function rollingUpdate(
  engine: Engine,
  ds: DaemonSet,
  nodes: Node[],
  should: Map<string, { shouldRun: boolean }>,
  hash: string,
): void {
  const now = engine.now;
  const byNode = podsByNode(engine, ds);
  const wanted = nodes.filter((n) => should.get(n.metadata.name)?.shouldRun);
  const ru = ds.spec.updateStrategy.rollingUpdate ?? { maxUnavailable: 1, maxSurge: 0 };
  const maxUnavailable = resolveIntOrPercent(ru.maxUnavailable, wanted.length, true);
  const maxSurge = resolveIntOrPercent(ru.maxSurge, wanted.length, true);
  const available = (p: Pod) => alive(p) && isAvailable(p, ds.spec.minReadySeconds, now);
  const updated = (p: Pod) => p.metadata.labels[REVISION_HASH] === hash;
  let unavailable = wanted.filter((n) => !(byNode.get(n.metadata.name) ?? []).some(available)).length;
  let surging = wanted.filter((n) => {
    const pods = (byNode.get(n.metadata.name) ?? []).filter(alive);
    return pods.some(updated) && pods.some((p) => !updated(p));
  }).length;
  for (const node of wanted) {
    const name = node.metadata.name;
    const pods = (byNode.get(name) ?? []).filter(alive);
    const old = pods.filter((p) => !updated(p));
    if (old.length === 0) continue;
    const fresh = pods.filter(updated);
    if (maxSurge > 0) {
      // Surge: start the new pod first; the old one goes once the new one is available.
      if (fresh.some(available)) for (const pod of old) emitDelete(engine, ds, pod);
      else if (fresh.length === 0 && surging < maxSurge) {
        createOn(engine, ds, name, hash);
        surging++;
      }
      continue;
    }
    // An old pod that is not available anyway may go at once; an available one only within the budget.
    const oldAvailable = old.some(available);
    if (!oldAvailable) for (const pod of old) emitDelete(engine, ds, pod);
    else if (unavailable < maxUnavailable) {
      for (const pod of old) emitDelete(engine, ds, pod);
      unavailable++;
    }
  }
}

function updateStatus(
  engine: Engine,
  ds: DaemonSet,
  nodes: Node[],
  should: Map<string, { shouldRun: boolean }>,
  hash: string,
): number | undefined {
  const now = engine.now;
  const byNode = podsByNode(engine, ds);
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let updatedCount = 0;
  let availableCount = 0;
  let recheck: number | undefined;
  for (const node of nodes) {
    const name = node.metadata.name;
    const pods = (byNode.get(name) ?? []).filter(alive);
    const wanted = should.get(name)?.shouldRun ?? false;
    if (wanted) desired++;
    if (pods.length === 0) continue;
    if (!wanted) {
      misscheduled++;
      continue;
    }
    current++;
    const pod = pods[0] as Pod;
    if (isReady(pod)) {
      ready++;
      if (isAvailable(pod, ds.spec.minReadySeconds, now)) availableCount++;
      else {
        const since = pod.status.conditions.find((c) => c.type === "Ready")?.lastTransitionTime ?? now;
        const at = since + ds.spec.minReadySeconds * 1000;
        recheck = recheck === undefined ? at : Math.min(recheck, at);
      }
    }
    if (pods.some((p) => p.metadata.labels[REVISION_HASH] === hash)) updatedCount++;
  }
  const status: DaemonSet["status"] = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation ?? 1,
    updatedNumberScheduled: updatedCount,
    numberAvailable: availableCount,
    numberUnavailable: Math.max(0, desired - availableCount),
  };
  if (JSON.stringify(status) !== JSON.stringify(ds.status)) {
    ds.status = status;
    engine.written("DaemonSet", daemonSetKey(ds), ds);
  }
  return recheck;
}
