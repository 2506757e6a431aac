import type { JudgementView, NodeView, PodView } from "../../shared/protocol/state.ts";
import type { Explanation } from "../../shared/sim/scheduler/scheduleone.ts";
import { clear, h, label, note, reconcile, setAttr, setText, tr } from "../dom/h.ts";
import { toast } from "../dom/shell.ts";
import { t } from "../i18n/i18n.ts";
import { cpuText, memoryText } from "../state/clock.ts";
import { pendingPods, sortedNodes } from "../state/view.ts";
import type { GameContext, Panel } from "./context.ts";
import { explanationTable, placementDetail, placementSummary } from "./explainTable.ts";

/**
 * The scheduler's seat: the queue of pending pods, and for the selected pod every node with what is
 * free on it. Place a pod by dragging it onto a node (board or list), or with the keyboard: arrows in
 * the queue, Enter, then a node's button (or its number key). After each placement: the engine's
 * judgement against the default scheduler and kube-scheduler's per-node, per-plugin breakdown.
 */
export function schedulerPanel(ctx: GameContext): Panel {
  let selected = "";
  const queue = h("ul", { class: "queue", role: "listbox", id: "pending-queue", tabindex: "0" });
  label(queue, "scheduler.queueLabel");
  const emptyQueue = note("scheduler.empty");
  const detail = h("div", { class: "pod-detail", "aria-live": "polite" });
  const nodes = h("ol", { class: "node-choices", id: "node-choices" });
  label(nodes, "scheduler.nodesLabel");
  const result = h("section", { class: "placement-result", "aria-live": "polite", id: "placement-result" });
  const element = h(
    "section",
    { class: "panel role-scheduler", "aria-labelledby": "scheduler-heading" },
    h("h2", { id: "scheduler-heading" }, "kube-scheduler"),
    tr("scheduler.intro", undefined, "p"),
    h("h3", null, tr("scheduler.queue")),
    queue,
    emptyQueue,
    detail,
    h("h3", null, tr("scheduler.nodes")),
    nodes,
    result,
  );

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
        h("strong", { id: "placement-status" }),
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

  const place = async (podKey: string, node: string) => {
    const blocked = ctx.blocked();
    if (blocked) {
      toast(blocked, "warning");
      return;
    }
    const pod = ctx.view().pods.get(podKey);
    if (!pod) return;
    // ask for kube-scheduler's view first: once bound, the pod is no longer a candidate
    const explained = await ctx.conn.ask("explain", { pod: pod.name, namespace: pod.namespace });
    const explanation = explained.ok ? explained.explanation : undefined;
    const reply = await ctx.command({ type: "Bind", pod: pod.name, namespace: pod.namespace, node });
    if (!reply.ok) return;
    lastPlacement = { pod: podKey, node, ...(explanation ? { explanation } : {}) };
    toast(t("scheduler.placed", { pod: pod.name, node }), "success");
    selected = "";
    renderResult();
    update();
    queue.focus();
  };

  const offJudgement = ctx.onJudgement((j) => {
    if (j.kind !== "placement" || !lastPlacement) return;
    if (j.subject === lastPlacement.pod || j.subject.endsWith(`/${lastPlacement.pod}`)) {
      lastPlacement.judgement = j;
      renderResult();
    }
  });

  const nodeButton = (node: NodeView, index: number, pod: PodView | undefined): HTMLElement => {
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
    const li = h("li", null, button);
    fillNodeButton(button, node, index, pod);
    return li;
  };

  const update = () => {
    const view = ctx.view();
    const pending = pendingPods(view);
    if (selected && !pending.some((p) => p.key === selected)) selected = "";
    emptyQueue.hidden = pending.length > 0;
    queue.hidden = pending.length === 0;
    reconcile(
      queue,
      pending,
      (p) => p.key,
      (p) => {
        const li = h("li", { role: "option", draggable: "true", class: "queue-item", id: `pq-${p.key}` });
        li.addEventListener("click", () => select(p.key, true));
        li.addEventListener("dragstart", (e) => {
          e.dataTransfer?.setData("application/x-kubeclass-pod", p.key);
          e.dataTransfer?.setData("text/plain", p.name);
        });
        return li;
      },
      (li, p) => {
        setAttr(li, "aria-selected", String(p.key === selected));
        li.classList.toggle("unschedulable", p.message.includes("nodes are available"));
        setText(
          li,
          `${p.namespace === "default" ? p.name : p.key} · ${cpuText(p.cpu)} cpu · ${memoryText(p.memory)}`,
        );
      },
    );
    setAttr(queue, "aria-activedescendant", selected ? `pq-${selected}` : null);
    const pod = selected ? view.pods.get(selected) : undefined;
    clear(detail);
    if (pod) {
      detail.append(
        h(
          "p",
          null,
          h("strong", null, pod.name),
          " ",
          t("scheduler.requests", { cpu: cpuText(pod.cpu), memory: memoryText(pod.memory) }),
        ),
      );
      if (pod.message)
        detail.append(
          h("p", { class: "failed-scheduling" }, h("strong", null, "FailedScheduling: "), pod.message),
        );
      detail.append(tr("scheduler.pickNode", undefined, "p"));
    } else if (pending.length) detail.append(tr("scheduler.pickPod", undefined, "p"));
    const placed = lastPlacement ? view.pods.get(lastPlacement.pod) : undefined;
    const statusEl = result.querySelector("#placement-status");
    if (statusEl)
      setText(
        statusEl,
        placed ? `${placed.status} (${placed.readyContainers}/${placed.totalContainers})` : "–",
      );
    const list = sortedNodes(view);
    reconcile(
      nodes,
      list.map((n, i) => ({ n, i })),
      ({ n }) => n.name,
      ({ n, i }) => nodeButton(n, i, pod),
      (li, { n, i }) => fillNodeButton(li.firstElementChild as HTMLButtonElement, n, i, pod),
    );
  };

  return {
    element,
    update,
    destroy: offJudgement,
    place: (pod, node) => void place(pod, node),
    selectPod: (pod) => select(pod),
  };
}

function fillNodeButton(
  button: HTMLButtonElement,
  node: NodeView,
  index: number,
  pod: PodView | undefined,
): void {
  const freeCpu = node.cpu - node.requestedCpu;
  const freeMem = node.memory - node.requestedMemory;
  const fits = pod ? pod.cpu <= freeCpu && pod.memory <= freeMem : true;
  const problems: string[] = [];
  if (node.ready !== "Ready") problems.push("NotReady");
  if (node.unschedulable) problems.push("SchedulingDisabled");
  const taints: string[] = [];
  node.taints.forEach((x) => {
    taints.push(x);
  });
  const text = `${index < 9 ? `${index + 1}. ` : ""}${node.name} — ${t("scheduler.free", { cpu: cpuText(Math.max(0, freeCpu)), memory: memoryText(Math.max(0, freeMem)) })}${problems.length ? ` · ${problems.join(", ")}` : ""}${taints.length ? ` · taint ${taints.join(", ")}` : ""}${pod && !fits ? ` · ${t("scheduler.tooBig")}` : ""}`;
  setText(button, text);
  button.disabled = !pod;
  button.classList.toggle("warn", Boolean(pod && (!fits || problems.length || taints.length)));
  setAttr(button, "data-node", node.name);
}
