import type {
  HorizontalPodAutoscalerView,
  PodDisruptionBudgetView,
  WorkloadView,
} from "../../shared/protocol/state.ts";
import { ageText } from "../../shared/time/format.ts";
import { h, k8s, reconcile, setText, tr } from "../dom/h.ts";
import { byName, type ClusterView } from "../state/view.ts";

/**
 * The controllers of kube-controller-manager that keep running on their own while a student plays the
 * seat (the DaemonSet, StatefulSet, Job, CronJob, horizontal pod autoscaler and disruption controllers),
 * read-only: each object as kubectl's columns show it, so the student sees what they do beside their own
 * ReplicaSets.
 */
const KINDS = ["DaemonSet", "StatefulSet", "Job", "CronJob"] as const;

interface Line {
  key: string;
  kind: string;
  name: string;
  /** kubectl's columns, as "NAME value" pairs. */
  columns: string;
}

function workloadColumns(w: WorkloadView, now: number): string {
  switch (w.kind) {
    case "DaemonSet":
      return `DESIRED ${w.replicas} · READY ${w.readyReplicas} · UP-TO-DATE ${w.updatedReplicas} · AVAILABLE ${w.availableReplicas}`;
    case "StatefulSet":
      return `READY ${w.readyReplicas}/${w.replicas} · UP-TO-DATE ${w.updatedReplicas}`;
    case "Job":
      return `COMPLETIONS ${w.succeeded}/${w.replicas} · ACTIVE ${w.active}${w.failed ? ` · FAILED ${w.failed}` : ""}`;
    default:
      return `SCHEDULE ${w.schedule} · ACTIVE ${w.active} · LAST SCHEDULE ${w.lastTime ? ageText(now - w.lastTime) : "<none>"}`;
  }
}

function hpaColumns(x: HorizontalPodAutoscalerView): string {
  const cpu = x.currentUtilization >= 0 ? `${x.currentUtilization}%` : "<unknown>";
  return `REFERENCE ${x.target} · TARGETS cpu: ${cpu}/${x.targetUtilization}% · MINPODS ${x.minReplicas} · MAXPODS ${x.maxReplicas} · REPLICAS ${x.currentReplicas}`;
}

function pdbColumns(x: PodDisruptionBudgetView): string {
  return `MIN AVAILABLE ${x.minAvailable || "N/A"} · MAX UNAVAILABLE ${x.maxUnavailable || "N/A"} · ALLOWED DISRUPTIONS ${x.disruptionsAllowed}`;
}

export interface OtherControllers {
  element: HTMLElement;
  update(view: ClusterView, now: number): void;
}

export function otherControllers(): OtherControllers {
  const list = h("ul", { class: "other-controllers", id: "other-controllers" });
  const element = h(
    "section",
    { hidden: true },
    h("h3", null, tr("cm.others")),
    tr("cm.othersIntro", undefined, "p"),
    list,
  );
  return {
    element,
    update(view, now) {
      const lines: Line[] = [];
      view.workloads.forEach((w) => {
        if (!(KINDS as readonly string[]).includes(w.kind)) return;
        lines.push({ key: w.key, kind: w.kind, name: w.name, columns: workloadColumns(w, now) });
      });
      view.horizontalPodAutoscalers?.forEach((x) => {
        lines.push({
          key: `HorizontalPodAutoscaler/${x.key}`,
          kind: "HorizontalPodAutoscaler",
          name: x.name,
          columns: hpaColumns(x),
        });
      });
      view.podDisruptionBudgets?.forEach((x) => {
        lines.push({
          key: `PodDisruptionBudget/${x.key}`,
          kind: "PodDisruptionBudget",
          name: x.name,
          columns: pdbColumns(x),
        });
      });
      const order = [...KINDS, "HorizontalPodAutoscaler", "PodDisruptionBudget"];
      lines.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || byName(a.name, b.name));
      reconcile(
        list,
        lines,
        (l) => l.key,
        (l) =>
          h(
            "li",
            { class: `other-controller oc-${l.kind.toLowerCase()}`, translate: "no" },
            h("strong", null, `${l.kind} ${l.name}`),
            " ",
            k8s("", "span", "oc-columns"),
          ),
        (li, l) => setText(li.querySelector(".oc-columns") as HTMLElement, l.columns),
      );
      element.hidden = lines.length === 0;
    },
  };
}
