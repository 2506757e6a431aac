import type {
  HorizontalPodAutoscalerView,
  JudgementView,
  NodeGroupView,
  NodeView,
  PodView,
} from "../../shared/protocol/state.ts";
import { clockText } from "../../shared/time/format.ts";
import { sizeText } from "../board/nodeText.ts";
import { PROVIDER_LABEL } from "../board/theme.ts";
import { h, k8s, label, note, reconcile, setAttr, setText, tr } from "../dom/h.ts";
import { toast } from "../dom/shell.ts";
import { t } from "../i18n/i18n.ts";
import { cpuText, memoryText } from "../state/clock.ts";
import { byName, pendingPods, sortedNodes } from "../state/view.ts";
import type { GameContext, Panel } from "./context.ts";

/**
 * The autoscaler seat: the HorizontalPodAutoscalers' decisions (how many replicas each target gets, from
 * the CPU its pods use against their requests) and the cluster autoscaler's (add nodes to a node group
 * for pods that fit nowhere, remove nodes nobody needs). The HPA controller keeps measuring and says what
 * its algorithm wants; the student sets the replicas (Rescale). Pods wait Pending until a node group
 * grows (ScaleUpNodeGroup), and a node under the utilization threshold long enough may go (ScaleDownNode).
 * Each move is judged against what the bots would have done.
 */
const NODE_GROUP_LABEL = "kubeclass.dev/node-group";

/**
 * The HPA's algorithm on the synced figures: desired = ceil(current × utilization / target), kept within
 * minReplicas..maxReplicas (what a Rescale is judged against). The controller then limits a scale-up to
 * max(2 × current, 4) and holds a scale-down for its stabilization window: that is its desiredReplicas.
 */
export function hpaFormula(
  hpa: HorizontalPodAutoscalerView,
): { raw: number; bounded: number; ratio: number } | undefined {
  if (hpa.currentUtilization < 0 || hpa.targetUtilization <= 0 || hpa.currentReplicas <= 0) return undefined;
  const ratio = hpa.currentUtilization / hpa.targetUtilization;
  const raw = Math.ceil(hpa.currentReplicas * ratio);
  return { raw, bounded: Math.min(hpa.maxReplicas, Math.max(hpa.minReplicas, raw)), ratio };
}

function percent(used: number, of: number): number {
  return of > 0 ? Math.round((used / of) * 100) : 0;
}

