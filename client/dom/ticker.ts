import "../styles/game.css";
import type { EventView } from "../../shared/protocol/state.ts";
import { clockText } from "../../shared/time/format.ts";
import { t } from "../i18n/i18n.ts";
import type { ClusterView } from "../state/view.ts";
import { h, reconcile, setText } from "./h.ts";

/**
 * The latest things worth the whole room's attention, newest first: Warning events and failures,
 * placements (Scheduled, FailedScheduling), Nodes coming and going or changing readiness, and the
 * teacher's faults, which the instructor's view of the machines, registries and control plane shows
 * as they happen (a failed machine leaves no event until its Node goes NotReady 40 s later).
 * Event messages stay as Kubernetes prints them; the faults are told in the room's language.
 */
export interface TickerItem {
  id: string;
  time: number;
  tone: "normal" | "warning" | "fault";
  reason: string;
  text: string;
}

const IMPORTANT = new Set([
  "Scheduled",
  "FailedScheduling",
  "NodeReady",
  "NodeNotReady",
  "RemovingNode",
  "TaintManagerEviction",
  "LeaderElection",
  "Killing",
  "OOMKilling",
]);

export function importantEvent(e: EventView): boolean {
  return e.type === "Warning" || IMPORTANT.has(e.reason) || e.reason.startsWith("Failed");
}

/** What the instructor's view says of the world outside Kubernetes: what a fault changes. */
interface WorldSnapshot {
  machines: Map<string, { up: boolean; network: boolean }>;
  nodes: Set<string>;
  registries: Map<string, { outage: boolean; limited: string; secrets: string }>;
  masters: Map<string, { up: boolean; etcd: boolean }>;
}

function snapshot(view: ClusterView, now: number): WorldSnapshot {
  const machines = new Map<string, { up: boolean; network: boolean }>();
  const nodes = new Set<string>();
  view.nodes.forEach((n) => {
    nodes.add(n.name);
    if (n.machine) machines.set(n.name, { up: n.machine.up, network: n.machine.networkUp });
  });
  const registries = new Map<string, { outage: boolean; limited: string; secrets: string }>();
  view.registries?.forEach((r) => {
    registries.set(r.name, {
      outage: r.outageUntil > now,
      limited: r.rateLimit,
      secrets: [...r.revokedSecrets].sort().join(","),
    });
  });
  const masters = new Map<string, { up: boolean; etcd: boolean }>();
  view.controlPlane?.masters.forEach((m) => {
    masters.set(m.name, { up: m.up, etcd: m.etcdUp });
  });
  return { machines, nodes, registries, masters };
}

/** The faults and node changes between two snapshots, as ticker lines. */
export function worldChanges(before: WorldSnapshot, after: WorldSnapshot): { key: string; text: string }[] {
  const out: { key: string; text: string }[] = [];
  for (const [name, m] of after.machines) {
    const was = before.machines.get(name);
    if (!was) continue;
    if (was.up && !m.up)
      out.push({ key: "fault.machineDown", text: t("ticker.machineDown", { node: name }) });
    if (!was.up && m.up) out.push({ key: "fault.machineUp", text: t("ticker.machineUp", { node: name }) });
    if (was.network && !m.network)
      out.push({ key: "fault.partition", text: t("ticker.partition", { node: name }) });
    if (!was.network && m.network) out.push({ key: "fault.heal", text: t("ticker.heal", { node: name }) });
  }
  for (const name of after.nodes)
    if (!before.nodes.has(name)) out.push({ key: "node.added", text: t("ticker.nodeAdded", { node: name }) });
  for (const name of before.nodes)
    if (!after.nodes.has(name))
      out.push({ key: "node.removed", text: t("ticker.nodeRemoved", { node: name }) });
  for (const [name, r] of after.registries) {
    const was = before.registries.get(name);
    if (!was) continue;
    if (!was.outage && r.outage)
      out.push({ key: "fault.outage", text: t("ticker.registryOutage", { registry: name }) });
    if (r.limited && r.limited !== was.limited)
      out.push({ key: "fault.rateLimit", text: t("ticker.rateLimit", { registry: name, limit: r.limited }) });
    if (r.secrets !== was.secrets && r.secrets.length > was.secrets.length)
      out.push({ key: "fault.revoked", text: t("ticker.revoked", { registry: name }) });
  }
  for (const [name, m] of after.masters) {
    const was = before.masters.get(name);
    if (!was) continue;
    if (was.up && !m.up) out.push({ key: "fault.master", text: t("ticker.masterDown", { master: name }) });
    else if (was.etcd && !m.etcd)
      out.push({ key: "fault.etcd", text: t("ticker.etcdDown", { master: name }) });
  }
  return out;
}

export interface Ticker {
  element: HTMLElement;
  update(view: ClusterView, now: number): void;
  items(): TickerItem[];
}

/** A strip of the `shown` latest items; older ones are dropped beyond `kept`. */
export function createTicker(options: { id: string; shown: number; kept?: number }): Ticker {
  const list = h("ol", { class: "ticker-list", id: options.id, role: "log", "aria-live": "polite" });
  const element = h("section", { class: "ticker" }, list);
  const kept = options.kept ?? 30;
  let items: TickerItem[] = [];
  let lastSeq = -1;
  let world: WorldSnapshot | undefined;
  let serial = 0;
  return {
    element,
    items: () => items,
    update(view, now) {
      const start = view.session.startTime;
      const fresh: TickerItem[] = [];
      let maxSeq = lastSeq;
      view.events.forEach((e) => {
        // the Nodes' first Ready and the first leader elections are the scenario booting, not news
        const boot = (e.reason === "NodeReady" || e.reason === "LeaderElection") && e.time <= start + 1000;
        if (e.seq > lastSeq && importantEvent(e) && !boot) {
          fresh.push({
            id: `e${e.seq}`,
            time: e.time,
            tone: e.type === "Warning" ? "warning" : "normal",
            reason: e.reason,
            text: `${e.kind.toLowerCase()}/${e.name}${e.message ? `: ${e.message}` : ""}`,
          });
        }
        if (e.seq > maxSeq) maxSeq = e.seq;
      });
      lastSeq = maxSeq;
      const next = snapshot(view, now);
      if (world) {
        for (const change of worldChanges(world, next)) {
          fresh.push({ id: `w${++serial}`, time: now, tone: "fault", reason: "", text: change.text });
        }
      }
      world = next;
      if (fresh.length) {
        fresh.sort((a, b) => a.time - b.time);
        items = [...items, ...fresh].slice(-kept);
      }
      const shown = items.slice(-options.shown).reverse();
      reconcile(
        list,
        shown,
        (i) => i.id,
        (i) =>
          h(
            "li",
            { class: `ticker-item ${i.tone}` },
            h("span", { class: "ticker-time" }),
            i.reason ? h("strong", { class: "ticker-reason" }, i.reason) : "",
            h("span", { class: "ticker-text" }, i.text),
          ),
        (li, i) => {
          setText(li.querySelector(".ticker-time") as HTMLElement, clockText(i.time - start));
        },
      );
    },
  };
}
