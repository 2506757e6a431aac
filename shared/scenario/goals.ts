import { parseDuration } from "../sim/duration.ts";
import type { ClusterState } from "../sim/model/state.ts";
import { serviceLevel } from "../sim/proxy/traffic.ts";
import type { WinCondition } from "./document.ts";

/**
 * A scenario's win conditions, judged against the cluster: each says what it wants, what it found and
 * whether that is enough. The debrief and the end-of-match screen show these lines.
 */
export interface GoalResult {
  condition: WinCondition;
  met: boolean;
  /** What the condition asks, in words. */
  description: string;
  /** What the cluster shows. */
  detail: string;
}

const ready = (conditions: { type: string; status: string }[]) =>
  conditions.some((c) => c.type === "Ready" && c.status === "True");

export function clusterCostPerHour(state: ClusterState): number {
  return Object.values(state.nodes).reduce((sum, n) => sum + n.machine.pricePerHour, 0);
}

export function evaluateWinCondition(state: ClusterState, condition: WinCondition): GoalResult {
  const ns = "namespace" in condition ? (condition.namespace ?? "default") : "default";
  const result = (met: boolean, description: string, detail: string): GoalResult => ({
    condition,
    met,
    description,
    detail,
  });
  switch (condition.type) {
    case "PodRunning": {
      const pod = state.pods[`${ns}/${condition.name}`];
      const phase = pod?.status.phase ?? "missing";
      return result(
        pod !== undefined && phase === "Running" && ready(pod.status.conditions),
        `Pod ${condition.name} is Running and Ready`,
        `pod ${condition.name}: ${phase}`,
      );
    }
    case "PodsRunning": {
      const pods = Object.values(state.pods).filter(
        (p) =>
          p.metadata.namespace === ns &&
          p.metadata.deletionTimestamp === undefined &&
          Object.entries(condition.selector).every(([k, v]) => p.metadata.labels[k] === v),
      );
      const running = pods.filter((p) => p.status.phase === "Running" && ready(p.status.conditions)).length;
      const selector = Object.entries(condition.selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      return result(
        running >= condition.count,
        `${condition.count} Ready pods match ${selector}`,
        `${running} Ready of ${pods.length}`,
      );
    }
    case "DeploymentAvailable": {
      const d = state.deployments[`${ns}/${condition.name}`];
      const want = condition.replicas ?? d?.spec.replicas ?? 0;
      const have = d?.status.availableReplicas ?? 0;
      return result(
        d !== undefined && have >= want && want > 0,
        `Deployment ${condition.name} has ${want} available replicas`,
        d ? `${have} available` : "no such Deployment",
      );
    }
    case "DeploymentImage": {
      const d = state.deployments[`${ns}/${condition.name}`];
      const images = d?.spec.template.spec.containers.map((c) => c.image) ?? [];
      const pods = Object.values(state.pods).filter(
        (p) =>
          p.metadata.namespace === ns &&
          p.metadata.deletionTimestamp === undefined &&
          d !== undefined &&
          Object.entries(d.spec.selector.matchLabels ?? {}).every(([k, v]) => p.metadata.labels[k] === v),
      );
      const onImage = pods.filter(
        (p) => p.spec.containers.some((c) => c.image === condition.image) && ready(p.status.conditions),
      ).length;
      const met =
        images.includes(condition.image) &&
        d !== undefined &&
        onImage >= d.spec.replicas &&
        d.status.availableReplicas >= d.spec.replicas;
      return result(
        met,
        `Deployment ${condition.name} runs ${condition.image} on every replica`,
        `${onImage} Ready pods on ${condition.image}; template: ${images.join(", ") || "none"}`,
      );
    }
    case "NoPendingPods": {
      const pending = Object.values(state.pods).filter(
        (p) => p.metadata.namespace === ns && p.status.phase === "Pending",
      ).length;
      return result(pending === 0, `No Pod is Pending in ${ns}`, `${pending} Pending`);
    }
    case "NodesReady": {
      const count = Object.values(state.nodes).filter((n) => ready(n.status.conditions)).length;
      return result(count >= condition.count, `${condition.count} nodes are Ready`, `${count} Ready`);
    }
    case "ServiceSLO": {
      const traffic = state.traffic[`${ns}/${condition.service}`];
      const windowMs = parseDuration(condition.window ?? "5m") ?? 300_000;
      const level = traffic ? serviceLevel(traffic, state.now, windowMs / 1000) : undefined;
      const rate = level?.successRate ?? 0;
      const percent = (x: number) => `${(x * 100).toFixed(2)}%`;
      return result(
        level !== undefined && level.requests > 0 && rate >= condition.successRate,
        `Service ${condition.service} answers ${percent(condition.successRate)} of requests over ${condition.window ?? "5m"}`,
        level ? `${percent(rate)} of ${level.requests} requests` : "no traffic",
      );
    }
    case "MaxCostPerHour": {
      const cost = clusterCostPerHour(state);
      return result(
        cost <= condition.dollars,
        `The cluster costs at most $${condition.dollars.toFixed(2)} an hour`,
        `$${cost.toFixed(3)} an hour`,
      );
    }
  }
}

export function evaluateWinConditions(state: ClusterState, conditions: WinCondition[]): GoalResult[] {
  return conditions.map((c) => evaluateWinCondition(state, c));
}
