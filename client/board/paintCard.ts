import type { SeatView, TrafficView } from "../../shared/protocol/state.ts";
import type { ClusterView } from "../state/view.ts";
import type { BoardModel } from "./BoardModel.ts";
import { nodeSignature } from "./BoardModel.ts";
import type { CanvasCard } from "./CanvasCard.ts";
import { drawClients, drawControlPlane, drawUser, mastersOf } from "./drawControlPlane.ts";
import { drawNodeCard, proxyIsStale } from "./drawNode.ts";
import { autoscalerLines, drawAutoscaler, drawBootingCard, nodeBadge } from "./drawScaling.ts";
import { drawRegistries, drawTray } from "./drawTray.ts";
import { type BoardGuidance, verdictSignature } from "./guidance.ts";
import type { BoardLayout, Rect } from "./layout.ts";

/**
 * Redraws one card of the board when what it shows has changed: each card's content is summed up in a
 * signature, and an unchanged signature (same data, zoom tier and resolution) skips the drawing.
 */
export type CardId = "user" | "cp" | "tray" | "clients" | "autoscaler" | "registries" | `node:${string}`;

export interface PaintContext {
  view: ClusterView;
  now: number;
  mine: string;
  compact: boolean;
  canPlace: boolean;
  layout: BoardLayout;
  model: BoardModel;
  dropNode: string;
  selectedPod: string;
  /** The filters' verdicts for the pod being placed, when the scheduler selects or drags one. */
  guidance: BoardGuidance | undefined;
  driverLabel: (seat: SeatView | undefined) => string;
}

export function paintCard(id: CardId, card: CanvasCard, p: PaintContext): void {
  const { view, now, mine, model } = p;
  const lod = p.compact ? "c" : "d";
  if (id.startsWith("node:")) {
    const name = id.slice(5);
    const entry = model.nodes.get(name);
    if (!entry) {
      // a machine still booting: where its Node will be
      const booting = view.autoscaling?.pendingNodes.get(name);
      if (!booting) return;
      const sig = `${lod}${card.scale}|booting|${booting.joinAt}|${Math.floor((booting.joinAt - now) / 1000)}`;
      if (sig === card.signature) return;
      card.signature = sig;
      card.draw((ctx) => drawBootingCard(ctx, booting, now, lod === "c"));
      return;
    }
    const proxy = view.proxies?.get(name);
    const isMine = mine === `kubelet:${name}` || mine === `kube-proxy:${name}`;
    const g = p.guidance;
    const verdict = g?.nodes.get(name);
    const level = g?.level ?? "none";
    const badge = nodeBadge(entry.node, view.autoscaling, now);
    const sig = `${lod}${card.scale}|${isMine}|${p.dropNode === name}|${proxy ? proxyIsStale(proxy) : ""}|${verdictSignature(verdict, level)}|${badge?.text}|${nodeSignature(entry, now, "")}`;
    if (sig === card.signature) return;
    card.signature = sig;
    card.draw((ctx) =>
      drawNodeCard(ctx, {
        node: entry.node,
        pods: entry.pods,
        now,
        compact: lod === "c",
        mine: isMine,
        dropTarget: p.dropNode === name,
        proxy,
        pulling: entry.pulling,
        verdict,
        level,
        badge,
      }),
    );
    return;
  }
  const l = p.layout;
  switch (id) {
    case "cp": {
      const masters = mastersOf(view.controlPlane);
      const sched = view.seats.get("scheduler");
      const cm = view.seats.get("controller-manager");
      const sig = `${card.scale}|${JSON.stringify(masters)}|${view.controlPlane?.quorum}|${view.controlPlane?.writable}|${p.driverLabel(sched)}|${p.driverLabel(cm)}|${mine}`;
      if (sig === card.signature) return;
      card.signature = sig;
      const k = l.leftScale;
      const rects = l.masters.map((r) => ({
        x: (r.x - l.controlPlane.x) / k,
        y: (r.y - l.controlPlane.y) / k,
        w: r.w / k,
        h: r.h / k,
      }));
      card.draw(
        (ctx) =>
          drawControlPlane(ctx, {
            cp: view.controlPlane,
            masters,
            rects,
            width: card.width / k,
            height: card.height / k,
            schedulerSeat: sched,
            cmSeat: cm,
            mine,
            driverLabel: (s) => p.driverLabel(s),
          }),
        k,
      );
      return;
    }
    case "user": {
      const label = p.driverLabel(view.seats.get("user"));
      const sig = `${card.scale}|${label}|${mine === "user"}`;
      if (sig === card.signature) return;
      card.signature = sig;
      const k = l.leftScale;
      card.draw((ctx) => drawUser(ctx, card.width / k, card.height / k, label, mine === "user"), k);
      return;
    }
    case "tray": {
      const pods = model.pending;
      const canDrag = p.canPlace;
      const sig = `${card.scale}|${canDrag}|${p.selectedPod}|${pods.map((p) => `${p.key}${p.message.length}${p.nominatedNode}`).join(",")}`;
      if (sig === card.signature) return;
      card.signature = sig;
      const k = l.leftScale;
      card.draw((ctx) => drawTray(ctx, card.width / k, card.height / k, pods, p.selectedPod, canDrag), k);
      return;
    }
    case "autoscaler": {
      const lines = autoscalerLines(view, now);
      const label = p.driverLabel(view.seats.get("autoscaler"));
      const mineHere = mine === "autoscaler";
      const sig = `${card.scale}|${label}|${mineHere}|${lines.map((x) => `${x.tone}${x.text}`).join("\n")}`;
      if (sig === card.signature) return;
      card.signature = sig;
      const k = l.leftScale;
      card.draw((ctx) => drawAutoscaler(ctx, card.width / k, card.height / k, lines, label, mineHere), k);
      return;
    }
    case "clients": {
      const traffic: TrafficView[] = [];
      view.traffic?.forEach((tr) => {
        traffic.push(tr);
      });
      const sig = `${card.scale}|${traffic.map((x) => `${x.key}${Math.round(x.rps)}${x.successRate.toFixed(3)}${Math.round(x.meanLatencyMs)}`).join(",")}`;
      if (sig === card.signature) return;
      card.signature = sig;
      const k = l.leftScale;
      card.draw((ctx) => drawClients(ctx, card.width / k, card.height / k, traffic), k);
      return;
    }
    case "registries": {
      const pulls: Record<string, number> = {};
      for (const p of model.pulls) pulls[p.registry] = (pulls[p.registry] ?? 0) + 1;
      const regs = model.registries;
      const sig = `${card.scale}|${JSON.stringify(regs)}|${JSON.stringify(pulls)}|${JSON.stringify(model.providers)}|${Math.floor(now / 1000)}`;
      if (sig === card.signature) return;
      card.signature = sig;
      const k = l.leftScale;
      const rects = regs.map((r) => {
        const rect = l.registry.get(r.name) as Rect;
        return {
          x: (rect.x - l.registries.x) / k,
          y: (rect.y - l.registries.y) / k,
          w: rect.w / k,
          h: rect.h / k,
        };
      });
      card.draw(
        (ctx) =>
          drawRegistries(ctx, card.width / k, card.height / k, {
            registries: regs,
            rects,
            now,
            providers: model.providers,
            pulls,
          }),
        k,
      );
      return;
    }
  }
}
