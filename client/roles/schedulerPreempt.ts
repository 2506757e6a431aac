import type { JudgementView, PodView } from "../../shared/protocol/state.ts";
import type { PreemptionView } from "../../shared/view/preemption.ts";
import { requestText } from "../board/nodeText.ts";
import { h, k8s, label, reconcile, setText, tr } from "../dom/h.ts";
import { t } from "../i18n/i18n.ts";
import { byName, type ClusterView, sortedNodes } from "../state/view.ts";

/**
 * The scheduler's other way out when no Node fits a pod: preemption. For each Node with Pods of lower
 * priority, those Pods, to tick as victims; then "Preempt on <node>": the victims are evicted and the
 * pod's status.nominatedNodeName names the Node, where it is bound once they are gone. As the help level
 * allows, DefaultPreemption's dry run marks the Nodes where evicting makes room, ticks the fewest victims
 * it would pick there and stars the Node it would choose; the move is judged against that choice.
 */
type Help = "full" | "reasons" | "none";

export interface PreemptSection {
  element: HTMLElement;
  update(
    view: ClusterView,
    pod: PodView | undefined,
    preemption: PreemptionView | undefined,
    help: Help,
  ): void;
  judged(j: JudgementView): void;
}

interface NodeRow {
  node: string;
  /** Lower-priority pods on the Node, not already going away. */
  lower: PodView[];
  candidate?: { victims: string[]; pdbViolations: number };
  chosen: boolean;
}

export function preemptSection(
  preempt: (pod: PodView, node: string, victims: string[] | undefined) => Promise<boolean>,
): PreemptSection {
  const summary = h("p", { class: "preempt-summary", id: "preempt-summary" });
  const nodes = h("ol", { class: "preempt-nodes", id: "preempt-nodes" });
  const verdict = h("div", { class: "placement-result", "aria-live": "polite", id: "preempt-verdict" });
  const element = h(
    "section",
    { class: "preempt", id: "preempt", hidden: true },
    h("h3", null, tr("preempt.title")),
    summary,
    nodes,
    verdict,
  );
  /** Victims the student ticked, by Node, for the pod shown (reset when another pod is shown). */
  let ticked = new Map<string, Set<string>>();
  let shownPod = "";
  let shownDefaults = "";

  const rowsOf = (view: ClusterView, pod: PodView, p: PreemptionView | undefined, help: Help): NodeRow[] => {
    const byNode = new Map<string, PodView[]>();
    view.pods.forEach((other) => {
      if (!other.node || other.deleting || other.priority >= pod.priority) return;
      if (other.phase === "Succeeded" || other.phase === "Failed") return;
      byNode.set(other.node, [...(byNode.get(other.node) ?? []), other]);
    });
    const rows: NodeRow[] = [];
    for (const n of sortedNodes(view)) {
      const lower = (byNode.get(n.name) ?? []).sort(
        (a, b) => a.priority - b.priority || byName(a.key, b.key),
      );
      if (lower.length === 0) continue;
      const c = help === "none" ? undefined : p?.candidates.find((x) => x.node === n.name);
      rows.push({
        node: n.name,
        lower,
        ...(c ? { candidate: { victims: c.victims, pdbViolations: c.pdbViolations } } : {}),
        chosen: help === "full" && p?.chosen === n.name,
      });
    }
    return rows;
  };

  const update: PreemptSection["update"] = (view, pod, p, help) => {
    const show = Boolean(pod && (p || pod.nominatedNode));
    element.hidden = !show;
    if (!pod || !show) {
      shownPod = "";
      return;
    }
    if (pod.key !== shownPod) {
      shownPod = pod.key;
      ticked = new Map();
      shownDefaults = "";
      verdict.replaceChildren();
    }
    const rows = rowsOf(view, pod, p, help);
    // at full help, DefaultPreemption's victims start ticked (once per dry run)
    const defaults = help === "full" ? JSON.stringify(p?.candidates ?? []) : "";
    if (defaults !== shownDefaults) {
      shownDefaults = defaults;
      if (help === "full") for (const c of p?.candidates ?? []) ticked.set(c.node, new Set(c.victims));
    }
    const parts = [t("preempt.priority", { priority: pod.priority })];
    if (pod.nominatedNode) parts.push(t("preempt.nominated", { node: pod.nominatedNode }));
    if (p?.notEligible) parts.push(t("preempt.notEligible", { reason: p.notEligible }));
    else if (p && p.candidates.length === 0 && help !== "none")
      parts.push(t("preempt.noCandidates", { message: p.message }));
    else if (rows.length === 0) parts.push(t("preempt.noLower"));
    else parts.push(t("preempt.howTo"));
    setText(summary, parts.join(" · "));
    reconcile(
      nodes,
      rows,
      (r) => r.node,
      (r) => {
        const button = h("button", { type: "button", class: "small danger" });
        button.addEventListener("click", async () => {
          const chosen = [...(ticked.get(r.node) ?? [])];
          const ok = await preempt(pod, r.node, chosen.length > 0 ? chosen : undefined);
          if (ok) setText(verdict, t("scheduler.waitingJudgement"));
        });
        return h(
          "li",
          { class: "preempt-node", "data-node": r.node },
          h("p", { class: "preempt-head" }),
          h("ul", { class: "preempt-victims" }),
          button,
        );
      },
      (li, r) => {
        li.classList.toggle("candidate", Boolean(r.candidate));
        li.classList.toggle("chosen", r.chosen);
        const marks: string[] = [];
        if (r.chosen) marks.push(`★ ${t("preempt.chosen")}`);
        else if (r.candidate) marks.push(`✓ ${t("preempt.candidate")}`);
        else if (help !== "none" && p && !p.notEligible) marks.push(`✕ ${t("preempt.notHelpful")}`);
        if (r.candidate?.pdbViolations) marks.push(t("preempt.pdb", { n: r.candidate.pdbViolations }));
        setText(
          li.querySelector(".preempt-head") as HTMLElement,
          `${r.node}${marks.length ? ` · ${marks.join(" · ")}` : ""}`,
        );
        setText(li.querySelector("button") as HTMLElement, t("preempt.button", { node: r.node }));
        (li.querySelector("button") as HTMLButtonElement).disabled = Boolean(p?.notEligible);
        reconcile(
          li.querySelector(".preempt-victims") as HTMLElement,
          r.lower,
          (v) => v.key,
          (v) => {
            const box = h("input", { type: "checkbox", "data-victim": v.key });
            label(box, "preempt.victim", { pod: v.name });
            box.addEventListener("change", () => {
              const set = ticked.get(r.node) ?? new Set<string>();
              if (box.checked) set.add(v.key);
              else set.delete(v.key);
              ticked.set(r.node, set);
            });
            return h("li", null, h("label", null, box, " ", h("span")));
          },
          (vli, v) => {
            const box = vli.querySelector("input") as HTMLInputElement;
            box.checked = ticked.get(r.node)?.has(v.key) ?? false;
            setText(
              vli.querySelector("span") as HTMLElement,
              `${v.namespace === "default" ? v.name : v.key} · ${t("preempt.victimPriority", { priority: v.priority })} · ${requestText(v.cpu, v.memory)}`,
            );
          },
        );
      },
    );
  };

  return {
    element,
    update,
    judged(j) {
      verdict.replaceChildren(
        h(
          "div",
          { class: `verdict ${j.value >= 100 ? "good" : j.value > 0 ? "fair" : "bad"}` },
          h("strong", { class: "verdict-value" }, `${j.value}/100`),
          k8s(j.detail, "p", "muted"),
        ),
      );
    },
  };
}
