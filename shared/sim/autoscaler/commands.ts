import { z } from "zod";
import { admitReplicas } from "../apiserver/quota.ts";
import { defineCommand, name, namespaceOf, nodeName } from "../commands/define.ts";
import type { CommandResult } from "../commands.ts";
import { recommendation } from "../controllers/podautoscaler/hpa.ts";
import type { Engine } from "../engine/Engine.ts";
import { objectKey } from "../model/meta.ts";
import { AUTOSCALER_SEAT, judgeScaleDown, judgeScaleUp, scaleUpNodeGroup } from "./clusterautoscaler.ts";
import { beginScaleDown } from "./scaledown.ts";

/**
 * The autoscaler seat's moves: the cluster autoscaler's (add nodes to a node group, remove a node) and
 * the horizontal pod autoscaler's (set a workload's replicas). The bots make the same decisions; a
 * player's are judged against them.
 */
const judged = (engine: Engine, seat: string) => seat === AUTOSCALER_SEAT && !engine.isBot(seat);

function noAutoscaler(): CommandResult {
  return { ok: false, code: "NotFound", message: "this cluster has no cluster autoscaler (no node groups)" };
}

export const scaleUpNodeGroupCommand = defineCommand({
  schema: z.strictObject({
    type: z.literal("ScaleUpNodeGroup"),
    nodeGroup: name,
    count: z.number().int().min(1).max(100),
  }),
  roles: ["autoscaler"],
  handle(engine, c, seat) {
    const ca = engine.state.clusterAutoscaler;
    if (!ca) return noAutoscaler();
    const verdict = judged(engine, seat) ? judgeScaleUp(engine, ca, c.nodeGroup, c.count) : undefined;
    const result = scaleUpNodeGroup(engine, ca, c.nodeGroup, c.count);
    return result.ok && verdict ? { ...result, judgement: engine.judge(verdict) } : result;
  },
});

export const scaleDownNodeCommand = defineCommand({
  schema: z.strictObject({ type: z.literal("ScaleDownNode"), node: nodeName }),
  roles: ["autoscaler"],
  request: (c) => ({ verb: "patch", resource: "nodes", name: c.node }),
  handle(engine, c, seat) {
    const ca = engine.state.clusterAutoscaler;
    if (!ca) return noAutoscaler();
    const node = engine.state.nodes[c.node];
    if (!node) return { ok: false, code: "NotFound", message: `nodes "${c.node}" not found` };
    if (!ca.spec.nodeGroups.some((g) => g.name === node.metadata.labels["kubeclass.dev/node-group"])) {
      return { ok: false, code: "Invalid", message: `node ${c.node} belongs to no autoscaled node group` };
    }
    const verdict = judged(engine, seat) ? judgeScaleDown(engine, ca, node) : undefined;
    beginScaleDown(engine, ca, node);
    const result: CommandResult = {
      ok: true,
      message: `node/${c.node} tainted ToBeDeletedByClusterAutoscaler and draining`,
    };
    return verdict ? { ...result, judgement: engine.judge(verdict) } : result;
  },
});

export const rescaleCommand = defineCommand({
  schema: z.strictObject({
    type: z.literal("Rescale"),
    hpa: name,
    namespace: name.optional(),
    replicas: z.number().int().min(0).max(10_000),
  }),
  roles: ["autoscaler"],
  request: (c) => ({
    verb: "update",
    resource: "horizontalpodautoscalers",
    namespace: namespaceOf(c),
    name: c.hpa,
  }),
  handle(engine, c, seat) {
    const namespace = namespaceOf(c);
    const hpa = engine.state.horizontalpodautoscalers[objectKey(namespace, c.hpa)];
    if (!hpa)
      return {
        ok: false,
        code: "NotFound",
        message: `horizontalpodautoscalers.autoscaling "${c.hpa}" not found`,
      };
    const { kind, name: target } = hpa.spec.scaleTargetRef;
    const key = objectKey(namespace, target);
    const object =
      kind === "Deployment"
        ? engine.state.deployments[key]
        : kind === "StatefulSet"
          ? engine.state.statefulsets[key]
          : engine.state.replicasets[key];
    if (!object)
      return { ok: false, code: "NotFound", message: `${kind.toLowerCase()}s.apps "${target}" not found` };
    const replicas = Math.min(hpa.spec.maxReplicas, Math.max(hpa.spec.minReplicas, c.replicas));
    const advice = judged(engine, seat) ? recommendation(engine, hpa) : undefined;
    const refused = admitReplicas(engine, object.kind, target, replicas);
    if (refused) return refused;
    const from = object.spec.replicas;
    object.spec.replicas = replicas;
    object.metadata.generation = (object.metadata.generation ?? 1) + 1;
    engine.written(object.kind, key, object as never);
    engine.emit({
      type: "Normal",
      reason: "SuccessfulRescale",
      message: `New size: ${replicas}; reason: set by the autoscaler seat (was ${from})`,
      involvedObject: { kind: "HorizontalPodAutoscaler", name: c.hpa, namespace, uid: hpa.metadata.uid },
      source: { component: "horizontal-pod-autoscaler" },
    });
    const result: CommandResult = {
      ok: true,
      message: `${kind.toLowerCase()}.apps/${target} scaled to ${replicas}`,
    };
    if (!advice) return result;
    const wanted = advice.ok
      ? Math.min(hpa.spec.maxReplicas, Math.max(hpa.spec.minReplicas, advice.replicas))
      : from;
    return {
      ...result,
      judgement: engine.judge({
        seat: AUTOSCALER_SEAT,
        kind: "autoscale",
        subject: `${namespace}/${c.hpa}`,
        value: Math.max(0, 100 - 25 * Math.abs(wanted - replicas)),
        detail: advice.ok
          ? `the HPA's algorithm recommends ${wanted} (utilization ${advice.utilization}%)`
          : `the HPA cannot measure: ${advice.message}`,
      }),
    };
  },
});

export const AUTOSCALER_COMMANDS = [scaleUpNodeGroupCommand, scaleDownNodeCommand, rescaleCommand] as const;
