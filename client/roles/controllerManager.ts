import type { PodView, WorkloadView } from "../../shared/protocol/state.ts";
import { LEASE_GRACE_MS, leaseAge } from "../board/drawNode.ts";
import { h, label, note, reconcile, setText, tr } from "../dom/h.ts";
import { t } from "../i18n/i18n.ts";
import { byName, nodeStatus, sortedNodes } from "../state/view.ts";
import type { GameContext, Panel } from "./context.ts";
import { otherControllers } from "./otherControllers.ts";

/**
 * The controller manager: the ReplicaSet controller (desired replicas against the pods that match,
 * create or delete the difference), the Deployment controller (a ReplicaSet for the current template,
 * which ReplicaSet to scale) and the node lifecycle controller (nodes whose Lease stopped, and the pods
 * waiting out their 300 s toleration of the unreachable taint before eviction).
 */
interface Row {
  workload: WorkloadView;
  pods: PodView[];
  /** ReplicaSets: whether it runs its Deployment's current template (false without a Deployment). */
  current: boolean;
}

export function controllerManagerPanel(ctx: GameContext): Panel {
  const workloads = h("div", { class: "workloads", id: "workloads" });
  const nodes = h("div", { class: "lifecycle", id: "lifecycle" });
  const noWorkloads = note("cm.noWorkloads");
  const others = otherControllers();
  const element = h(
    "section",
    { class: "panel role-cm", "aria-labelledby": "cm-heading" },
    h("h2", { id: "cm-heading" }, "kube-controller-manager"),
    tr("cm.intro", undefined, "p"),
    h("h3", null, "ReplicaSet / Deployment"),
    workloads,
    noWorkloads,
    others.element,
    h("h3", null, tr("cm.nodeLifecycle")),
    tr("cm.lifecycleIntro", undefined, "p"),
    nodes,
  );

  const update = () => {
    const view = ctx.view();
    const owned = new Map<string, PodView[]>();
    view.pods.forEach((p) => {
      if (!p.owner || p.deleting) return;
      const key = `${p.owner}@${p.namespace}`;
      const list = owned.get(key) ?? [];
      list.push(p);
      owned.set(key, list);
    });
    const rows: Row[] = [];
    view.workloads.forEach((w) => {
      // the controllers a student plays; the others run on their own (listed below)
      if (w.kind !== "Deployment" && w.kind !== "ReplicaSet") return;
      rows.push({
        workload: w,
        pods: w.kind === "ReplicaSet" ? (owned.get(`ReplicaSet/${w.name}@${w.namespace}`) ?? []) : [],
        current: false,
      });
    });
    // a Deployment's current pods are its ReplicaSets' pods
    for (const row of rows) {
      if (row.workload.kind !== "Deployment") continue;
      const children = rows.filter(
        (r) =>
          r.workload.kind === "ReplicaSet" &&
          r.workload.owner === `Deployment/${row.workload.name}` &&
          r.workload.namespace === row.workload.namespace,
      );
      row.pods = children.flatMap((r) => r.pods);
      for (const child of children) child.current = child.workload.name === row.workload.currentReplicaSet;
    }
    rows.sort(
      (a, b) =>
        byName(deploymentOf(a.workload), deploymentOf(b.workload)) ||
        Number(a.workload.kind === "ReplicaSet") - Number(b.workload.kind === "ReplicaSet") ||
        byName(a.workload.name, b.workload.name),
    );
    reconcile(
      workloads,
      rows,
      (r) => r.workload.key,
      (r) => createRow(r, ctx),
      (el, r) => fillRow(el, r),
    );
    noWorkloads.hidden = rows.length > 0;
    others.update(view, ctx.clock.now());

    const now = ctx.clock.now();
    const list = sortedNodes(view);
    reconcile(
      nodes,
      list,
      (n) => n.name,
      () => h("div", { class: "lc-node" }, h("p", { class: "lc-text" }), h("ul", { class: "lc-pods" })),
      (el, n) => {
        const age = leaseAge(n, now);
        const stale = age !== undefined && age > LEASE_GRACE_MS;
        el.className = `lc-node ${n.ready === "Ready" && !stale ? "ok" : "bad"}`;
        const taints: string[] = [];
        n.taints.forEach((x) => {
          taints.push(x);
        });
        setText(
          el.firstElementChild as HTMLElement,
          `${n.name}: ${nodeStatus(n)}${n.ready === "Unknown" ? " (Ready=Unknown)" : ""} · ${t("cm.leaseAge", { age: age === undefined ? "–" : Math.floor(age / 1000) })}${taints.length ? ` · ${taints.join(", ")}` : ""}${stale && n.ready === "Ready" ? ` · ${t("cm.staleLease")}` : ""}`,
        );
        const podsHere: PodView[] = [];
        if (n.ready !== "Ready") {
          view.pods.forEach((p) => {
            if (p.node === n.name && !p.deleting) podsHere.push(p);
          });
        }
        reconcile(
          el.lastElementChild as HTMLElement,
          podsHere,
          (p) => p.key,
          (p) => {
            const evict = h("button", { type: "button", class: "small danger", translate: "no" }, "Evict");
            evict.addEventListener(
              "click",
              () => void ctx.command({ type: "Evict", pod: p.name, namespace: p.namespace }),
            );
            return h("li", null, h("span"), " ", evict);
          },
          (li, p) => {
            setText(li.firstElementChild as HTMLElement, `${p.name} (${p.status})`);
            li.querySelector("button")?.setAttribute("aria-label", `Evict ${p.name}`);
          },
        );
      },
    );
  };
  return { element, update };
}

