import { recordAudit } from "../../apiserver/audit.ts";
import { admitReplicas } from "../../apiserver/quota.ts";
import type { CommandResult } from "../../commands.ts";
import type { Engine } from "../../engine/Engine.ts";
import { labelSelectorMatches } from "../../labels/selector.ts";
import type { HorizontalPodAutoscaler, HPAConditionType } from "../../model/autoscaling.ts";
import type { HPAMemory } from "../../model/controlplane.ts";
import { objectKey } from "../../model/meta.ts";
import type { Pod } from "../../model/pod.ts";
import type { LabelSelector } from "../../model/workload.ts";
import { podCpuUsage, requestRates } from "./metrics.ts";
import { normalizeDesiredReplicas, recordScaleEvent } from "./normalize.ts";
import { resourceReplicas } from "./replicas.ts";

/**
 * The horizontal pod autoscaler (pkg/controller/podautoscaler/horizontal.go), autoscaling/v2 on
 * resource utilisation: every 15 s each HPA reads its target's scale, the utilisation of the target's
 * pods (metrics.ts), computes the desired replicas (replicas.ts), stabilises and rate-limits them
 * (normalize.ts) and, when they differ, updates the target's scale with a `SuccessfulRescale` event
 * ("New size: 4; reason: cpu resource utilization (percentage of request) above target").
 */
export const SYNC_PERIOD_MS = 15_000;
const SOURCE = "horizontal-pod-autoscaler";

interface ScaleTarget {
  replicas: number;
  selector: LabelSelector;
  /** The pods the target controls (its ReplicaSets' for a Deployment): what its selector selects. */
  pods(): Pod[];
  /** "deployments.apps" ... for the audit log. */
  resource: string;
  /** The scale subresource's update: the API server's refusal, if any (the session's replica limit). */
  setReplicas(replicas: number): CommandResult | undefined;
}

function scaleTarget(engine: Engine, hpa: HorizontalPodAutoscaler): ScaleTarget | undefined {
  const { kind, name } = hpa.spec.scaleTargetRef;
  const key = objectKey(hpa.metadata.namespace, name);
  const state = engine.state;
  const object =
    kind === "Deployment"
      ? state.deployments[key]
      : kind === "ReplicaSet"
        ? state.replicasets[key]
        : kind === "StatefulSet"
          ? state.statefulsets[key]
          : undefined;
  if (!object) return undefined;
  const owned = (uid: string) => engine.podsOwnedBy(uid);
  return {
    replicas: object.spec.replicas,
    selector: object.spec.selector,
    pods() {
      if (object.kind !== "Deployment") return owned(object.metadata.uid);
      const out: Pod[] = [];
      for (const rs of Object.values(state.replicasets)) {
        if (rs.metadata.namespace !== object.metadata.namespace) continue;
        if (rs.metadata.ownerReferences?.some((o) => o.controller && o.uid === object.metadata.uid))
          out.push(...owned(rs.metadata.uid));
      }
      return out;
    },
    resource: `${kind.toLowerCase()}s/scale`,
    setReplicas(replicas) {
      const refused = admitReplicas(engine, object.kind, name, replicas);
      if (refused) return refused;
      object.spec.replicas = replicas;
      object.metadata.generation = (object.metadata.generation ?? 1) + 1;
      engine.written(object.kind, key, object as never);
      return undefined;
    },
  };
}

function setCondition(
  hpa: HorizontalPodAutoscaler,
  type: HPAConditionType,
  status: "True" | "False",
  reason: string,
  message: string,
  now: number,
): void {
  const existing = hpa.status.conditions.find((c) => c.type === type);
  if (existing) {
    if (existing.status !== status) existing.lastTransitionTime = now;
    existing.status = status;
    existing.reason = reason;
    existing.message = message;
  } else hpa.status.conditions.push({ type, status, reason, message, lastTransitionTime: now });
}

