import type { ProxyRuleView, ServiceView } from "../../shared/protocol/state.ts";
import { h, note, reconcile, setText, tr } from "../dom/h.ts";
import { toast } from "../dom/shell.ts";
import { t } from "../i18n/i18n.ts";
import { ageText } from "../state/clock.ts";
import { byName, nodeOfSeat } from "../state/view.ts";
import type { GameContext, Panel } from "./context.ts";

/**
 * kube-proxy of one node: each Service's ready endpoints against the rules programmed on this node.
 * Rules written from an older Endpoints are stale: requests this node sends to a pod that is gone
 * fail until the rules are synced again.
 */
export function kubeProxyPanel(ctx: GameContext): Panel {
  const node = () => nodeOfSeat(ctx.seat());
  const summary = h("p", { class: "proxy-summary", id: "proxy-summary" });
  const syncAll = h("button", { type: "button", class: "primary", id: "sync-all" }, "SyncProxyRules");
  const services = h("div", { class: "services", id: "proxy-services" });
  const noServices = note("proxy.noServices");
  const element = h(
    "section",
    { class: "panel role-proxy", "aria-labelledby": "proxy-heading" },
    h("h2", { id: "proxy-heading" }),
    tr("proxy.intro", undefined, "p"),
    summary,
    syncAll,
    services,
    noServices,
  );
  syncAll.addEventListener("click", async () => {
    const reply = await ctx.command({ type: "SyncProxyRules", node: node() });
    if (reply.ok) toast(t("proxy.synced"), "success", 2000);
  });

  const update = () => {
    const view = ctx.view();
    const name = node();
    setText(element.querySelector("h2") as HTMLElement, `kube-proxy · ${name}`);
    const proxy = view.proxies?.get(name);
    const now = ctx.clock.now();
    setText(
      summary,
      proxy
        ? t("proxy.summary", {
            mode: proxy.mode,
            ago: proxy.lastSyncAt ? ageText(now - proxy.lastSyncAt) : "–",
          })
        : t("proxy.noView"),
    );
    const list: ServiceView[] = [];
    view.services.forEach((s) => {
      list.push(s);
    });
    list.sort((a, b) => byName(a.key, b.key));
    reconcile(
      services,
      list,
      (s) => s.key,
      (s) => {
        const sync = h("button", { type: "button", class: "small" }, "SyncProxyRules");
        sync.setAttribute("aria-label", `SyncProxyRules ${s.name}`);
        sync.addEventListener(
          "click",
          () =>
            void ctx.command({
              type: "SyncProxyRules",
              node: node(),
              service: s.name,
              namespace: s.namespace,
            }),
        );
        return h(
          "article",
          { class: "svc" },
          h("h4"),
          h("p", { class: "svc-rules" }),
          h("p", { class: "svc-traffic" }),
          sync,
        );
      },
      (el, s) => {
        const rule: ProxyRuleView | undefined = proxy?.rules.get(s.key);
        const backends: string[] = [];
        rule?.backends.forEach((b) => {
          backends.push(b);
        });
        const traffic = view.traffic?.get(s.key);
        el.className = `svc ${rule?.stale ? "stale" : "fresh"}`;
        setText(
          el.querySelector("h4") as HTMLElement,
          `Service ${s.name} (${s.type} ${s.clusterIP}) · ${t("proxy.endpoints", { n: s.endpoints })}`,
        );
        setText(
          el.querySelector(".svc-rules") as HTMLElement,
          rule
            ? `${rule.stale ? `⚠ ${t("proxy.stale")} ` : `✓ ${t("proxy.fresh")} `}${t("proxy.rules", { n: backends.length })}: ${backends.join(", ") || "–"}`
            : t("proxy.noRules"),
        );
        setText(
          el.querySelector(".svc-traffic") as HTMLElement,
          traffic
            ? t("proxy.traffic", {
                rps: Math.round(traffic.rps),
                rate: (traffic.successRate * 100).toFixed(1),
                failures: traffic.failures,
                latency: Math.round(traffic.meanLatencyMs),
              })
            : "",
        );
      },
    );
    noServices.hidden = list.length > 0;
  };
  return { element, update };
}
