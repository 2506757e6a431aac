import type { Explanation, NodeExplanation } from "../../shared/sim/scheduler/scheduleone.ts";
import { h, k8s, phrase, tr } from "../dom/h.ts";
import { t } from "../i18n/i18n.ts";

/**
 * kube-scheduler's reasoning for one pod, node by node, as kube-scheduler-simulator shows it: each
 * Filter plugin's verdict (the first failure decides; later filters are skipped), then each Score
 * plugin's raw score, normalised score (0-100), weight and weighted score, and the total.
 */
export function explanationTable(ex: Explanation, chosen?: string): HTMLElement {
  const best = new Set(ex.best);
  const rows = [...ex.nodes].sort((a, b) => Number(b.feasible) - Number(a.feasible) || b.total - a.total);
  const plugins = [...new Set(rows.flatMap((n) => n.scores.map((s) => s.plugin)))];
  const table = h(
    "table",
    { class: "explain" },
    h(
      "caption",
      null,
      t("explain.caption", { pod: ex.pod }),
      ex.message ? " " : null,
      ex.message ? k8s(ex.message, "span", "explain-message") : null,
    ),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        h("th", { scope: "col" }, "Node"),
        h("th", { scope: "col" }, "Filter"),
        ...plugins.map((p) => h("th", { scope: "col", title: p, translate: "no" }, shortPlugin(p))),
        h("th", { scope: "col" }, t("explain.total")),
      ),
    ),
    h("tbody", null, ...rows.map((n) => row(n, plugins, best.has(n.node), n.node === chosen))),
  );
  return h("div", { class: "table-scroll" }, table);
}

function row(n: NodeExplanation, plugins: string[], best: boolean, chosen: boolean): HTMLElement {
  const failed = n.filters.find((f) => f.code !== "Success" && f.code !== "Skipped");
  const classes = [n.feasible ? "feasible" : "filtered", best ? "best" : "", chosen ? "chosen" : ""]
    .filter(Boolean)
    .join(" ");
  const filterCell = failed
    ? h(
        "td",
        { class: "bad", translate: "no" },
        h("strong", null, failed.plugin),
        h("br"),
        failed.reasons.join(", ") || failed.code,
      )
    : h("td", { class: "ok" }, "✓ ", t("explain.passes"));
  return h(
    "tr",
    { class: classes },
    h(
      "th",
      { scope: "row" },
      n.node,
      best ? h("span", { class: "tag tag-ok" }, t("explain.best")) : null,
      chosen ? h("span", { class: "tag tag-k8s" }, t("explain.chosen")) : null,
    ),
    filterCell,
    ...plugins.map((p) => {
      const s = n.scores.find((x) => x.plugin === p);
      if (!s) return h("td", { class: "muted" }, "–");
      return h(
        "td",
        {
          title: t("explain.scoreTitle", {
            plugin: p,
            raw: String(s.raw),
            normalized: String(s.normalized),
            weight: String(s.weight),
          }),
        },
        `${s.normalized}`,
        h("small", null, ` ×${s.weight}`),
      );
    }),
    h("td", { class: "total" }, n.feasible ? String(n.total) : "–"),
  );
}

function shortPlugin(name: string): string {
  return name
    .replace("NodeResourcesBalancedAllocation", "BalancedAllocation")
    .replace("NodeResourcesFit", "ResourcesFit")
    .replace("TaintToleration", "Taints");
}

/**
 * What the engine's judge says of a placement (its `detail`), in the page's language: rebuilt from
 * kube-scheduler's breakdown of the same moment, whose filter reasons stay as kube-scheduler words them.
 */
export function placementDetail(node: string, value: number, ex: Explanation): string | HTMLElement {
  const chosen = ex.nodes.find((n) => n.node === node);
  if (!chosen) return t("explain.noSuchNode", { node });
  if (!chosen.feasible) {
    const reasons = chosen.filters.flatMap((f) => f.reasons);
    return phrase("explain.filteredOut", { node, reasons: k8s(reasons.join(", ")) });
  }
  // totals as the engine prints them (a weighted sum may have decimals)
  const total = String(chosen.total);
  if (value >= 100) return t("explain.bestNode", { node, total });
  const bestTotal = String(Math.max(0, ...ex.nodes.filter((n) => n.feasible).map((n) => n.total)));
  return t("explain.scoredLess", { node, total, best: ex.best.join(", "), bestTotal });
}

export function placementSummary(value: number): HTMLElement {
  const key =
    value >= 100
      ? "explain.verdictBest"
      : value >= 80
        ? "explain.verdictGood"
        : value > 0
          ? "explain.verdictWeak"
          : "explain.verdictFiltered";
  return tr(key, { value }, "p");
}