function emit(
  engine: Engine,
  hpa: HorizontalPodAutoscaler,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
): void {
  const m = hpa.metadata;
  engine.emit({
    type,
    reason,
    message,
    involvedObject: { kind: "HorizontalPodAutoscaler", name: m.name, namespace: m.namespace, uid: m.uid },
    source: { component: SOURCE },
  });
}

function memoryOf(engine: Engine, key: string): HPAMemory {
  const hpas = engine.state.controllers.autoscaling.hpas;
  let memory = hpas[key];
  if (!memory) {
    memory = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
    hpas[key] = memory;
  }
  return memory;
}

/**
 * The target's pods (those its selector selects among the pods it controls: a controller's pods are
 * found through their owner, not by scanning every pod) and their CPU use.
 */
function targetPodMetrics(
  target: ScaleTarget,
  rates: ReadonlyMap<string, number>,
): { pod: Pod; usage: number }[] {
  const out: { pod: Pod; usage: number }[] = [];
  for (const pod of target.pods()) {
    if (!labelSelectorMatches(target.selector, pod.metadata.labels)) continue;
    out.push({ pod, usage: podCpuUsage(pod, rates) });
  }
  return out;
}

/** What the HPA would recommend now, before stabilisation: for the autoscaler seat's panel and the judge. */
export function recommendation(
  engine: Engine,
  hpa: HorizontalPodAutoscaler,
): ReturnType<typeof resourceReplicas> | undefined {
  const target = scaleTarget(engine, hpa);
  const metric = hpa.spec.metrics[0];
  if (!target || !metric || metric.resource.target.type !== "Utilization") return undefined;
  return resourceReplicas(
    target.replicas,
    metric.resource.target.averageUtilization,
    targetPodMetrics(target, requestRates(engine)),
  );
}