function deploymentOf(w: WorkloadView): string {
  return w.kind === "Deployment" ? w.name : w.owner.replace(/^Deployment\//, "") || w.name;
}

function createRow(r: Row, ctx: GameContext): HTMLElement {
  const w = r.workload;
  const text = h("p", { class: "wl-text" });
  const el = h("article", { class: `wl wl-${w.kind.toLowerCase()}` }, text);
  el.append(h("p", { class: "wl-images" }));
  if (w.kind === "Deployment") {
    // the Deployment controller's first step for a new template: its ReplicaSet, at 0 replicas
    const create = h(
      "button",
      { type: "button", class: "small primary", translate: "no" },
      "CreateReplicaSet",
    );
    create.setAttribute("aria-label", `CreateReplicaSet ${w.name}`);
    create.addEventListener(
      "click",
      () => void ctx.command({ type: "CreateReplicaSet", deployment: w.name, namespace: w.namespace }),
    );
    el.append(h("p", { class: "wl-template" }), h("div", { class: "wl-actions", hidden: true }, create));
  }
  if (w.kind === "ReplicaSet") {
    const create = h("button", { type: "button", class: "small", translate: "no" }, "CreateReplica");
    const remove = h("button", { type: "button", class: "small", translate: "no" }, "DeleteReplica");
    const input = h("input", {
      type: "number",
      min: "0",
      max: "1000",
      class: "small-number",
      value: String(w.replicas),
    });
    const scale = h("button", { type: "button", class: "small", translate: "no" }, "ScaleReplicaSet");
    label(input, "cm.replicasOf", { name: w.name });
    create.setAttribute("aria-label", `CreateReplica ${w.name}`);
    remove.setAttribute("aria-label", `DeleteReplica ${w.name}`);
    create.addEventListener(
      "click",
      () => void ctx.command({ type: "CreateReplica", replicaSet: w.name, namespace: w.namespace }),
    );
    remove.addEventListener("click", () => {
      // delete the newest pod, as the ReplicaSet controller prefers pods not yet ready / most recent
      const pods = ctx.view().pods;
      const mine: PodView[] = [];
      pods.forEach((p) => {
        if (p.owner === `ReplicaSet/${w.name}` && p.namespace === w.namespace && !p.deleting) mine.push(p);
      });
      mine.sort(
        (a, b) =>
          Number(a.readyContainers === a.totalContainers) - Number(b.readyContainers === b.totalContainers) ||
          b.created - a.created,
      );
      const victim = mine[0];
      if (victim) void ctx.command({ type: "DeleteReplica", pod: victim.name, namespace: victim.namespace });
    });
    scale.addEventListener(
      "click",
      () =>
        void ctx.command({
          type: "ScaleReplicaSet",
          replicaSet: w.name,
          namespace: w.namespace,
          replicas: Number(input.value),
        }),
    );
    el.append(h("div", { class: "wl-actions" }, create, remove, input, scale));
  }
  return el;
}

function fillRow(el: HTMLElement, r: Row): void {
  const w = r.workload;
  const current = r.pods.length;
  const diff = w.replicas - current;
  const state =
    w.kind === "ReplicaSet"
      ? diff === 0
        ? t("cm.inSync")
        : diff > 0
          ? t("cm.needMore", { n: diff })
          : t("cm.needFewer", { n: -diff })
      : "";
  const template =
    w.kind === "ReplicaSet" && w.owner.startsWith("Deployment/")
      ? ` (${t(r.current ? "cm.currentTemplate" : "cm.oldTemplate")})`
      : "";
  const text = `${w.kind} ${w.name}${template}: ${t("cm.desired")} ${w.replicas} · ${t("cm.current")} ${current} · ready ${w.readyReplicas} · available ${w.availableReplicas}${w.kind === "Deployment" ? ` · up-to-date ${w.updatedReplicas}` : ""}${state ? ` — ${state}` : ""}`;
  setText(el.firstElementChild as HTMLElement, text);
  const images: string[] = [];
  w.containers?.forEach((c) => {
    images.push(`${c.name}=${c.image}`);
  });
  setText(
    el.querySelector(".wl-images") as HTMLElement,
    t("cm.containers", { list: images.join(", ") || "–" }),
  );
  el.classList.toggle("diverged", w.kind === "ReplicaSet" && diff !== 0);
  if (w.kind === "Deployment") {
    const missing = !w.currentReplicaSet;
    setText(
      el.querySelector(".wl-template") as HTMLElement,
      missing ? t("cm.noReplicaSet") : t("cm.currentReplicaSet", { name: w.currentReplicaSet }),
    );
    (el.querySelector(".wl-actions") as HTMLElement).hidden = !missing;
    el.classList.toggle("diverged", missing);
  }
}
