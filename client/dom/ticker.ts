import "../styles/game.css";
import type { EventView } from "../../shared/protocol/state.ts";
import { clockText } from "../../shared/time/format.ts";
import { eventMessageOf } from "../../shared/view/eventTemplates.ts";
import { t } from "../i18n/i18n.ts";
import { eventMessage, isGameEvent } from "../state/eventText.ts";
import type { ClusterView } from "../state/view.ts";
import { h, reconcile, setText } from "./h.ts";

/**
 * The latest things worth the whole room's attention, newest first: Warning events and failures,
 * placements (Scheduled, FailedScheduling), Nodes coming and going or changing readiness, and the
 * teacher's faults, which the game tells as events of its own the moment they happen (a failed machine
 * would otherwise leave no event until its Node goes NotReady 40 s later). Kubernetes' event messages
 * stay as Kubernetes prints them; the game's are told in the room's language.
 */
export interface TickerItem {
  id: string;
  time: number;
  tone: "normal" | "warning" | "fault";
  /** When this page first saw it (performance.now()). */
  seenAt: number;
  reason: string;
  /** Worded when shown, so a language switch rewords the game's lines. */
  text: () => string;
  /** Kubernetes' own event (its message as Kubernetes wrote it), not one the game tells. */
  k8s: boolean;
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
  return e.type === "Warning" || IMPORTANT.has(e.reason) || e.reason.startsWith("Failed") || isGameEvent(e);
}

/** Nodes that joined or left since the previous view, as ticker lines. */
function nodeChanges(before: ReadonlySet<string>, after: ReadonlySet<string>): (() => string)[] {
  const out: (() => string)[] = [];
  for (const name of after) if (!before.has(name)) out.push(() => t("ticker.nodeAdded", { node: name }));
  for (const name of before) if (!after.has(name)) out.push(() => t("ticker.nodeRemoved", { node: name }));
  return out;
}

/** What eventMessage reads of an event, copied (the synced object may be reused). */
function pick(e: EventView): EventView {
  const { seq, type, reason, message, code, params, kind, name, namespace, component, host, time } = e;
  return { seq, type, reason, message, code, params, kind, name, namespace, component, host, time };
}

/** How long the latest fault stays in the ticker, in real time. */
const FAULT_PINNED_MS = 15_000;

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
  let nodes: Set<string> | undefined;
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
          const game = isGameEvent(e);
          const said = pick(e);
          const message = eventMessageOf(e);
          const k8sText = `${e.kind.toLowerCase()}/${e.name}${message ? `: ${message}` : ""}`;
          fresh.push({
            id: `e${e.seq}`,
            time: e.time,
            seenAt: performance.now(),
            tone: game && e.type === "Warning" ? "fault" : e.type === "Warning" ? "warning" : "normal",
            reason: e.reason,
            text: game ? () => eventMessage(said) : () => k8sText,
            k8s: !game,
          });
        }
        if (e.seq > maxSeq) maxSeq = e.seq;
      });
      lastSeq = maxSeq;
      const next = new Set<string>();
      view.nodes.forEach((n) => {
        next.add(n.name);
      });
      if (nodes) {
        for (const text of nodeChanges(nodes, next)) {
          fresh.push({
            id: `n${++serial}`,
            time: now,
            seenAt: performance.now(),
            tone: "normal",
            reason: "",
            text,
            k8s: false,
          });
        }
      }
      nodes = next;
      if (fresh.length) {
        fresh.sort((a, b) => a.time - b.time);
        items = [...items, ...fresh].slice(-kept);
      }
      const shown = items.slice(-options.shown).reverse();
      // the teacher's latest fault stays up a while, however fast the cluster chatters at 10x
      const fault = items.findLast((i) => i.tone === "fault");
      if (fault && !shown.includes(fault) && performance.now() - fault.seenAt < FAULT_PINNED_MS)
        shown[shown.length - 1] = fault;
      reconcile(
        list,
        shown,
        (i) => i.id,
        (i) =>
          h(
            "li",
            { class: `ticker-item ${i.tone}` },
            h("span", { class: "ticker-time" }),
            i.reason ? h("strong", { class: "ticker-reason", translate: "no" }, i.reason) : "",
            h("span", { class: "ticker-text", translate: i.k8s ? "no" : null }),
          ),
        (li, i) => {
          setText(li.querySelector(".ticker-time") as HTMLElement, clockText(i.time - start));
          setText(li.querySelector(".ticker-text") as HTMLElement, i.text());
        },
      );
    },
  };
}
