import type { MessageKey } from "../../shared/i18n/en.ts";
import type { RecordedCommand } from "../../shared/replay/record.ts";
import type { Engine } from "../../shared/sim/engine/Engine.ts";
import { containerStep } from "../../shared/sim/kubelet/step.ts";
import { type Explanation, explain } from "../../shared/sim/scheduler/scheduleone.ts";

/**
 * A recorded move beside what the component's bot would have done at that moment, computed with the
 * same shared code the bots run, on the replay's engine at the move's tick (before it was applied):
 * kube-scheduler's explain for a placement, the kubelet's containerStep for a pull or a start, the
 * ReplicaSet controller's arithmetic, kube-proxy's staleness.
 */
export interface Comparison {
  verdict: "same" | "differs" | "none";
  /**
   * What the bot would have done, as a catalog sentence (worded when shown, in the page's language);
   * the parameters named in `k8s` are Kubernetes' words (a FailedScheduling message, a back-off).
   */
  said?: { key: MessageKey; params: Record<string, string | number>; k8s?: string[] };
  explanation?: Explanation;
}

const said = (
  key: MessageKey,
  params: Record<string, string | number> = {},
  k8s?: string[],
): Comparison["said"] => ({ key, params, ...(k8s ? { k8s } : {}) });

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

export function compareMove(engine: Engine, move: RecordedCommand): Comparison {
  const c = move.command;
  const s = engine.state;
  const ns = str(c.namespace) || "default";
  switch (c.type) {
    case "Bind": {
      const pod = s.pods[`${ns}/${str(c.pod)}`];
      if (!pod) return { verdict: "none", said: said("replay.cmp.gone") };
      const explanation = explain(pod, engine.snapshot);
      if (explanation.best.length === 0) {
        return {
          verdict: "differs",
          said: said("replay.cmp.noFit", { message: explanation.message ?? "" }, ["message"]),
          explanation,
        };
      }
      const same = explanation.best.includes(str(c.node));
      return {
        verdict: same ? "same" : "differs",
        said: same
          ? said("replay.cmp.bindSame", { node: str(c.node) })
          : said("replay.cmp.bindDiffers", { nodes: explanation.best.join(", ") }),
        explanation,
      };
    }
    case "PullImage":
    case "StartContainer": {
      const node = str(c.node);
      const pod = s.pods[`${ns}/${str(c.pod)}`];
      const machine = s.machines[node];
      const kubelet = s.kubelets[node];
      const container = [...(pod?.spec.initContainers ?? []), ...(pod?.spec.containers ?? [])].find(
        (x) => x.name === str(c.container),
      );
      if (!pod || !machine || !kubelet || !container)
        return { verdict: "none", said: said("replay.cmp.gone") };
      const step = containerStep(engine, machine, kubelet, pod, container);
      const wanted = c.type === "PullImage" ? "pull" : "start";
      if (step.step === wanted) return { verdict: "same", said: said("replay.cmp.kubeletSame") };
      // waiting out a back-off is the kubelet's own words; nothing to do is ours
      if (step.step === "none") return { verdict: "differs", said: said(`replay.cmp.why.${step.why}`) };
      const bot =
        step.step === "wait"
          ? `${step.reason}: ${step.message}`
          : step.step === "pull"
            ? "PullImage"
            : "StartContainer";
      return { verdict: "differs", said: said("replay.cmp.kubeletDiffers", { bot }, ["bot"]) };
    }
    case "CreateReplica":
    case "DeleteReplica":
    case "ScaleReplicaSet": {
      const podKey = `${ns}/${str(c.pod)}`;
      const rsName =
        c.type === "DeleteReplica"
          ? (s.pods[podKey]?.metadata.ownerReferences?.find((o) => o.controller)?.name ?? "")
          : str(c.replicaSet);
      const rs = s.replicasets[`${ns}/${rsName}`];
      if (!rs) return { verdict: "none", said: said("replay.cmp.gone") };
      const current = Object.values(s.pods).filter(
        (p) =>
          p.metadata.namespace === ns &&
          !p.metadata.deletionTimestamp &&
          p.metadata.ownerReferences?.some((o) => o.uid === rs.metadata.uid),
      ).length;
      const desired = rs.spec.replicas;
      const ok =
        c.type === "CreateReplica"
          ? current < desired
          : c.type === "DeleteReplica"
            ? current > desired
            : true;
      return {
        verdict: c.type === "ScaleReplicaSet" ? "none" : ok ? "same" : "differs",
        said: said("replay.cmp.replicas", { current, desired }),
      };
    }
    case "SyncProxyRules": {
      const proxy = s.proxies[str(c.node)];
      const last = proxy?.lastSyncAt;
      return {
        verdict: "none",
        ...(last
          ? { said: said("replay.cmp.proxy", { seconds: Math.round((engine.now - last) / 1000) }) }
          : {}),
      };
    }
    case "RenewLease":
      return { verdict: "none", said: said("replay.cmp.lease") };
    default:
      return { verdict: "none" };
  }
}

/** One line for a recorded command: "Bind web to worker-2", "PullImage nginx (web/nginx) on worker-1" ... */
export function describeMove(c: Record<string, unknown>): string {
  const type = str(c.type);
  switch (type) {
    case "Bind":
      return `Bind ${str(c.pod)} → ${str(c.node)}`;
    case "PullImage":
    case "StartContainer":
      return `${type} ${str(c.pod)}/${str(c.container)} @ ${str(c.node)}`;
    case "RunProbe":
      return `${type} ${str(c.probe)} ${str(c.pod)}/${str(c.container)} @ ${str(c.node)}`;
    case "Apply": {
      const m = c.manifest as { kind?: string; metadata?: { name?: string } } | undefined;
      return `Apply ${m?.kind ?? ""} ${m?.metadata?.name ?? ""}`;
    }
    case "SetDriver":
      return `SetDriver ${str(c.seat)} = ${str(c.driver)}`;
    default: {
      const target =
        c.name ?? c.pod ?? c.node ?? c.master ?? c.registry ?? c.service ?? c.replicaSet ?? c.provider;
      return target === undefined ? type : `${type} ${String(target)}`;
    }
  }
}
