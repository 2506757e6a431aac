import "../styles/scheduler.css";
import type { JudgementView, NodeView, PodView } from "../../shared/protocol/state.ts";
import type { Explanation } from "../../shared/sim/scheduler/scheduleone.ts";
import {
  type BoardGuidance,
  type HelpLevel,
  type NodeVerdict,
  shows,
  verdictsOf,
} from "../board/guidance.ts";
import { memoryShort, nodeSizeText, requestText } from "../board/nodeText.ts";
import { confirmDialog } from "../dom/confirm.ts";
import {
  clear,
  h,
  k8s,
  label,
  note,
  phrase,
  prefersReducedMotion,
  reconcile,
  setAttr,
  setText,
  tr,
} from "../dom/h.ts";
import { toast } from "../dom/shell.ts";
import { language, onLanguageChange, t } from "../i18n/i18n.ts";
import { cpuText } from "../state/clock.ts";
import { pendingPods, sortedNodes } from "../state/view.ts";
import type { GameContext, Panel } from "./context.ts";
import { explanationTable, placementDetail, placementSummary } from "./explainTable.ts";
import { ExplainCache, type SchedulerReads } from "./schedulerExplain.ts";
import { nodesWithImages, podCard, specOf } from "./schedulerPod.ts";
import { preemptSection } from "./schedulerPreempt.ts";

/**
 * The scheduler's seat: the queue of pending pods; for the selected pod, what kube-scheduler reads
 * of it (requests, nodeSelector, affinity, tolerations, images and where they already are) and, as the
 * teacher's help level allows, what its filters say of every Node before the move (the same verdicts
 * light and dim the board's Nodes). Place a pod by dragging it onto a Node (board or list), or with the
 * keyboard: arrows in the queue, Enter, then a Node's button (or its number key). At full help a bind
 * to a Node the filters reject asks first. After each placement: the engine's judgement and
 * kube-scheduler's per-node, per-plugin breakdown.
 */
const PREFETCH = 4;

