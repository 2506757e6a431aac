import type { PodView, ProxyRuleView, ServiceView, TrafficView } from "../../shared/protocol/state.ts";
import { ageText } from "../../shared/time/format.ts";
import { h, note, reconcile, setText, tr } from "../dom/h.ts";
import { toast } from "../dom/shell.ts";
import { t } from "../i18n/i18n.ts";
import { byName, nodeOfSeat } from "../state/view.ts";
import type { GameContext, Panel } from "./context.ts";

/**
 * kube-proxy of one node: each Service's ready endpoint IPs against the backend IPs programmed on this
 * node, as sets. A backend no ready endpoint has (its pod gone or not ready) is stale: requests this node
 * sends there fail until the rules are synced again; a ready endpoint the rules lack gets no traffic.
 */
export interface RuleComparison {
  /** In the rules and among the ready endpoints. */
  matching: string[];
  /** In the rules, not a ready endpoint: traffic sent there fails. */
  stale: string[];
  /** A ready endpoint the rules lack. */
  missing: string[];
}

export function compareRules(rules: readonly string[], ready: readonly string[]): RuleComparison {
  const inRules = new Set(rules);
  const isReady = new Set(ready);
  const sorted = (list: Iterable<string>) => [...new Set(list)].sort(byIp);
  return {
    matching: sorted(rules.filter((ip) => isReady.has(ip))),
    stale: sorted(rules.filter((ip) => !isReady.has(ip))),
    missing: sorted(ready.filter((ip) => !inRules.has(ip))),
  };
}

/** IPv4 addresses in numeric order (10.244.1.10 after 10.244.1.9). */
function byIp(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

function listOf(items: { forEach(callback: (value: string) => void): void } | undefined): string[] {
  const out: string[] = [];
  items?.forEach((x) => {
    out.push(x);
  });
  return out;
}
export function kubeProxyPanel(ctx: GameContext): Panel {
  const node = () => nodeOfSeat(ctx.seat());
  const summary = h("p", { class: "proxy-summary", id: "proxy-summary" });
  const syncAll = h(
    "button",
    { type: "button", class: "primary", id: "sync-all", translate: "no" },
    "SyncProxyRules",
  );
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
    if (reply.ok) toast(() => t("proxy.synced"), "success", 2000);
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
    // who holds each IP now: a stale backend's pod may be gone, or Terminating
    const podByIp = new Map<string, PodView>();
    view.pods.forEach((p) => {
      if (p.ip) podByIp.set(p.ip, p);
    });
    reconcile(
      services,
      list,
      (s) => s.key,
      (s) => {
        const sync = h("button", { type: "button", class: "small", translate: "no" }, "SyncProxyRules");
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
          { class: "svc", "data-service": s.key },
          h(
            "h4",
            null,
            h("span", { class: "svc-name", translate: "no" }),
            " · ",
            h("span", { class: "svc-count" }),
          ),
          h("p", { class: "svc-endpoints" }),
          h("p", { class: "svc-not-ready" }),
          h("p", { class: "svc-rules" }),
          h("p", { class: "svc-stale" }),
          h("p", { class: "svc-missing" }),
          h("p", { class: "svc-traffic" }),
          sync,
        );
      },
      (el, s) => fillService(el, s, proxy?.rules?.get(s.key), view.traffic?.get(s.key), podByIp),
    );
    noServices.hidden = list.length > 0;
  };
  return { element, update };
}

function fillService(
  el: HTMLElement,
  s: ServiceView,
  rule: ProxyRuleView | undefined,
  traffic: TrafficView | undefined,
  podByIp: Map<string, PodView>,
): void {
  const backends = listOf(rule?.backends).sort(byIp);
  const ready = listOf(s.addresses).sort(byIp);
  const notReady = listOf(s.notReadyAddresses).sort(byIp);
  const cmp = compareRules(backends, ready);
  // the sets decide; the server's flag also covers rules of a Service that is gone
  const stale = cmp.stale.length > 0 || cmp.missing.length > 0 || (rule?.stale ?? false);
  el.className = `svc ${stale ? "stale" : "fresh"}`;
  const pod = (ip: string) => {
    const p = podByIp.get(ip);
    return p ? `${ip} (${p.name})` : ip;
  };
  // why traffic to a stale backend fails: its pod is not ready, Terminating, or gone
  const staleBackend = (ip: string) => {
    const p = podByIp.get(ip);
    const why = notReady.includes(ip)
      ? `${p?.name ?? ""} ${t("proxy.notReady")}`.trim()
      : p
        ? `${p.name} ${p.status}`
        : t("proxy.gone");
    return `${ip} (${why})`;
  };
  const line = (selector: string, text: string, hidden = false) => {
    const target = el.querySelector(selector) as HTMLElement;
    target.hidden = hidden;
    setText(target, text);
  };
  line(".svc-name", `Service ${s.name} (${s.type} ${s.clusterIP})`);
  line(".svc-count", t("proxy.endpoints", { n: s.endpoints }));
  line(".svc-endpoints", t("proxy.endpointIps", { list: ready.map(pod).join(", ") || "–" }));
  line(
    ".svc-not-ready",
    t("proxy.notReadyIps", { list: notReady.map(pod).join(", ") }),
    notReady.length === 0,
  );
  line(
    ".svc-rules",
    rule
      ? `${stale ? `⚠ ${t("proxy.stale")} ` : `✓ ${t("proxy.fresh")} `}${t("proxy.rules", { n: backends.length })}: ${backends.join(", ") || "–"}`
      : t("proxy.noRules"),
  );
  line(
    ".svc-stale",
    t("proxy.staleBackends", { list: cmp.stale.map(staleBackend).join(", ") }),
    cmp.stale.length === 0,
  );
  line(
    ".svc-missing",
    t("proxy.missingBackends", { list: cmp.missing.map(pod).join(", ") }),
    cmp.missing.length === 0,
  );
  line(
    ".svc-traffic",
    traffic
      ? t("proxy.traffic", {
          rps: Math.round(traffic.rps),
          rate: (traffic.successRate * 100).toFixed(1),
          failures: traffic.failures,
          latency: Math.round(traffic.meanLatencyMs),
        })
      : "",
  );
}
