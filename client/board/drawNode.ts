import type { NodeView, PodView, ProxyView } from "../../shared/protocol/state.ts";
import { t } from "../i18n/i18n.ts";
import { cpuText, memoryText } from "../state/clock.ts";
import { nodeStatus } from "../state/view.ts";
import { box, type Ctx, dashedBox, ellipsize, font, hatch, meter, text } from "./canvas.ts";
import { chipGrid, chipRect, NODE_H, NODE_W, nodeParts, type Rect } from "./layout.ts";
import { COLORS, PROVIDER_LABEL, podTone, TONE_COLOR, TONE_ICON, TONE_TINT, type Tone } from "./theme.ts";

/**
 * One worker node as a card: header (name, status, provider), its three components (kubelet with the
 * lease meter, kube-proxy, the container runtime), cpu/memory requested against allocatable, taints
 * and labels, and its pods with their containers. "compact" is the far-zoom version: big name and
 * status, pods as dots.
 */
export interface NodeCardInput {
  node: NodeView;
  pods: PodView[];
  now: number;
  compact: boolean;
  mine: boolean;
  dropTarget: boolean;
  proxy: ProxyView | undefined;
  /** "nginx:1.27 42%" while the node pulls (known from its machine or its Pulling events). */
  pulling: string;
}

/** Lease grace period of Kubernetes v1.31 (node-monitor-grace-period). */
export const LEASE_GRACE_MS = 40_000;
export const LEASE_RENEW_MS = 10_000;

export function leaseAge(node: NodeView, now: number): number | undefined {
  return node.leaseRenewed > 0 ? Math.max(0, now - node.leaseRenewed) : undefined;
}

export function nodeTone(node: NodeView): Tone {
  if (node.ready !== "Ready") return "bad";
  if (node.unschedulable) return "done";
  return "ok";
}

export function podIsReady(p: PodView): boolean {
  return p.totalContainers > 0 && p.readyContainers === p.totalContainers;
}

export function toneOfPod(p: PodView): Tone {
  return podTone(p.status, p.phase, podIsReady(p), p.deleting);
}

function statusText(node: NodeView): string {
  // kubectl prints NotReady for a Ready condition that is False or Unknown; say which
  return `${nodeStatus(node)}${node.ready === "Unknown" ? " (Ready=Unknown)" : ""}`;
}

export function drawNodeCard(ctx: Ctx, input: NodeCardInput): void {
  const { node } = input;
  const r: Rect = { x: 0, y: 0, w: NODE_W, h: NODE_H };
  const tone = nodeTone(node);
  const down = node.ready !== "Ready";
  ctx.clearRect(0, 0, r.w, r.h);
  box(
    ctx,
    1,
    1,
    r.w - 2,
    r.h - 2,
    12,
    COLORS.card,
    input.mine ? COLORS.k8s : down ? COLORS.bad : COLORS.cardBorder,
    input.mine || down ? 3 : 1.5,
  );
  if (node.unschedulable) dashedBox(ctx, 5, 5, r.w - 10, r.h - 10, 9, COLORS.done, 1.5);
  if (input.compact) drawCompact(ctx, input, r, tone);
  else drawDetail(ctx, input, r, tone);
  if (down) {
    ctx.globalAlpha = 0.28;
    hatch(ctx, 2, 36, r.w - 4, r.h - 38, COLORS.bad, 16);
    ctx.globalAlpha = 1;
  }
  if (input.dropTarget) box(ctx, 3, 3, r.w - 6, r.h - 6, 11, "rgba(50,108,229,0.12)", COLORS.k8s, 4);
}

function header(ctx: Ctx, input: NodeCardInput, r: Rect, tone: Tone, size: number): void {
  const { node } = input;
  const h = size === 13 ? 34 : 64;
  ctx.save();
  ctx.beginPath();
  ctx.roundRect(2, 2, r.w - 4, h, [11, 11, 0, 0]);
  ctx.fillStyle = node.ready === "Ready" ? COLORS.k8sTint : COLORS.badTint;
  ctx.fill();
  ctx.restore();
  const dot = TONE_COLOR[tone];
  ctx.beginPath();
  ctx.arc(16, h / 2 + 2, size === 13 ? 6 : 11, 0, Math.PI * 2);
  ctx.fillStyle = dot;
  ctx.fill();
  const provider = PROVIDER_LABEL[node.provider] ?? node.provider;
  if (size === 13) {
    // the provider badge sits on the name's line; the status line below has the card's whole width
    ctx.font = font(10, 600);
    const badge = ellipsize(ctx, node.instanceType ? `${provider} · ${node.instanceType}` : provider, 150);
    const bw = ctx.measureText(badge).width + 12;
    box(ctx, r.w - bw - 8, 5, bw, 16, 8, COLORS.card, COLORS.cardBorder);
    text(ctx, badge, r.w - bw / 2 - 8, 13.5, { size: 10, weight: 600, color: COLORS.muted, align: "center" });
    text(ctx, node.name, 28, 13, { size: 14, weight: 700, max: r.w - bw - 44 });
    text(ctx, statusText(node), 28, 28.5, {
      size: 10.5,
      weight: 600,
      color: node.ready === "Ready" ? COLORS.ok : COLORS.bad,
      max: r.w - 40,
    });
  } else {
    text(ctx, node.name, 34, 24, { size: 30, weight: 700, max: r.w - 44 });
    text(ctx, `${statusText(node)} · ${provider}`, 34, 52, {
      size: 18,
      weight: 600,
      color: node.ready === "Ready" ? COLORS.ok : COLORS.bad,
      max: r.w - 44,
    });
  }
}

