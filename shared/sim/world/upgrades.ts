import { setUnschedulable, writeNode } from "../apiserver/apiserver.ts";
import { evictThroughApi } from "../apiserver/eviction.ts";
import type { CommandResult } from "../commands.ts";
import type { Engine } from "../engine/Engine.ts";
import type { Node } from "../model/node.ts";
import type { Pod } from "../model/pod.ts";
import type { UpgradeState } from "./upgrade.ts";

export type { UpgradeState };

/**
 * A node version rollout, as managed node groups and `kubeadm upgrade node` runbooks do it: one node at
 * a time, cordon, drain through the Eviction API (so PodDisruptionBudgets hold it back), upgrade the
 * kubelet (the node is away for a minute), uncordon, next. The drain is the rollout's own, or the
 * student's at the user seat (`kubectl drain`), judged by how long the cordoned node waited.
 */
export const UPGRADE_SECONDS = 60;
const RETRY_MS = 5_000;
const SOURCE = { component: "kubeclass-upgrade" };

const isDaemonPod = (p: Pod) =>
  p.metadata.ownerReferences?.some((o) => o.controller && o.kind === "DaemonSet") ?? false;
const stillRunning = (p: Pod) => p.status.phase !== "Succeeded" && p.status.phase !== "Failed";

/** Pods the drain must move off the node (DaemonSet pods stay, as `kubectl drain --ignore-daemonsets`). */
function podsToDrain(engine: Engine, node: string): Pod[] {
  return engine.podsOnNode(node).filter((p) => stillRunning(p) && !isDaemonPod(p));
}

function emit(engine: Engine, node: Node, reason: string, message: string): void {
  engine.emit({
    type: "Normal",
    reason,
    message,
    involvedObject: { kind: "Node", name: node.metadata.name, uid: node.metadata.uid },
    source: SOURCE,
  });
}

export function startUpgrade(
  engine: Engine,
  version: string,
  nodes: string[] | undefined,
  drainBy: "bot" | "user",
): CommandResult {
  if (engine.state.upgrade && (engine.state.upgrade.current || engine.state.upgrade.queue.length > 0)) {
    return {
      ok: false,
      code: "Conflict",
      message: `an upgrade to ${engine.state.upgrade.version} is in progress`,
    };
  }
  const all = Object.keys(engine.state.nodes).sort();
  const queue = nodes ?? all.filter((n) => engine.state.nodes[n]?.status.nodeInfo.kubeletVersion !== version);
  for (const n of queue)
    if (!engine.state.nodes[n]) return { ok: false, code: "NotFound", message: `nodes "${n}" not found` };
  engine.state.upgrade = { version, queue, drainBy, done: [] };
  engine.changed("Autoscaler", "upgrade");
  return { ok: true, message: `upgrading ${queue.length} node(s) to ${version}, one at a time` };
}

export function runUpgrade(engine: Engine): void {
  const upgrade: UpgradeState | undefined = engine.state.upgrade;
  if (!upgrade) return;
  const now = engine.now;
  const current = upgrade.current;
  if (!current) {
    const next = upgrade.queue.shift();
    if (next === undefined) return;
    const node = engine.state.nodes[next];
    if (!node) return;
    upgrade.current = { node: next, phase: "draining", since: now };
    setUnschedulable(engine, next, true);
    emit(
      engine,
      node,
      "DrainRequested",
      upgrade.drainBy === "user"
        ? `Cordoned for the upgrade to ${upgrade.version}: drain it (kubectl drain ${next} --ignore-daemonsets)`
        : `Cordoned for the upgrade to ${upgrade.version}: draining`,
    );
    engine.changed("Autoscaler", "upgrade");
    return;
  }
  const node = engine.state.nodes[current.node];
  if (!node) {
    delete upgrade.current;
    return;
  }
  if (current.phase === "draining") {
    const left = podsToDrain(engine, current.node);
    if (upgrade.drainBy === "bot" && (now - current.since) % RETRY_MS < 100) {
      for (const pod of left) if (pod.metadata.deletionTimestamp === undefined) evictThroughApi(engine, pod);
    }
    if (left.length > 0) return;
    if (upgrade.drainBy === "user") {
      engine.judge({
        seat: "user",
        kind: "drain",
        subject: current.node,
        value: Math.round((now - current.since) / 1000),
        detail: `the node waited cordoned for its drain before the upgrade to ${upgrade.version}`,
      });
    }
    current.phase = "upgrading";
    current.readyAt = now + UPGRADE_SECONDS * 1000;
    emit(
      engine,
      node,
      "UpgradingNode",
      `Upgrading the kubelet from ${node.status.nodeInfo.kubeletVersion} to ${upgrade.version}`,
    );
    engine.changed("Autoscaler", "upgrade");
    return;
  }
  if (now < (current.readyAt ?? now)) return;
  node.status.nodeInfo.kubeletVersion = upgrade.version;
  writeNode(engine, node);
  emit(engine, node, "Starting", "Starting kubelet.");
  setUnschedulable(engine, current.node, false);
  upgrade.done.push(current.node);
  delete upgrade.current;
  engine.changed("Autoscaler", "upgrade");
}