export function autoscalerPanel(ctx: GameContext): Panel {
  const hpas = h("div", { class: "as-list", id: "as-hpas" });
  const noHpas = note("as.noHpas");
  const pending = h("ul", { class: "as-pending", id: "as-pending" });
  const noPending = note("as.noPending");
  const groups = h("div", { class: "as-list", id: "as-groups" });
  const noGroups = note("as.noGroups");
  const scaleDown = h("p", { class: "muted small-text", id: "as-scale-down" });
  const verdict = h("section", { class: "placement-result", "aria-live": "polite", id: "as-verdict" });
  const element = h(
    "section",
    { class: "panel role-autoscaler", "aria-labelledby": "as-heading" },
    h("h2", { id: "as-heading" }, "cluster-autoscaler · HPA"),
    tr("as.intro", undefined, "p"),
    verdict,
    h("h3", { translate: "no" }, "HorizontalPodAutoscaler"),
    hpas,
    noHpas,
    h("h3", null, tr("as.pendingTitle")),
    pending,
    noPending,
    h("h3", null, tr("as.groupsTitle")),
    groups,
    noGroups,
    scaleDown,
  );

  const run = async (command: Parameters<GameContext["command"]>[0]) => {
    const blocked = ctx.blocked();
    if (blocked) {
      toast(blocked, "warning");
      return;
    }
    // the judgement that follows an accepted move says how it went
    await ctx.command(command);
  };

  const offJudgement = ctx.onJudgement((j: JudgementView) => {
    if (j.kind !== "autoscale") return;
    verdict.replaceChildren(
      h(
        "div",
        { class: `verdict ${j.value >= 100 ? "good" : j.value > 0 ? "fair" : "bad"}` },
        h("strong", { class: "verdict-value" }, `${j.value}/100`),
        " ",
        h("code", { translate: "no" }, j.subject),
        // the judge's own words, as the engine says them
        k8s(j.detail, "p", "muted"),
      ),
    );
  });

  const hpaCard = (hpa: HorizontalPodAutoscalerView): HTMLElement => {
    const input = h("input", { type: "number", min: "0", max: "10000", class: "small-number" });
    label(input, "cm.replicasOf", { name: hpa.name });
    const button = h("button", { type: "button", class: "small primary", translate: "no" }, "Rescale");
    button.setAttribute("aria-label", `Rescale ${hpa.name}`);
    button.addEventListener(
      "click",
      () =>
        void run({ type: "Rescale", hpa: hpa.name, namespace: hpa.namespace, replicas: Number(input.value) }),
    );
    return h(
      "article",
      { class: "wl as-hpa", "data-hpa": hpa.key },
      h("p", { class: "wl-text as-hpa-head" }),
      h("p", { class: "as-hpa-metric" }),
      h("p", { class: "as-hpa-formula muted small-text" }),
      h("div", { class: "wl-actions" }, input, button),
    );
  };

  const fillHpa = (el: HTMLElement, hpa: HorizontalPodAutoscalerView) => {
    const help = ctx.view().session.helpLevel;
    setText(
      el.querySelector(".as-hpa-head") as HTMLElement,
      `${hpa.name} → ${hpa.target} · ${t("as.replicas", { current: hpa.currentReplicas, min: hpa.minReplicas, max: hpa.maxReplicas })}`,
    );
    setText(
      el.querySelector(".as-hpa-metric") as HTMLElement,
      hpa.currentUtilization < 0
        ? t("as.cpuUnknown", { target: hpa.targetUtilization })
        : t("as.cpu", { current: hpa.currentUtilization, target: hpa.targetUtilization }),
    );
    const f = hpaFormula(hpa);
    const expression = `ceil(${hpa.currentReplicas} × ${hpa.currentUtilization} / ${hpa.targetUtilization})`;
    const result = f && f.bounded !== f.raw ? `${f.raw} → ${f.bounded}` : String(f?.raw ?? "");
    const formula =
      !f || help === "none"
        ? ""
        : help === "reasons"
          ? `${expression} = ?`
          : `${expression} = ${result} · ${t("as.wants", { n: hpa.desiredReplicas })}`;
    setText(el.querySelector(".as-hpa-formula") as HTMLElement, formula);
    const wants = hpa.desiredReplicas !== hpa.currentReplicas && hpa.currentUtilization >= 0;
    el.classList.toggle("diverged", wants && help === "full");
    const input = el.querySelector("input") as HTMLInputElement;
    // the field follows the target until the student types in it
    if (document.activeElement !== input && input.dataset.for !== String(hpa.currentReplicas)) {
      input.value = String(hpa.currentReplicas);
      input.dataset.for = String(hpa.currentReplicas);
    }
  };

  const groupCard = (g: NodeGroupView): HTMLElement => {
    const count = h("input", { type: "number", min: "1", max: "100", value: "1", class: "small-number" });
    label(count, "as.nodesToAdd", { group: g.name });
    const up = h("button", { type: "button", class: "small primary", translate: "no" }, "ScaleUpNodeGroup");
    up.setAttribute("aria-label", `ScaleUpNodeGroup ${g.name}`);
    up.addEventListener(
      "click",
      () => void run({ type: "ScaleUpNodeGroup", nodeGroup: g.name, count: Number(count.value) || 1 }),
    );
    return h(
      "article",
      { class: "wl as-group", "data-group": g.name },
      h("p", { class: "wl-text as-group-head" }),
      h("p", { class: "as-group-size" }),
      h("div", { class: "wl-actions" }, count, up),
      h("ul", { class: "as-nodes" }),
    );
  };

  const fillGroup = (el: HTMLElement, g: NodeGroupView, members: NodeView[], now: number) => {
    const view = ctx.view();
    const a = view.autoscaling;
    setText(
      el.querySelector(".as-group-head") as HTMLElement,
      `${g.name} · ${PROVIDER_LABEL[g.provider] ?? g.provider} ${g.instanceType} · ${sizeText(g.cpu, g.memory)} · $${g.pricePerHour.toFixed(3)}/h${g.spot ? " · spot" : ""}`,
    );
    let booting = Number.POSITIVE_INFINITY;
    a?.pendingNodes.forEach((p) => {
      if (p.nodeGroup === g.name) booting = Math.min(booting, p.joinAt);
    });
    setText(
      el.querySelector(".as-group-size") as HTMLElement,
      `${t("as.groupSize", { nodes: g.nodes, min: g.min, max: g.max })}${g.upcoming > 0 ? ` · ${t("as.booting", { n: g.upcoming, time: clockText(booting - now) })}` : ""}`,
    );
    (el.querySelector("button") as HTMLButtonElement).disabled = g.nodes + g.upcoming >= g.max;
    reconcile(
      el.querySelector(".as-nodes") as HTMLElement,
      members,
      (n) => n.name,
      (n) => {
        const down = h("button", { type: "button", class: "small danger", translate: "no" }, "ScaleDownNode");
        down.setAttribute("aria-label", `ScaleDownNode ${n.name}`);
        down.addEventListener("click", () => void run({ type: "ScaleDownNode", node: n.name }));
        return h("li", { class: "as-node", "data-node": n.name }, h("span"), " ", down);
      },
      (li, n) => {
        const since = a?.unneeded.get(n.name);
        const deleting = a?.deleting.get(n.name);
        const reclaim = a?.spotReclaims.get(n.name);
        const marks: string[] = [];
        if (deleting !== undefined) marks.push(t("as.removing"));
        else if (since !== undefined) {
          const left = (a?.scaleDownUnneededSeconds ?? 0) * 1000 - (now - since);
          marks.push(t("as.unneeded", { time: clockText(now - since), left: clockText(Math.max(0, left)) }));
        }
        if (reclaim !== undefined) marks.push(t("as.reclaim", { time: clockText(reclaim - now) }));
        if (n.ready !== "Ready") marks.push("NotReady");
        setText(
          li.firstElementChild as HTMLElement,
          `${n.name} · cpu ${percent(n.requestedCpu, n.cpu)}% · mem ${percent(n.requestedMemory, n.memory)}% · ${t("as.pods", { n: n.pods })}${marks.length ? ` · ${marks.join(" · ")}` : ""}`,
        );
        li.classList.toggle("unneeded", since !== undefined);
        (li.querySelector("button") as HTMLButtonElement).disabled = deleting !== undefined;
      },
    );
  };

  const update = () => {
    const view = ctx.view();
    const now = ctx.clock.now();
    const list: HorizontalPodAutoscalerView[] = [];
    view.horizontalPodAutoscalers?.forEach((x) => {
      list.push(x);
    });
    list.sort((x, y) => byName(x.key, y.key));
    reconcile(hpas, list, (x) => x.key, hpaCard, fillHpa);
    noHpas.hidden = list.length > 0;

    const waiting = pendingPods(view);
    reconcile(
      pending,
      waiting.slice(0, 12),
      (p) => p.key,
      () => h("li"),
      (li, p: PodView) =>
        setText(
          li,
          `${p.namespace === "default" ? p.name : p.key} · ${cpuText(p.cpu)} cpu · ${memoryText(p.memory)}${p.nominatedNode ? ` → ${p.nominatedNode}` : ""}`,
        ),
    );
    setAttr(pending, "data-count", String(waiting.length));
    noPending.hidden = waiting.length > 0;

    const groupList: NodeGroupView[] = [];
    view.autoscaling?.nodeGroups.forEach((g) => {
      groupList.push(g);
    });
    groupList.sort((x, y) => byName(x.name, y.name));
    const byGroup = new Map<string, NodeView[]>();
    for (const n of sortedNodes(view)) {
      const g = n.labels.get(NODE_GROUP_LABEL);
      if (g) byGroup.set(g, [...(byGroup.get(g) ?? []), n]);
    }
    reconcile(
      groups,
      groupList,
      (g) => g.name,
      groupCard,
      (el, g) => fillGroup(el, g, byGroup.get(g.name) ?? [], now),
    );
    noGroups.hidden = groupList.length > 0;
    const a = view.autoscaling;
    if (a && groupList.length > 0) {
      const wait = a.lastScaleUpAt > 0 ? a.lastScaleUpAt + a.scaleDownDelayAfterAddSeconds * 1000 - now : 0;
      setText(
        scaleDown,
        `${t("as.scaleDownRule", {
          threshold: a.scaleDownUtilizationThreshold,
          unneeded: clockText(a.scaleDownUnneededSeconds * 1000),
          delay: clockText(a.scaleDownDelayAfterAddSeconds * 1000),
        })}${wait > 0 ? ` ${t("as.scaleDownWait", { time: clockText(wait) })}` : ""}`,
      );
    } else setText(scaleDown, "");
  };

  return { element, update, destroy: offJudgement };
}