export function schedulerPanel(ctx: GameContext): Panel {
  let selected = "";
  const queue = h("ul", { class: "queue", role: "listbox", id: "pending-queue", tabindex: "0" });
  label(queue, "scheduler.queueLabel");
  const emptyQueue = note("scheduler.empty");
  const detail = h("div", { class: "pod-detail", "aria-live": "polite", id: "pod-detail" });
  const helpNote = h("p", { class: "help-level muted", id: "help-level" });
  const nodes = h("ol", { class: "node-choices", id: "node-choices" });
  label(nodes, "scheduler.nodesLabel");
  const result = h("section", { class: "placement-result", "aria-live": "polite", id: "placement-result" });
  // DefaultPreemption's way out when no Node fits: evict lower-priority pods, nominate a Node
  const preemption = preemptSection(async (pod, node, victims) => {
    const blocked = ctx.blocked();
    if (blocked) {
      toast(blocked, "warning");
      return false;
    }
    const reply = await ctx.command({
      type: "Preempt",
      pod: pod.name,
      namespace: pod.namespace,
      node,
      ...(victims ? { victims } : {}),
    });
    if (reply.ok) toast(t("preempt.done", { pod: pod.name, node }), "success");
    return reply.ok;
  });
  const element = h(
    "section",
    { class: "panel role-scheduler", "aria-labelledby": "scheduler-heading" },
    h("h2", { id: "scheduler-heading" }, "kube-scheduler"),
    tr("scheduler.intro", undefined, "p"),
    h("h3", null, tr("scheduler.queue")),
    queue,
    emptyQueue,
    detail,
    preemption.element,
    h("h3", null, tr("scheduler.nodes")),
    helpNote,
    nodes,
    result,
  );

  // the one read this panel makes: kube-scheduler's explanation of a pending pod
  const reads: SchedulerReads = {
    explain: async (pod) => {
      const reply = await ctx.conn.ask("explain", { pod: pod.name, namespace: pod.namespace });
      return reply.ok
        ? { explanation: reply.explanation, ...(reply.preemption ? { preemption: reply.preemption } : {}) }
        : undefined;
    },
  };
  let lastDetail = "";
  const cache = new ExplainCache(reads, () => {
    lastDetail = "";
    update();
    ctx.board()?.invalidate();
  });

  const level = (): HelpLevel => ctx.view().session.helpLevel;

  const verdicts = (podKey: string): Map<string, NodeVerdict> | undefined => {
    const explanation = cache.explanation(podKey);
    return explanation ? verdictsOf(explanation) : undefined;
  };

  const select = (key: string, focus = false) => {
    selected = key;
    ctx.board()?.selectPod(key);
    update();
    if (focus) (nodes.querySelector("button:not([disabled])") as HTMLButtonElement | null)?.focus();
  };

  queue.addEventListener("keydown", (event) => {
    const items = Array.from(queue.querySelectorAll<HTMLElement>("[role=option]"));
    const index = items.findIndex((i) => i.dataset.key === selected);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next =
        items[Math.max(0, Math.min(items.length - 1, index + (event.key === "ArrowDown" ? 1 : -1)))];
      if (next?.dataset.key) select(next.dataset.key);
    } else if ((event.key === "Enter" || event.key === " ") && selected) {
      event.preventDefault();
      select(selected, true);
    }
  });

  element.addEventListener("keydown", (event) => {
    if (!selected || !/^[1-9]$/.test(event.key) || (event.target as HTMLElement).tagName === "INPUT") return;
    const node = sortedNodes(ctx.view())[Number(event.key) - 1];
    if (node) {
      event.preventDefault();
      void place(selected, node.name);
    }
  });

  let lastPlacement:
    | { pod: string; node: string; explanation?: Explanation; judgement?: JudgementView }
    | undefined;

  const renderResult = () => {
    clear(result);
    if (!lastPlacement) return;
    const { pod, node, explanation, judgement } = lastPlacement;
    result.append(
      h("h3", null, tr("scheduler.result", { pod: pod.replace(/^default\//, ""), node })),
      h(
        "p",
        { class: "placement-status" },
        tr("scheduler.nowStatus"),
        " ",
        h("strong", { id: "placement-status", translate: "no" }),
      ),
    );
    if (judgement) {
      result.append(
        h(
          "div",
          { class: `verdict ${judgement.value >= 100 ? "good" : judgement.value > 0 ? "fair" : "bad"}` },
          h("strong", { class: "verdict-value" }, `${judgement.value}/100`),
          placementSummary(judgement.value),
          h(
            "p",
            { class: "muted" },
            explanation ? placementDetail(node, judgement.value, explanation) : judgement.detail,
          ),
        ),
      );
    } else result.append(tr("scheduler.waitingJudgement", undefined, "p"));
    if (explanation) result.append(explanationTable(explanation, node));
  };

  /** At full help, a bind the filters reject is confirmed first (the kubelet would reject the pod). */
  const confirmRejected = async (pod: PodView, node: string, explanation: Explanation | undefined) => {
    if (!shows(level()).confirm || !explanation) return true;
    const v = verdictsOf(explanation).get(node);
    if (!v || v.feasible) return true;
    return confirmDialog({
      id: "confirm-bind",
      title: t("guide.confirmTitle", { pod: pod.name, node }),
      body: [
        h("p", null, t("guide.confirmBody", { node })),
        h(
          "p",
          { class: "failed-scheduling", translate: "no" },
          h("strong", null, `${v.plugin}: `),
          v.reasons.join(", "),
        ),
        h("p", null, t("guide.confirmKubelet")),
      ],
      confirm: t("guide.confirmYes", { node }),
      cancel: t("guide.confirmNo"),
    });
  };

  const place = async (podKey: string, node: string) => {
    const blocked = ctx.blocked();
    if (blocked) {
      toast(blocked, "warning");
      return;
    }
    const pod = ctx.view().pods.get(podKey);
    if (!pod) return;
    // kube-scheduler's view before the move: once bound, the pod is no longer a candidate
    let explanation = cache.fresh(podKey) ? cache.explanation(podKey) : undefined;
    if (!explanation) {
      explanation = (await reads.explain(pod))?.explanation;
    }
    if (!(await confirmRejected(pod, node, explanation))) {
      select(podKey);
      return;
    }
    const reply = await ctx.command({ type: "Bind", pod: pod.name, namespace: pod.namespace, node });
    if (!reply.ok) return;
    lastPlacement = { pod: podKey, node, ...(explanation ? { explanation } : {}) };
    toast(() => t("scheduler.placed", { pod: pod.name, node }), "success");
    selected = "";
    ctx.board()?.selectPod("");
    renderResult();
    update();
    queue.focus();
  };

  /** "No Node fits": right, a FailedScheduling like kube-scheduler's; wrong, nothing changes. */
  const sayNoNodeFits = async (podKey: string) => {
    const blocked = ctx.blocked();
    if (blocked) {
      toast(blocked, "warning");
      return;
    }
    const pod = ctx.view().pods.get(podKey);
    if (!pod) return;
    const reply = await ctx.command({ type: "NoNodeFits", pod: pod.name, namespace: pod.namespace });
    if (!reply.ok) return;
    const fitting = cache
      .explanation(podKey)
      ?.nodes.filter((n) => n.feasible)
      .map((n) => n.node);
    noFitFor = { pod: podKey, fitting };
  };
  let noFitFor: { pod: string; fitting: string[] | undefined } | undefined;

  const offJudgement = ctx.onJudgement((j) => {
    if (j.kind === "preemption") {
      preemption.judged(j);
      return;
    }
    if (j.kind === "no-fit" && noFitFor && j.subject === noFitFor.pod) {
      const right = j.value >= 100;
      const nodes = noFitFor.fitting?.length ? noFitFor.fitting.join(", ") : "";
      toast(
        () =>
          right
            ? phrase("scheduler.noFitRight", { message: k8s(j.detail) })
            : nodes
              ? t("scheduler.noFitWrong", { nodes })
              : t("scheduler.noFitWrongUnknown"),
        right ? "success" : "warning",
        8000,
      );
      noFitFor = undefined;
      return;
    }
    if (j.kind !== "placement" || !lastPlacement) return;
    if (j.subject === lastPlacement.pod || j.subject.endsWith(`/${lastPlacement.pod}`)) {
      lastPlacement.judgement = j;
      renderResult();
      // the verdict sits below the Nodes: bring it into view, unless the next Pod is already chosen
      if (!selected)
        result.scrollIntoView({ block: "nearest", behavior: prefersReducedMotion() ? "auto" : "smooth" });
    }
  });

  const nodeButton = (node: NodeView): HTMLElement => {
    const button = h("button", { type: "button", class: "node-choice" });
    button.addEventListener("click", () => {
      if (selected) void place(selected, node.name);
    });
    button.addEventListener("dragover", (e) => {
      if (e.dataTransfer?.types.includes("application/x-kubeclass-pod")) e.preventDefault();
    });
    button.addEventListener("drop", (e) => {
      const key = e.dataTransfer?.getData("application/x-kubeclass-pod");
      if (key) {
        e.preventDefault();
        void place(key, node.name);
      }
    });
    return h("li", null, button);
  };

  const update = () => {
    const view = ctx.view();
    const pending = pendingPods(view);
    if (selected && !pending.some((p) => p.key === selected)) selected = "";
    const help = level();
    // the selected pod first, then the head of the queue, so a drag finds its answer ready
    const pod = selected ? view.pods.get(selected) : undefined;
    if (help !== "none" || pod) {
      const wanted = pod ? [pod, ...pending.filter((p) => p.key !== pod.key)] : pending;
      cache.want(view, help === "none" ? wanted.slice(0, 1) : wanted.slice(0, PREFETCH));
    }
    emptyQueue.hidden = pending.length > 0;
    queue.hidden = pending.length === 0;
    reconcile(
      queue,
      pending,
      (p) => p.key,
      (p) => {
        // the pod's name and requests, as Kubernetes writes them
        const li = h("li", {
          role: "option",
          draggable: "true",
          class: "queue-item",
          id: `pq-${p.key}`,
          translate: "no",
        });
        // a click selects (the pod card shows); the keyboard's Enter moves on to the Nodes
        li.addEventListener("click", () => {
          select(p.key);
          detail.scrollIntoView({ block: "nearest" });
        });
        li.addEventListener("dragstart", (e) => {
          e.dataTransfer?.setData("application/x-kubeclass-pod", p.key);
          e.dataTransfer?.setData("text/plain", p.name);
          select(p.key);
        });
        return li;
      },
      (li, p) => {
        setAttr(li, "aria-selected", String(p.key === selected));
        li.classList.toggle("unschedulable", p.message.includes("nodes are available"));
        const facts = [requestText(p.cpu, p.memory)];
        if (p.priority !== 0) facts.push(t("scheduler.priority", { priority: p.priority }));
        if (p.nominatedNode) facts.push(`→ ${p.nominatedNode}`);
        setText(li, `${p.namespace === "default" ? p.name : p.key} · ${facts.join(" · ")}`);
      },
    );
    setAttr(queue, "aria-activedescendant", selected ? `pq-${selected}` : null);
    renderDetail(pod, pending.length > 0);
    preemption.update(view, pod, pod ? cache.preemption(pod.key) : undefined, help);
    setText(helpNote, t(`guide.level.${help}`));
    const placed = lastPlacement ? view.pods.get(lastPlacement.pod) : undefined;
    const statusEl = result.querySelector("#placement-status");
    if (statusEl)
      setText(
        statusEl,
        placed ? `${placed.status} (${placed.readyContainers}/${placed.totalContainers})` : "–",
      );
    const list = sortedNodes(view);
    const v = pod && help !== "none" ? verdicts(pod.key) : undefined;
    setAttr(nodes, "data-pod", pod?.key ?? null);
    setAttr(nodes, "data-fresh", pod ? String(cache.fresh(pod.key)) : null);
    reconcile(
      nodes,
      list.map((n, i) => ({ n, i })),
      ({ n }) => n.name,
      ({ n }) => nodeButton(n),
      (li, { n, i }) =>
        fillNodeButton(li.firstElementChild as HTMLButtonElement, n, i, pod, v?.get(n.name), help),
    );
  };

  const renderDetail = (pod: PodView | undefined, anyPending: boolean) => {
    const spec = pod ? specOf(pod) : undefined;
    const holders = spec ? nodesWithImages(spec.images, ctx.view()) : undefined;
    const signature = `${language()}|${
      pod && spec && holders
        ? `${pod.key}|${pod.message}|${JSON.stringify(spec)}|${JSON.stringify([...holders])}`
        : `none|${anyPending}`
    }`;
    if (signature === lastDetail) return;
    lastDetail = signature;
    clear(detail);
    if (pod) {
      detail.append(
        h("h3", { class: "pod-title" }, h("code", { translate: "no" }, pod.name)),
        podCard(pod, specOf(pod), holders ?? new Map()),
      );
      if (pod.message)
        detail.append(
          h(
            "p",
            { class: "failed-scheduling", translate: "no" },
            h("strong", null, "FailedScheduling: "),
            pod.message,
          ),
        );
      detail.append(tr("scheduler.pickNode", undefined, "p"));
      // kube-scheduler's other answer: every Node is ruled out
      const noFit = h(
        "button",
        { type: "button", class: "secondary", id: "no-node-fits" },
        tr("scheduler.noFit"),
      );
      noFit.addEventListener("click", () => void sayNoNodeFits(pod.key));
      detail.append(h("p", { class: "no-fit" }, noFit, " ", tr("scheduler.noFitHint", undefined, "span")));
    } else if (anyPending) detail.append(tr("scheduler.pickPod", undefined, "p"));
  };

  // the pod card and the verdict were worded once: word them again in the new language
  const offLanguage = onLanguageChange(() => {
    lastDetail = "";
    renderResult();
    update();
  });

  return {
    element,
    update,
    destroy: () => {
      offJudgement();
      offLanguage();
      cache.destroy();
    },
    place: (pod, node) => void place(pod, node),
    selectPod: (pod) => select(pod),
    guidance: (podKey): BoardGuidance | undefined => {
      const help = level();
      const v = help === "none" ? undefined : verdicts(podKey);
      return { pod: podKey, level: help, nodes: v ?? new Map() };
    },
  };
}

/** A Node as a choice for the selected pod: its size and what is free, and the filters' verdict. */
function fillNodeButton(
  button: HTMLButtonElement,
  node: NodeView,
  index: number,
  pod: PodView | undefined,
  verdict: NodeVerdict | undefined,
  help: HelpLevel,
): void {
  const freeCpu = node.cpu - node.requestedCpu;
  const freeMem = node.memory - node.requestedMemory;
  const facts: string[] = [];
  if (node.ready !== "Ready") facts.push("NotReady");
  if (node.unschedulable) facts.push("SchedulingDisabled");
  node.taints.forEach((x) => {
    facts.push(`taint ${x}`);
  });
  node.labels.forEach((v, k) => {
    if (
      !k.startsWith("kubernetes.io/") &&
      !k.startsWith("node.kubernetes.io/") &&
      !k.startsWith("topology.") &&
      !k.startsWith("beta.")
    )
      facts.push(`${k}=${v}`);
  });
  const head = `${index < 9 ? `${index + 1}. ` : ""}${node.name}`;
  const free = `${nodeSizeText(node)} · ${t("scheduler.free", { cpu: cpuText(Math.max(0, freeCpu)), memory: memoryShort(Math.max(0, freeMem)) })}`;
  const marks = shows(help);
  let verdictText = "";
  let state = "";
  if (pod && verdict) {
    if (verdict.feasible && marks.glow) {
      state = "feasible";
      verdictText = marks.score
        ? `${verdict.best ? "★" : "✓"} ${t("guide.fitsScore", { score: verdict.score })}`
        : `✓ ${t("guide.fits")}`;
    } else if (!verdict.feasible && marks.reasons) {
      state = "filtered";
      verdictText = `✕ ${verdict.plugin}: ${verdict.reasons.join(", ")}`;
    } else if (verdict.feasible) state = "unmarked";
  }
  const signature = `${head}|${free}|${facts.join()}|${verdictText}|${state}`;
  if (button.dataset.signature !== signature) {
    button.dataset.signature = signature;
    button.replaceChildren(
      h(
        "span",
        { class: "node-choice-head" },
        h("strong", { translate: "no" }, head),
        " ",
        h("span", { class: "muted" }, free),
      ),
      facts.length ? h("span", { class: "node-choice-facts", translate: "no" }, facts.join(" · ")) : "",
      // a filter's verdict in FailedScheduling's words; "fits" in the page's language
      verdictText
        ? h(
            "span",
            { class: `node-verdict ${state}`, translate: state === "filtered" ? "no" : null },
            verdictText,
          )
        : "",
    );
  }
  button.disabled = !pod;
  button.classList.toggle("feasible", state === "feasible");
  button.classList.toggle("filtered", state === "filtered");
  setAttr(button, "data-node", node.name);
  setAttr(button, "data-verdict", state || null);
  setAttr(button, "data-plugin", state === "filtered" && verdict ? verdict.plugin : null);
  setAttr(button, "data-reason", state === "filtered" && verdict ? verdict.reasons.join(", ") : null);
}
