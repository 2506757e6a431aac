import type { AutoscalingView, NodeView, PendingNodeView, PodView } from "../../shared/protocol/state.ts";
import { clockText } from "../../shared/time/format.ts";
import { t } from "../i18n/i18n.ts";
import type { ClusterView } from "../state/view.ts";
import { box, type Ctx, dashedBox, font, MIN_TEXT, text } from "./canvas.ts";
import { AUTOSCALER_LINES, NODE_H, NODE_W } from "./layout.ts";
import { machineText } from "./nodeText.ts";
import { COLORS, TONE_COLOR, TONE_TINT, type Tone } from "./theme.ts";

/**
 * What the board shows of scaling: the autoscalers' card (each HPA's CPU against its target and its
 * replicas, each node group's size, a node upgrade under way), a badge on a Node card (a spot reclaim's
 * countdown, the upgrade's phase, a cluster autoscaler scale-down, spot capacity), the machines still
 * booting as dashed cards in the grid, and a pod's controller kind on its chip.
 */
export interface ScalingLine {
  text: string;
  tone: Tone | "plain";
}

/** The card's lines; none when the cluster has nothing to autoscale and no upgrade. */
export function autoscalerLines(view: ClusterView, now: number): ScalingLine[] {
  const lines: ScalingLine[] = [];
  const hpas: ScalingLine[] = [];
  view.horizontalPodAutoscalers?.forEach((hpa) => {
    const replicas =
      hpa.desiredReplicas !== hpa.currentReplicas && hpa.currentUtilization >= 0
        ? `${hpa.currentReplicas}→${hpa.desiredReplicas}`
        : String(hpa.currentReplicas);
    const cpu = hpa.currentUtilization >= 0 ? `${hpa.currentUtilization}%` : "?";
    const over = hpa.currentUtilization > hpa.targetUtilization * 1.1;
    hpas.push({
      text: t("board.hpaLine", { name: hpa.name, cpu, target: `${hpa.targetUtilization}%`, replicas }),
      tone: over ? "warn" : "plain",
    });
  });
  hpas.sort((a, b) => a.text.localeCompare(b.text));
  lines.push(...hpas);
  const a = view.autoscaling;
  const groups: ScalingLine[] = [];
  a?.nodeGroups.forEach((g) => {
    groups.push({
      text: t("board.groupLine", {
        name: g.name,
        type: `${g.instanceType}${g.spot ? " spot" : ""}`,
        nodes: g.nodes,
        min: g.min,
        max: g.max,
      }),
      tone: "plain",
    });
    if (g.upcoming > 0) {
      let first = Number.POSITIVE_INFINITY;
      a.pendingNodes.forEach((p) => {
        if (p.nodeGroup === g.name) first = Math.min(first, p.joinAt);
      });
      groups.push({
        text: `  ${t("board.groupBooting", { n: g.upcoming, time: clockText(first - now) })}`,
        tone: "busy",
      });
    }
  });
  lines.push(...groups);
  const u = a?.upgrade;
  if (u?.version && (u.node || u.queued > 0)) {
    lines.push({
      text: t("board.upgradeLine", {
        version: u.version,
        node: u.node || "–",
        phase: u.phase === "upgrading" ? t("board.phaseUpgrading") : t("board.phaseDraining"),
        left: u.queued,
      }),
      tone: "warn",
    });
  } else if (u?.version) {
    lines.push({ text: t("board.upgradeDone", { version: u.version, n: u.done }), tone: "ok" });
  }
  return lines;
}

/**
 * Whether the board has the autoscalers' card: something to autoscale (an upgrade alone shows on its
 * Node's badge, and a card appearing mid-class would move the board).
 */
export function hasAutoscaler(view: ClusterView): boolean {
  return (view.horizontalPodAutoscalers?.size ?? 0) > 0 || (view.autoscaling?.nodeGroups.size ?? 0) > 0;
}

export function drawAutoscaler(
  ctx: Ctx,
  w: number,
  h: number,
  lines: ScalingLine[],
  driver: string,
  mine: boolean,
): void {
  ctx.clearRect(0, 0, w, h);
  box(ctx, 1, 1, w - 2, h - 2, 12, COLORS.card, mine ? COLORS.k8s : COLORS.cardBorder, mine ? 3 : 1.5);
  const titleW = text(ctx, "cluster-autoscaler · HPA", 14, 20, {
    size: 16,
    weight: 700,
    max: w * 0.7,
    k8s: true,
  });
  if (driver)
    text(ctx, driver, w - 14, 20, {
      color: COLORS.k8sDark,
      weight: 600,
      align: "right",
      max: w - titleW - 40,
    });
  const shown = lines.length > AUTOSCALER_LINES ? AUTOSCALER_LINES - 1 : lines.length;
  lines.slice(0, shown).forEach((line, i) => {
    text(ctx, line.text, 14, 48 + i * 22, {
      color: line.tone === "plain" ? COLORS.ink : TONE_COLOR[line.tone],
      weight: line.tone === "plain" ? 400 : 600,
      max: w - 28,
    });
  });
  if (shown < lines.length)
    text(ctx, t("board.more", { n: lines.length - shown }), 14, 48 + shown * 22, {
      color: COLORS.muted,
      weight: 600,
    });
}

