import type { NodeView, PodView, ProxyView } from "../../shared/protocol/state.ts";
import { t } from "../i18n/i18n.ts";
import { nodeStatus } from "../state/view.ts";
import {
  box,
  type Ctx,
  dashedBox,
  ellipsize,
  font,
  hatch,
  MIN_TEXT,
  meter,
  text,
  wrapLines,
} from "./canvas.ts";
import { drawBadge, type NodeBadge, ownerTag } from "./drawScaling.ts";
import { type HelpLevel, type NodeVerdict, shows } from "./guidance.ts";
import { chipGrid, chipRect, NODE_H, NODE_W, nodeParts, type Rect } from "./layout.ts";
import { machineText, nodeSizeText, usageText } from "./nodeText.ts";
import { COLORS, podTone, TONE_COLOR, TONE_ICON, TONE_TINT, type Tone } from "./theme.ts";

/**
 * One worker node as a card: header (name, status, the machine's size and kind), its three components
 * (kubelet with the lease meter, kube-proxy, the container runtime), cpu/memory requested against
 * allocatable, taints and labels, and its pods with their containers; while a pod is being placed,
 * the filters' verdict on top. "compact" is the far-zoom version: big name and status, pods as dots.
 * Every text is at least MIN_TEXT units.
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
  /** What the filters say of this Node for the pod being placed, shown as the help level allows. */
  verdict?: NodeVerdict | undefined;
  level: HelpLevel;
  /** A spot reclaim, an upgrade, a scale-down, spot capacity (drawScaling.ts). */
  badge?: NodeBadge | undefined;
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
  const marks = shows(input.level);
  const verdict = input.level === "none" ? undefined : input.verdict;
  const lit = verdict?.feasible && marks.glow;
  const ruledOut = verdict !== undefined && !verdict.feasible && marks.reasons;
  ctx.clearRect(0, 0, r.w, r.h);
  const border = lit ? COLORS.ok : input.mine ? COLORS.k8s : down ? COLORS.bad : COLORS.cardBorder;
  box(ctx, 1, 1, r.w - 2, r.h - 2, 12, COLORS.card, border, lit ? 4 : input.mine || down ? 3 : 1.5);
  if (node.unschedulable) dashedBox(ctx, 5, 5, r.w - 10, r.h - 10, 9, COLORS.done, 1.5);
  if (input.compact) drawCompact(ctx, input, r, tone);
  else drawDetail(ctx, input, r, tone);
  if (down) {
    ctx.globalAlpha = 0.28;
    hatch(ctx, 2, 54, r.w - 4, r.h - 56, COLORS.bad, 16);
    ctx.globalAlpha = 1;
  }
  if (ruledOut) drawRuledOut(ctx, r, verdict, input.compact);
  else if (lit) drawFits(ctx, r, verdict, marks.score, input.compact);
  if (input.dropTarget) {
    const stroke = ruledOut ? COLORS.bad : COLORS.k8s;
    box(
      ctx,
      3,
      3,
      r.w - 6,
      r.h - 6,
      11,
      ruledOut ? "rgba(185,28,28,0.08)" : "rgba(50,108,229,0.12)",
      stroke,
      4,
    );
  }
}

/**
 * A Node the filters rule out for the pod being placed: greyed, with the failing plugin and its
 * reason as FailedScheduling words it, over the part of the card the decision does not need.
 */
