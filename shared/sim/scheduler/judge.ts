import type { Engine } from "../engine/Engine.ts";
import type { Judgement } from "../model/judgement.ts";
import type { Pod } from "../model/pod.ts";
import { explain } from "./scheduleone.ts";

/**
 * A player's placement judged by kube-scheduler's own scoring: 100 when the chosen node scores as high
 * as the best one, proportionally less below it, 0 when the default scheduler would have filtered the
 * node out (the kubelet will likely reject the pod).
 */
export function judgePlacement(
  engine: Engine,
  pod: Pod,
  node: string,
): Omit<Judgement, "seq" | "time" | "driver"> {
  const explanation = explain(pod, engine.snapshot);
  const chosen = explanation.nodes.find((n) => n.node === node);
  const bestTotal = Math.max(0, ...explanation.nodes.filter((n) => n.feasible).map((n) => n.total));
  const subject = `${pod.metadata.namespace}/${pod.metadata.name}`;
  if (!chosen?.feasible) {
    const reasons = chosen?.filters.flatMap((f) => f.reasons) ?? ["no such node"];
    return {
      seat: "scheduler",
      kind: "placement",
      subject,
      value: 0,
      detail: `${node} would be filtered out: ${reasons.join(", ")}`,
    };
  }
  const value = bestTotal === 0 ? 100 : Math.round((chosen.total / bestTotal) * 100);
  const best = explanation.best.join(", ");
  return {
    seat: "scheduler",
    kind: "placement",
    subject,
    value,
    detail:
      value === 100
        ? `${node} is a best node (${chosen.total})`
        : `${node} scored ${chosen.total}; best: ${best} (${bestTotal})`,
  };
}