/** A Node's scaling badge: what is happening to it beyond Kubernetes' own status. */
export interface NodeBadge {
  text: string;
  tone: Tone;
  /** Kubernetes' (or the cloud's) own word, the same in every language. */
  k8s?: boolean;
}

export function nodeBadge(
  node: NodeView,
  a: AutoscalingView | undefined,
  now: number,
): NodeBadge | undefined {
  const reclaim = a?.spotReclaims.get(node.name);
  if (reclaim !== undefined)
    return { text: t("board.badgeReclaim", { time: clockText(reclaim - now) }), tone: "bad" };
  const u = a?.upgrade;
  if (u?.node === node.name) {
    return u.phase === "upgrading"
      ? { text: t("board.badgeUpgrading", { time: clockText(u.readyAt - now) }), tone: "busy" }
      : { text: t("board.badgeDraining"), tone: "warn" };
  }
  if (a?.deleting.has(node.name)) return { text: t("board.badgeScaleDown"), tone: "gone" };
  const since = a?.unneeded.get(node.name);
  if (since !== undefined)
    return { text: t("board.badgeUnneeded", { time: clockText(now - since) }), tone: "done" };
  if (node.labels.get("kubeclass.dev/capacity-type") === "spot")
    return { text: "spot", tone: "ok", k8s: true };
  return undefined;
}

/** The badge as a pill at the right end of a line; returns the width it took. */
export function drawBadge(ctx: Ctx, badge: NodeBadge, right: number, y: number): number {
  ctx.font = font(MIN_TEXT, 700);
  const w = Math.min(NODE_W * 0.62, ctx.measureText(badge.text).width + 16);
  const h = MIN_TEXT + 8;
  box(ctx, right - w, y - h / 2, w, h, h / 2, TONE_TINT[badge.tone], TONE_COLOR[badge.tone], 1.5);
  text(ctx, badge.text, right - w / 2, y, {
    weight: 700,
    color: TONE_COLOR[badge.tone],
    align: "center",
    max: w - 10,
    k8s: badge.k8s === true,
  });
  return w;
}

/** A machine still booting, where its Node will be: dashed, with its kind and when it joins. */
export function drawBootingCard(ctx: Ctx, pending: PendingNodeView, now: number, compact: boolean): void {
  const r = { w: NODE_W, h: NODE_H };
  ctx.clearRect(0, 0, r.w, r.h);
  box(ctx, 1, 1, r.w - 2, r.h - 2, 12, "rgba(255,255,255,0.6)");
  dashedBox(ctx, 2, 2, r.w - 4, r.h - 4, 12, COLORS.busy, 2.5);
  const machine = machineText({
    provider: pending.provider,
    instanceType: pending.instanceType,
    region: "",
  } as NodeView);
  if (compact) {
    text(ctx, pending.name, 20, 34, { size: 34, weight: 700, color: COLORS.muted, max: r.w - 40, k8s: true });
    text(ctx, t("board.booting", { time: clockText(pending.joinAt - now) }), 20, 84, {
      size: 24,
      weight: 700,
      color: COLORS.busy,
      max: r.w - 40,
    });
    return;
  }
  text(ctx, pending.name, 16, 22, { size: 18, weight: 700, color: COLORS.muted, max: r.w - 32, k8s: true });
  text(ctx, machine, 16, 48, { color: COLORS.muted, max: r.w - 32, k8s: true });
  if (pending.nodeGroup)
    text(ctx, `kubeclass.dev/node-group=${pending.nodeGroup}${pending.spot ? " · spot" : ""}`, 16, 72, {
      color: COLORS.muted,
      mono: true,
      max: r.w - 32,
      k8s: true,
    });
  text(ctx, t("board.booting", { time: clockText(pending.joinAt - now) }), r.w / 2, r.h / 2 + 30, {
    size: 20,
    weight: 700,
    color: COLORS.busy,
    align: "center",
    max: r.w - 32,
  });
}

/** kubectl's short name of the controller behind a pod, for the kinds that are not a ReplicaSet's. */
export function ownerTag(pod: PodView): string {
  const kind = pod.owner.slice(0, pod.owner.indexOf("/"));
  switch (kind) {
    case "DaemonSet":
      return "ds";
    case "StatefulSet":
      return "sts";
    case "Job":
      return "job";
    default:
      return "";
  }
}