function drawRuledOut(ctx: Ctx, r: Rect, v: NodeVerdict, compact: boolean): void {
  ctx.fillStyle = "rgba(241,245,249,0.72)";
  ctx.beginPath();
  ctx.roundRect(2, 2, r.w - 4, r.h - 4, 11);
  ctx.fill();
  dashedBox(ctx, 3, 3, r.w - 6, r.h - 6, 11, COLORS.bad, 2.5);
  const size = compact ? 22 : MIN_TEXT;
  const line = compact ? 26 : 18;
  ctx.font = font(size, 400);
  const lines = wrapLines(ctx, v.reasons.join(", "), r.w - 40, compact ? 3 : 4);
  const h = 14 + line + lines.length * line + 8;
  const y = compact ? r.h - h - 12 : Math.max(58, r.h - h - 10);
  box(ctx, 10, y, r.w - 20, h, 8, COLORS.badTint, COLORS.bad, 1.5);
  text(ctx, `✕ ${v.plugin}`, 20, y + 8 + line / 2, {
    size,
    weight: 700,
    color: COLORS.bad,
    max: r.w - 40,
    k8s: true,
  });
  // FailedScheduling's words, as kube-scheduler writes them
  lines.forEach((l, i) => {
    text(ctx, l, 20, y + 8 + line * (i + 1.5), { size, color: COLORS.ink, max: r.w - 40, k8s: true });
  });
}

/** A feasible Node at full help: "fits", and its score (the best ones starred). */
function drawFits(ctx: Ctx, r: Rect, v: NodeVerdict, score: boolean, compact: boolean): void {
  const size = compact ? 22 : MIN_TEXT;
  const label = score
    ? `${v.best ? "★" : "✓"} ${t("guide.fitsScore", { score: v.score })}`
    : `✓ ${t("guide.fits")}`;
  ctx.font = font(size, 700);
  const w = Math.min(r.w - 20, ctx.measureText(label).width + 20);
  const h = size + 12;
  const x = r.w - w - 10;
  const y = r.h - h - 8;
  box(ctx, x, y, w, h, h / 2, v.best ? COLORS.ok : COLORS.okTint, COLORS.ok, 2);
  text(ctx, label, x + w / 2, y + h / 2, {
    size,
    weight: 700,
    color: v.best ? "#ffffff" : COLORS.ok,
    align: "center",
    max: w - 12,
  });
}

