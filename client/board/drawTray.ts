import type { PodView, RegistryView } from "../../shared/protocol/state.ts";
import { t } from "../i18n/i18n.ts";
import { box, type Ctx, dashedBox, font, hatch, MIN_TEXT, text } from "./canvas.ts";
import { type Rect, TRAY_CAPACITY, trayChip } from "./layout.ts";
import { providerLabel, registryLabel, requestText } from "./nodeText.ts";
import { COLORS } from "./theme.ts";

/** Pods waiting for the scheduler (no node yet), and the registries with the resource providers. */
export function drawTray(
  ctx: Ctx,
  w: number,
  h: number,
  pods: PodView[],
  selected: string,
  canDrag: boolean,
): void {
  ctx.clearRect(0, 0, w, h);
  box(
    ctx,
    1,
    1,
    w - 2,
    h - 2,
    12,
    COLORS.card,
    pods.length ? COLORS.warn : COLORS.cardBorder,
    pods.length ? 2 : 1.5,
  );
  const titleW = text(ctx, t("board.pending", { n: pods.length }), 16, 22, {
    size: 16,
    weight: 700,
    color: pods.length ? COLORS.warn : COLORS.ink,
  });
  if (canDrag && pods.length)
    text(ctx, t("board.dragHint"), w - 16, 22, {
      color: COLORS.muted,
      align: "right",
      max: w - titleW - 44,
    });
  if (pods.length === 0) {
    text(ctx, t("board.noPending"), w / 2, h / 2 + 12, { color: COLORS.muted, align: "center", max: w - 32 });
    return;
  }
  const shown = pods.length > TRAY_CAPACITY ? TRAY_CAPACITY - 1 : pods.length;
  for (let i = 0; i < shown; i++) {
    const pod = pods[i] as PodView;
    const c = trayChip({ x: 0, y: 0, w, h }, i);
    const unschedulable = pod.message.includes("nodes are available");
    box(ctx, c.x, c.y, c.w, c.h, 6, unschedulable ? COLORS.badTint : COLORS.warnTint);
    dashedBox(
      ctx,
      c.x,
      c.y,
      c.w,
      c.h,
      6,
      unschedulable ? COLORS.bad : COLORS.warn,
      pod.key === selected ? 3 : 1.5,
    );
    text(ctx, pod.name, c.x + 8, c.y + 12, { weight: 700, max: c.w - 16, k8s: true });
    // a pod waiting for its preemption's victims to go says where it is nominated; a gated one, that it
    // is not the scheduler's yet (spec.schedulingGates)
    if (pod.status === "SchedulingGated")
      text(ctx, "SchedulingGated", c.x + 8, c.y + 29, {
        color: COLORS.muted,
        weight: 600,
        max: c.w - 16,
        k8s: true,
      });
    else if (pod.nominatedNode)
      text(ctx, `→ ${pod.nominatedNode}`, c.x + 8, c.y + 29, {
        color: COLORS.k8sDark,
        weight: 600,
        max: c.w - 16,
        k8s: true,
      });
    else
      text(ctx, `${unschedulable ? "! " : ""}${requestText(pod.cpu, pod.memory)}`, c.x + 8, c.y + 29, {
        color: unschedulable ? COLORS.bad : COLORS.muted,
        max: c.w - 16,
      });
  }
  if (shown < pods.length) {
    const c = trayChip({ x: 0, y: 0, w, h }, shown);
    text(ctx, t("board.more", { n: pods.length - shown }), c.x + c.w / 2, c.y + c.h / 2, {
      weight: 700,
      color: COLORS.muted,
      align: "center",
    });
  }
}

/** The registry an image is pulled from: its host, or Docker Hub when it has none. */
export function registryOfImage(image: string, registries: RegistryView[]): string {
  const first = image.split("/")[0] ?? "";
  const hasHost =
    image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  if (!hasHost) return registries.find((r) => r.kind === "dockerhub")?.name ?? "dockerhub";
  const found = registries.find((r) => r.host === first || first.endsWith(r.host));
  return found?.name ?? registries.find((r) => r.kind === "dockerhub")?.name ?? "dockerhub";
}