export function reconcileAutoscaler(
  engine: Engine,
  hpa: HorizontalPodAutoscaler,
  decide: boolean,
  rates: ReadonlyMap<string, number> = requestRates(engine),
): void {
  const now = engine.now;
  const key = objectKey(hpa.metadata.namespace, hpa.metadata.name);
  const before = JSON.stringify(hpa.status);
  const target = scaleTarget(engine, hpa);
  const ref = hpa.spec.scaleTargetRef;
  if (!target) {
    setCondition(
      hpa,
      "AbleToScale",
      "False",
      "FailedGetScale",
      `the HPA controller was unable to get the target's current scale: ${ref.kind.toLowerCase()}s.apps "${ref.name}" not found`,
      now,
    );
    emit(engine, hpa, "Warning", "FailedGetScale", `${ref.kind.toLowerCase()}s.apps "${ref.name}" not found`);
  } else {
    const current = target.replicas;
    hpa.status.currentReplicas = current;
    setCondition(
      hpa,
      "AbleToScale",
      "True",
      "SucceededGetScale",
      "the HPA controller was able to get the target's current scale",
      now,
    );
    let desired = current;
    let reason = "";
    let rescale = false;
    if (current === 0 && hpa.spec.minReplicas !== 0) {
      desired = 0;
      setCondition(
        hpa,
        "ScalingActive",
        "False",
        "ScalingDisabled",
        "scaling is disabled since the replica count of the target is zero",
        now,
      );
    } else if (current > hpa.spec.maxReplicas) {
      desired = hpa.spec.maxReplicas;
      reason = "Current number of replicas above Spec.MaxReplicas";
      rescale = true;
    } else if (current < hpa.spec.minReplicas) {
      desired = hpa.spec.minReplicas;
      reason = "Current number of replicas below Spec.MinReplicas";
      rescale = true;
    } else {
      const metric = hpa.spec.metrics[0];
      const resource = metric?.resource.name ?? "cpu";
      const targetUtilization =
        metric?.resource.target.type === "Utilization" ? metric.resource.target.averageUtilization : 80;
      const result = resourceReplicas(current, targetUtilization, targetPodMetrics(target, rates), resource);
      if (!result.ok) {
        setCondition(hpa, "ScalingActive", "False", result.reason, result.message, now);
        emit(engine, hpa, "Warning", result.reason, result.message);
        hpa.status.currentMetrics = [];
      } else {
        const metricName = `${resource} resource utilization (percentage of request)`;
        setCondition(
          hpa,
          "ScalingActive",
          "True",
          "ValidMetricFound",
          `the HPA was able to successfully calculate a replica count from ${metricName}`,
          now,
        );
        hpa.status.currentMetrics = [
          {
            type: "Resource",
            resource: {
              name: resource,
              current: { averageUtilization: result.utilization, averageValue: `${result.averageUsage}m` },
            },
          },
        ];
        desired = Math.max(result.replicas, 0);
        if (desired > current) reason = `${metricName} above target`;
        if (desired < current) reason = "All metrics below target";
        const normalized = normalizeDesiredReplicas(hpa, memoryOf(engine, key), current, desired, now);
        setCondition(
          hpa,
          "AbleToScale",
          "True",
          normalized.ableToScale.reason,
          normalized.ableToScale.message,
          now,
        );
        setCondition(
          hpa,
          "ScalingLimited",
          normalized.limited.status,
          normalized.limited.reason,
          normalized.limited.message,
          now,
        );
        desired = normalized.replicas;
        rescale = desired !== current;
      }
    }
    hpa.status.desiredReplicas = desired;
    // A player at the autoscaler's seat decides the rescale; the controller only reports.
    if (rescale && decide) {
      const refused = target.setReplicas(desired);
      recordAudit(
        engine,
        "controller-manager",
        { verb: "update", resource: target.resource, namespace: hpa.metadata.namespace, name: ref.name },
        refused ?? { ok: true },
      );
      if (refused) {
        // as upstream's reconcileAutoscaler when the scale update fails
        setCondition(
          hpa,
          "AbleToScale",
          "False",
          "FailedUpdateScale",
          `the HPA controller was unable to update the target scale: ${refused.message}`,
          now,
        );
        emit(
          engine,
          hpa,
          "Warning",
          "FailedRescale",
          `New size: ${desired}; reason: ${reason}; error: ${refused.message}`,
        );
        hpa.status.observedGeneration = hpa.metadata.generation ?? 1;
        if (JSON.stringify(hpa.status) !== before) engine.written("HorizontalPodAutoscaler", key, hpa);
        return;
      }
      setCondition(
        hpa,
        "AbleToScale",
        "True",
        "SucceededRescale",
        `the HPA controller was able to update the target scale to ${desired}`,
        now,
      );
      emit(engine, hpa, "Normal", "SuccessfulRescale", `New size: ${desired}; reason: ${reason}`);
      recordScaleEvent(hpa, memoryOf(engine, key), current, desired, now);
      hpa.status.lastScaleTime = now;
      hpa.status.currentReplicas = desired;
    }
  }
  hpa.status.observedGeneration = hpa.metadata.generation ?? 1;
  if (JSON.stringify(hpa.status) !== before) engine.written("HorizontalPodAutoscaler", key, hpa);
}

/** Every HPA, every sync period. */
export function runAutoscalers(engine: Engine, decide: boolean): void {
  const memory = engine.state.controllers.autoscaling;
  const hpas = engine.state.horizontalpodautoscalers;
  const keys = Object.keys(hpas).sort();
  for (const key of Object.keys(memory.hpas)) if (!hpas[key]) delete memory.hpas[key];
  if (keys.length === 0 || engine.now < memory.nextSyncAt) return;
  memory.nextSyncAt = engine.now + SYNC_PERIOD_MS;
  engine.wake("controllers", memory.nextSyncAt);
  const rates = requestRates(engine);
  for (const key of keys) reconcileAutoscaler(engine, hpas[key] as HorizontalPodAutoscaler, decide, rates);
}