function header(ctx: Ctx, input: NodeCardInput, r: Rect, tone: Tone, compact: boolean): void {
  const { node } = input;
  const h = compact ? 78 : 52;
  ctx.save();
  ctx.beginPath();
  ctx.roundRect(2, 2, r.w - 4, h, [11, 11, 0, 0]);
  ctx.fillStyle = node.ready === "Ready" ? COLORS.k8sTint : COLORS.badTint;
  ctx.fill();
  ctx.restore();
  ctx.beginPath();
  ctx.arc(compact ? 20 : 16, compact ? 28 : 16, compact ? 10 : 6, 0, Math.PI * 2);
  ctx.fillStyle = TONE_COLOR[tone];
  ctx.fill();
  const statusColor = node.ready === "Ready" ? COLORS.ok : COLORS.bad;
  if (!compact) {
    // the status on the name's line; the machine's size and kind on the line below
    ctx.font = font(MIN_TEXT, 700);
    const status = ellipsize(ctx, statusText(node), r.w * 0.5);
    const sw = ctx.measureText(status).width;
    text(ctx, status, r.w - 12, 16, { weight: 700, color: statusColor, align: "right", k8s: true });
    text(ctx, node.name, 28, 16, { size: 18, weight: 700, max: r.w - sw - 52, k8s: true });
    text(ctx, `${nodeSizeText(node)} · ${machineText(node)}`, 14, 38, {
      color: COLORS.muted,
      max: r.w - 26,
    });
  } else {
    // far away: a name to read across the room, the status and size under it
    text(ctx, node.name, 38, 28, { size: 40, weight: 700, max: r.w - 48, k8s: true });
    text(ctx, `${statusText(node)} · ${nodeSizeText(node)}`, 14, 62, {
      size: 22,
      weight: 600,
      color: statusColor,
      max: r.w - 26,
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
    r.y + r.h / 2 - (fraction !== undefined ? 2 : 0),
    {
      weight: 600,
      color: COLORS.ink,
      align: "center",
      max: r.w - 6,
    },
  );
}

function drawDetail(ctx: Ctx, input: NodeCardInput, r: Rect, tone: Tone): void {
  const { node, pods } = input;
  header(ctx, input, r, tone, false);
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

  // requested against allocatable, cpu and memory side by side
  const b = parts.bars;
  const cpuF = node.cpu > 0 ? node.requestedCpu / node.cpu : 0;
  const memF = node.memory > 0 ? node.requestedMemory / node.memory : 0;
  const barTone = (f: number) => (f > 0.9 ? COLORS.bad : f > 0.7 ? COLORS.warn : COLORS.k8s);
  const half = (b.w - 12) / 2;
  const usage = (x: number, name: string, f: number, value: string) => {
    const y = b.y + b.h / 2;
    const lw = text(ctx, name, x, y, { weight: 600, color: COLORS.muted });
    ctx.font = font(MIN_TEXT, 400);
    const vw = ctx.measureText(value).width;
    text(ctx, value, x + half, y, { color: COLORS.ink, align: "right" });
    const bx = x + lw + 5;
    const bw = half - lw - vw - 10;
    if (bw > 6) meter(ctx, bx, y - 4, bw, 8, f, barTone(f));
  };
  usage(b.x, "cpu", cpuF, usageText(node.requestedCpu, node.cpu, "cpu"));
  usage(b.x + half + 12, "mem", memF, usageText(node.requestedMemory, node.memory, "memory"));

  const meta = parts.meta;
  const my = meta.y + meta.h / 2;
  // the badge at the line's right end, what the Node says beside it
  const badgeW = input.badge ? drawBadge(ctx, input.badge, meta.x + meta.w, my) + 8 : 0;
  const m = { ...meta, w: meta.w - badgeW };
  // the teacher's fault at once (the Node goes NotReady only 40 s later), where the machine is seen:
  // the teacher's screens and the Node's own kubelet
  const machine = node.machine;
  if (machine && (!machine.up || !machine.networkUp)) {
    const what = !machine.up ? `✕ ${t("board.machineDown")}` : `⚠ ${t("board.networkCut")}`;
    text(ctx, what, m.x, my, { weight: 700, color: COLORS.bad, max: m.w });
  } else if (input.pulling) {
    text(ctx, `⬇ ${input.pulling}`, m.x, my, {
      weight: 600,
      color: COLORS.pull,
      max: m.w,
      mono: true,
      k8s: true,
    });
  } else {
    const taints = node.taints.map((x) => x).join(", ");
    if (taints) {
      text(ctx, `taint ${taints}`, m.x, my, {
        weight: 600,
        color: COLORS.bad,
        max: m.w,
        mono: true,
        k8s: true,
      });
    } else {
      const labels: string[] = [];
      node.labels.forEach((v, k) => {
        if (
          !k.startsWith("kubernetes.io/") &&
          !k.startsWith("node.kubernetes.io/instance-type") &&
          !k.startsWith("topology.kubernetes.io/") &&
          !k.startsWith("beta.")
        ) {
          labels.push(`${k}=${v}`);
        }
      });
      text(ctx, labels.join(" ") || node.internalIP, m.x, my, {
        color: COLORS.muted,
        max: m.w,
        mono: true,
        k8s: true,
      });
    }
  }
  drawPods(ctx, parts.pods, pods);
}

function drawPods(ctx: Ctx, area: Rect, pods: PodView[]): void {
  if (pods.length === 0) {
    // on the left: the right-hand corner is where a verdict's badge goes
    text(ctx, t("board.noPods"), area.x + 4, area.y + area.h / 2, { color: COLORS.muted, max: area.w * 0.4 });
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
  const tag = ownerTag(pod);
  const tagW = tag ? ownerChipTag(ctx, pod, c.x + c.w - 3 - tagWidth(ctx, tag), c.y + 11) : 0;
  text(ctx, pod.name, c.x + 5, c.y + 11, { weight: 600, max: c.w - 10 - (tagW ? tagW + 3 : 0), k8s: true });
  const icon = TONE_ICON[tone];
  const squares = Math.min(4, pod.totalContainers) * 7;
  text(ctx, `${icon} ${pod.status}${pod.restarts > 0 ? ` ↻${pod.restarts}` : ""}`, c.x + 5, c.y + 28, {
    weight: 600,
    color: TONE_COLOR[tone],
    max: c.w - 12 - squares,
    k8s: true,
  });
  // one square per container: filled when ready
  for (let i = 0; i < pod.totalContainers && i < 4; i++) {
    const cs = pod.containers.at(i);
    const x = c.x + c.w - 8 - (pod.totalContainers - 1 - i) * 7;
    const color = cs?.ready
      ? COLORS.ok
      : cs?.state === "terminated" || (cs && containerInTrouble(cs.reason))
        ? COLORS.bad
        : COLORS.faint;
    box(ctx, x - 2.5, c.y + 25, 5, 5, 1, cs?.ready ? color : undefined, color, 1.2);
  }
  ctx.globalAlpha = 1;
}

/**
 * A container the kubelet cannot run as asked: a back-off, a pull or config error (a missing ConfigMap,
 * Secret or key), a binary that is not there, a kill for memory.
 */
function containerInTrouble(reason: string): boolean {
  return /BackOff|^Err|Error$|OOMKilled|InvalidImageName/.test(reason);
}

/**
 * The controller kind of a pod that is not a ReplicaSet's (ds, sts, job) as a dark tag starting at
 * `left`; returns the width it took (0 for other pods).
 */
function ownerChipTag(ctx: Ctx, pod: PodView, left: number, y: number): number {
  const tag = ownerTag(pod);
  if (!tag) return 0;
  const w = tagWidth(ctx, tag);
  box(ctx, left, y - 8, w, 16, 4, COLORS.ink);
  text(ctx, tag, left + w / 2, y, { weight: 700, color: "#ffffff", align: "center", k8s: true });
  return w;
}

function tagWidth(ctx: Ctx, tag: string): number {
  ctx.font = font(MIN_TEXT, 700);
  return ctx.measureText(tag).width + 6;
}

/**
 * One line: the status icon, then the name, in the status colour. A running pod of a DaemonSet,
 * StatefulSet or Job shows its controller's tag where the ✓ would be (the chip's colour still says it
 * runs); a pod in trouble keeps its icon.
 */
function podChipSmall(ctx: Ctx, c: Rect, pod: PodView): void {
  const tone = toneOfPod(pod);
  box(ctx, c.x, c.y, c.w, c.h, 4, TONE_TINT[tone], TONE_COLOR[tone], tone === "bad" ? 1.6 : 1);
  const y = c.y + c.h / 2;
  const tagW = tone === "ok" ? ownerChipTag(ctx, pod, c.x + 3, y) : 0;
  const label = tagW ? pod.name : `${TONE_ICON[tone]} ${pod.name}`;
  const x = tagW ? c.x + 3 + tagW + 3 : c.x + 4;
  text(ctx, label, x, y, {
    weight: 600,
    k8s: true,
    max: c.x + c.w - 4 - x,
    color: tone === "ok" ? COLORS.ink : TONE_COLOR[tone],
  });
}

function podDot(ctx: Ctx, c: Rect, pod: PodView): void {
  const tone = toneOfPod(pod);
  box(ctx, c.x, c.y, c.w, c.h, 4, TONE_COLOR[tone]);
  if (tone === "bad")
    text(ctx, "!", c.x + c.w / 2, c.y + c.h / 2, { weight: 800, color: "#fff", align: "center" });
}

function drawCompact(ctx: Ctx, input: NodeCardInput, r: Rect, tone: Tone): void {
  header(ctx, input, r, tone, true);
  const pods = input.pods;
  const area = { x: 14, y: 90, w: r.w - 28, h: r.h - 136 };
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
  const count =
    bad > 0 ? t("board.podsFailing", { n: pods.length, bad }) : t("board.podsCount", { n: pods.length });
  const summary = input.badge ? `${count} · ${input.badge.text}` : count;
  text(ctx, summary, 16, r.h - 24, {
    size: 26,
    weight: 600,
    color: bad ? COLORS.bad : COLORS.muted,
    max: r.w - 32,
  });
}

export function proxyIsStale(proxy: ProxyView): boolean {
  return proxy.stale;
}