export interface RegistryRowInput {
  registries: RegistryView[];
  rects: Rect[];
  now: number;
  /** Nodes per provider ("local", "aws" ...). */
  providers: Record<string, number>;
  pulls: Record<string, number>;
}

export function drawRegistries(ctx: Ctx, w: number, h: number, input: RegistryRowInput): void {
  ctx.clearRect(0, 0, w, h);
  box(ctx, 1, 1, w - 2, h - 2, 12, "#f7fbfc", COLORS.pull, 1.5);
  const titleW = text(ctx, t("board.registries"), 14, 17, { size: 16, weight: 700, color: COLORS.pull });
  const providers = Object.entries(input.providers)
    .map(([p, n]) => `${providerLabel(p)} ×${n}`)
    .join(" · ");
  // the providers beside the title when there is room for them (a row of several registries)
  if (w - titleW - 40 > 160)
    text(ctx, `${t("board.providers")}: ${providers}`, w - 14, 17, {
      color: COLORS.muted,
      align: "right",
      max: w - titleW - 40,
    });
  input.registries.forEach((reg, i) => {
    const r = input.rects[i];
    if (!r) return;
    const down = reg.outageUntil > input.now;
    const [limit] = reg.rateLimit.split("/");
    const limited = reg.rateLimit !== "" && reg.pullsInWindow >= Number(limit);
    const stroke = down || limited ? COLORS.bad : COLORS.cardBorder;
    box(
      ctx,
      r.x,
      r.y,
      r.w,
      r.h,
      10,
      down ? COLORS.badTint : COLORS.card,
      stroke,
      down || limited ? 2.5 : 1.2,
    );
    // two lines: the registry and its state; its host and the pulls it serves now
    let status: string;
    let color: string = COLORS.ok;
    if (down) {
      status = t("board.registryDown", { s: Math.ceil((reg.outageUntil - input.now) / 1000) });
      color = COLORS.bad;
    } else if (limited) {
      status = t("board.rateLimited", { limit: reg.rateLimit });
      color = COLORS.bad;
    } else if (reg.rateLimit) {
      status = t("board.rateCount", { used: reg.pullsInWindow, limit: reg.rateLimit });
      color = COLORS.warn;
    } else status = reg.requiresCredentials ? t("board.private") : t("board.public");
    const nameW = text(ctx, registryLabel(reg.kind), r.x + 10, r.y + 16, {
      size: 15,
      weight: 700,
      max: r.w * 0.55,
      k8s: reg.kind !== "local",
    });
    ctx.font = font(MIN_TEXT, 600);
    if (
      reg.requiresCredentials &&
      !down &&
      !reg.rateLimit &&
      ctx.measureText(status).width > r.w - nameW - 28
    )
      status = t("board.privateShort");
    text(ctx, status, r.x + r.w - 10, r.y + 16, {
      weight: 600,
      color,
      align: "right",
      max: r.w - nameW - 28,
    });
    const pulls = input.pulls[reg.name] ?? 0;
    const pullsText = pulls > 0 ? t("board.pullsNow", { n: pulls }) : "";
    const pullsW = pullsText
      ? text(ctx, pullsText, r.x + r.w - 10, r.y + 39, {
          weight: 600,
          color: COLORS.pull,
          align: "right",
          max: r.w * 0.5,
        })
      : 0;
    text(ctx, reg.host, r.x + 10, r.y + 39, {
      color: COLORS.muted,
      mono: true,
      k8s: true,
      max: r.w - 20 - (pullsW ? pullsW + 8 : 0),
    });
    if (down) {
      ctx.globalAlpha = 0.25;
      hatch(ctx, r.x, r.y, r.w, r.h, COLORS.bad);
      ctx.globalAlpha = 1;
    }
  });
}