function component(
  ctx: Ctx,
  r: Rect,
  name: string,
  tone: Tone | "plain",
  fraction?: number,
  badge?: string,
): void {
  const fill = tone === "plain" ? "#f8fafc" : TONE_TINT[tone];
  const stroke = tone === "plain" ? COLORS.cardBorder : TONE_COLOR[tone];
  box(ctx, r.x, r.y, r.w, r.h, 6, fill, stroke);
  if (fraction !== undefined) {
    // lease age: the bar empties as the lease gets older
    meter(
      ctx,
      r.x + 4,
      r.y + r.h - 5,
      r.w - 8,
      3,
      1 - fraction,
      tone === "plain" ? COLORS.k8s : TONE_COLOR[tone],
      "rgba(0,0,0,0.06)",
    );
  }
  text(
    ctx,
    badge ? `${name} ${badge}` : name,
    r.x + r.w / 2,
    r.y + r.h / 2 - (fraction !== undefined ? 1 : 0),
    {
      size: 11,
      weight: 600,
      color: COLORS.ink,
      align: "center",
      max: r.w - 6,
    },
  );
}

function drawDetail(ctx: Ctx, input: NodeCardInput, r: Rect, tone: Tone): void {
  const { node, pods } = input;
  header(ctx, input, r, tone, 13);
  const parts = nodeParts(r);
  const age = leaseAge(node, input.now);
  const leaseTone: Tone =
    age === undefined ? "warn" : age > LEASE_GRACE_MS ? "bad" : age > LEASE_RENEW_MS * 1.5 ? "warn" : "ok";
  component(
    ctx,
    parts.kubelet,
    "kubelet",
    leaseTone,
    age === undefined ? 1 : Math.min(1, age / LEASE_GRACE_MS),
  );
  const stale = input.proxy ? proxyIsStale(input.proxy) : false;
  component(ctx, parts.proxy, "kube-proxy", stale ? "warn" : "plain", undefined, stale ? "!" : undefined);
  component(ctx, parts.runtime, node.runtime || "containerd", input.pulling ? "busy" : "plain");

  const b = parts.bars;
  const cpuF = node.cpu > 0 ? node.requestedCpu / node.cpu : 0;
  const memF = node.memory > 0 ? node.requestedMemory / node.memory : 0;
  const barTone = (f: number) => (f > 0.9 ? COLORS.bad : f > 0.7 ? COLORS.warn : COLORS.k8s);
  text(ctx, "cpu", b.x, b.y + 6, { size: 10, weight: 600, color: COLORS.muted });
  meter(ctx, b.x + 30, b.y + 2, b.w - 128, 8, cpuF, barTone(cpuF));
  text(ctx, `${cpuText(node.requestedCpu)}/${cpuText(node.cpu)}`, b.x + b.w, b.y + 6, {
    size: 10,
    color: COLORS.muted,
    align: "right",
    mono: true,
  });
  text(ctx, "memory", b.x, b.y + 22, { size: 10, weight: 600, color: COLORS.muted });
  meter(ctx, b.x + 46, b.y + 18, b.w - 144, 8, memF, barTone(memF));
  text(ctx, `${memoryText(node.requestedMemory)}/${memoryText(node.memory)}`, b.x + b.w, b.y + 22, {
    size: 10,
    color: COLORS.muted,
    align: "right",
    mono: true,
  });

  const m = parts.meta;
  if (input.pulling) {
    text(ctx, `⬇ ${input.pulling}`, m.x, m.y + 8, {
      size: 10.5,
      weight: 600,
      color: COLORS.pull,
      max: m.w,
      mono: true,
    });
  } else {
    const taints = node.taints.map((x) => x).join(", ");
    if (taints) {
      text(ctx, `taint ${taints}`, m.x, m.y + 8, {
        size: 10.5,
        weight: 600,
        color: COLORS.bad,
        max: m.w,
        mono: true,
      });
    } else {
      const labels: string[] = [];
      node.labels.forEach((v, k) => {
        if (
          !k.startsWith("kubernetes.io/") &&
          !k.startsWith("node.kubernetes.io/instance-type") &&
          !k.startsWith("beta.")
        ) {
          labels.push(`${k.replace(/^topology\.kubernetes\.io\//, "")}=${v}`);
        }
      });
      text(ctx, labels.join(" ") || node.internalIP, m.x, m.y + 8, {
        size: 10.5,
        color: COLORS.muted,
        max: m.w,
        mono: true,
      });
    }
  }
  drawPods(ctx, parts.pods, pods);
}

