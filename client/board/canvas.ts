import { COLORS, FONT, MONO } from "./theme.ts";

/** Small 2D-canvas helpers for the board's cards (drawn once per change, then shown as textures). */
export type Ctx = CanvasRenderingContext2D;

export function font(size: number, weight = 400, mono = false): string {
  return `${weight} ${size}px ${mono ? MONO : FONT}`;
}

export function box(
  ctx: Ctx,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
  fill?: string,
  stroke?: string,
  lineWidth = 1,
): void {
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, r);
  if (fill) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  if (stroke) {
    ctx.lineWidth = lineWidth;
    ctx.strokeStyle = stroke;
    ctx.stroke();
  }
}

const ellipsisCache = new Map<string, string>();

/** `text` cut with an ellipsis to fit `max` px in the current font. */
export function ellipsize(ctx: Ctx, text: string, max: number): string {
  if (max <= 0) return "";
  const cacheKey = `${ctx.font}|${max | 0}|${text}`;
  const cached = ellipsisCache.get(cacheKey);
  if (cached !== undefined) return cached;
  let result = text;
  if (ctx.measureText(text).width > max) {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(`${text.slice(0, mid)}…`).width <= max) lo = mid;
      else hi = mid - 1;
    }
    result = `${text.slice(0, lo)}…`;
  }
  if (ellipsisCache.size > 5000) ellipsisCache.clear();
  ellipsisCache.set(cacheKey, result);
  return result;
}

export function text(
  ctx: Ctx,
  value: string,
  x: number,
  y: number,
  options: {
    size?: number;
    weight?: number;
    color?: string;
    max?: number;
    align?: CanvasTextAlign;
    mono?: boolean;
  } = {},
): number {
  ctx.font = font(options.size ?? 12, options.weight ?? 400, options.mono ?? false);
  ctx.fillStyle = options.color ?? COLORS.ink;
  ctx.textAlign = options.align ?? "left";
  ctx.textBaseline = "middle";
  const shown = options.max !== undefined ? ellipsize(ctx, value, options.max) : value;
  ctx.fillText(shown, x, y);
  return ctx.measureText(shown).width;
}

/** A horizontal meter: `fraction` of the track filled. */
export function meter(
  ctx: Ctx,
  x: number,
  y: number,
  w: number,
  h: number,
  fraction: number,
  color: string,
  track = "#e2e8f0",
): void {
  box(ctx, x, y, w, h, h / 2, track);
  const f = Math.max(0, Math.min(1, fraction));
  if (f > 0) box(ctx, x, y, Math.max(h, w * f), h, h / 2, color);
}

/** Diagonal stripes over a rectangle: "this is broken" without relying on colour. */
export function hatch(ctx: Ctx, x: number, y: number, w: number, h: number, color: string, step = 12): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let d = -h; d < w; d += step) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
}

export function dashedBox(
  ctx: Ctx,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
  color: string,
  lineWidth = 1.5,
): void {
  ctx.save();
  ctx.setLineDash([5, 4]);
  box(ctx, x, y, w, h, r, undefined, color, lineWidth);
  ctx.restore();
}