function drawPods(ctx: Ctx, area: Rect, pods: PodView[]): void {
  if (pods.length === 0) {
    text(ctx, t("board.noPods"), area.x + area.w / 2, area.y + area.h / 2, {
      size: 11,
      color: COLORS.faint,
      align: "center",
    });
    return;
  }
  const grid = chipGrid(area, pods.length);
  const shown = pods.length > grid.capacity ? grid.capacity - 1 : pods.length;
  for (let i = 0; i < shown; i++) {
    const pod = pods[i] as PodView;
    const c = chipRect(area, grid, i);
    if (grid.mode === "full") podChip(ctx, c, pod);
    else if (grid.mode === "small") podChipSmall(ctx, c, pod);
    else podDot(ctx, c, pod);
  }
  if (shown < pods.length) {
    const c = chipRect(area, grid, shown);
    text(ctx, `+${pods.length - shown}`, c.x + c.w / 2, c.y + c.h / 2, {
      size: 10,
      weight: 700,
      color: COLORS.muted,
      align: "center",
    });
  }
}

export function podChip(ctx: Ctx, c: Rect, pod: PodView): void {
  const tone = toneOfPod(pod);
  box(ctx, c.x, c.y, c.w, c.h, 6, TONE_TINT[tone], TONE_COLOR[tone], tone === "bad" ? 2 : 1);
  if (tone === "gone") {
    ctx.globalAlpha = 0.6;
  }
  text(ctx, pod.name, c.x + 6, c.y + 10, { size: 10.5, weight: 600, max: c.w - 12 });
  const icon = TONE_ICON[tone];
  text(ctx, `${icon} ${pod.status}${pod.restarts > 0 ? ` ↻${pod.restarts}` : ""}`, c.x + 6, c.y + 23, {
    size: 9.5,
    weight: 600,
    color: TONE_COLOR[tone],
    max: c.w - 12 - pod.totalContainers * 7,
  });
  // one square per container: filled when ready
  for (let i = 0; i < pod.totalContainers && i < 4; i++) {
    const cs = pod.containers.at(i);
    const x = c.x + c.w - 8 - (pod.totalContainers - 1 - i) * 7;
    const color = cs?.ready
      ? COLORS.ok
      : cs?.state === "terminated" || cs?.reason.includes("BackOff") || cs?.reason.startsWith("Err")
        ? COLORS.bad
        : COLORS.faint;
    box(ctx, x - 2.5, c.y + 20, 5, 5, 1, cs?.ready ? color : undefined, color, 1.2);
  }
  ctx.globalAlpha = 1;
}

/** One line: the status icon, then the name, in the status colour. */
function podChipSmall(ctx: Ctx, c: Rect, pod: PodView): void {
  const tone = toneOfPod(pod);
  box(ctx, c.x, c.y, c.w, c.h, 4, TONE_TINT[tone], TONE_COLOR[tone], tone === "bad" ? 1.6 : 1);
  text(ctx, `${TONE_ICON[tone]} ${pod.name}`, c.x + 4, c.y + c.h / 2, {
    size: 9.5,
    weight: 600,
    max: c.w - 8,
    color: tone === "ok" ? COLORS.ink : TONE_COLOR[tone],
  });
}

function podDot(ctx: Ctx, c: Rect, pod: PodView): void {
  const tone = toneOfPod(pod);
  box(ctx, c.x, c.y, c.w, c.h, 4, TONE_COLOR[tone]);
  if (tone === "bad")
    text(ctx, "!", c.x + c.w / 2, c.y + c.h / 2, { size: 11, weight: 800, color: "#fff", align: "center" });
}

function drawCompact(ctx: Ctx, input: NodeCardInput, r: Rect, tone: Tone): void {
  header(ctx, input, r, tone, 30);
  const pods = input.pods;
  const area = { x: 14, y: 80, w: r.w - 28, h: r.h - 130 };
  const size = 20;
  const cols = Math.floor((area.w + 6) / (size + 6));
  const rows = Math.floor((area.h + 6) / (size + 6));
  const capacity = cols * rows;
  pods.slice(0, capacity).forEach((pod, i) => {
    const tonePod = toneOfPod(pod);
    const x = area.x + (i % cols) * (size + 6);
    const y = area.y + Math.floor(i / cols) * (size + 6);
    box(ctx, x, y, size, size, 5, TONE_COLOR[tonePod]);
    if (tonePod === "bad")
      text(ctx, "!", x + size / 2, y + size / 2, { size: 15, weight: 800, color: "#fff", align: "center" });
  });
  const bad = pods.filter((p) => toneOfPod(p) === "bad").length;
  const summary =
    bad > 0 ? t("board.podsFailing", { n: pods.length, bad }) : t("board.podsCount", { n: pods.length });
  text(ctx, summary, 16, r.h - 26, {
    size: 20,
    weight: 600,
    color: bad ? COLORS.bad : COLORS.muted,
    max: r.w - 32,
  });
}

export function proxyIsStale(proxy: ProxyView): boolean {
  let stale = false;
  proxy.rules.forEach((rule) => {
    if (rule.stale) stale = true;
  });
  return stale;
}
