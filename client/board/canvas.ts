import { COLORS, FONT, MONO } from "./theme.ts";

/** Small 2D-canvas helpers for the board's cards (drawn once per change, then shown as textures). */
export type Ctx = CanvasRenderingContext2D;

/** The smallest text a card may use, in world units (CSS px at zoom 1): legible on a projector. */
export const MIN_TEXT = 14;

/**
 * The smallest text drawn since `startTextLog`, in world units (the scale a card is drawn at
 * multiplies it): what the board reports for the legibility check.
 */
const textLog = { min: Number.POSITIVE_INFINITY, scale: 1, texts: [] as string[] };

export function startTextLog(scale: number): void {
  textLog.min = Number.POSITIVE_INFINITY;
  textLog.scale = scale;
  textLog.texts = [];
}

export function smallestText(): number {
  return textLog.min;
}

/**
 * The interface words drawn since `startTextLog` (not Kubernetes' own: names, statuses, reasons are
 * drawn with `k8s`), for the test that finds untranslated text.
 */
export function drawnTexts(): string[] {
  return textLog.texts;
}

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

/** How much a label may be condensed (narrower glyphs, same height) before it is cut. */
const CONDENSE = 0.8;

/**
 * Draws one line of text; with `max`, a label a little too wide is condensed (its height, what
 * legibility needs, unchanged) and one much too wide is cut with an ellipsis. Returns the width drawn.
 */
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
    /** Kubernetes' own words (names, statuses, FailedScheduling reasons): never translated. */
    k8s?: boolean;
  } = {},
): number {
  const size = options.size ?? MIN_TEXT;
  textLog.min = Math.min(textLog.min, size * textLog.scale);
  if (!options.k8s && textLog.texts.length < 200) textLog.texts.push(value);
  ctx.font = font(size, options.weight ?? 400, options.mono ?? false);
  ctx.fillStyle = options.color ?? COLORS.ink;
  ctx.textAlign = options.align ?? "left";
  ctx.textBaseline = "middle";
  const max = options.max;
  const width = ctx.measureText(value).width;
  if (max === undefined || width <= max) {
    ctx.fillText(value, x, y);
    return width;
  }
  const squeeze = Math.max(CONDENSE, max / width);
  const shown = squeeze > CONDENSE ? value : ellipsize(ctx, value, max / CONDENSE);
  ctx.save();
  ctx.translate(x, y);
  ctx.scale(squeeze, 1);
  ctx.fillText(shown, 0, 0);
  ctx.restore();
  return Math.min(max, ctx.measureText(shown).width * squeeze);
}

/** `value` broken into lines of at most `max` px in `ctx.font`, the last one cut with an ellipsis. */
export function wrapLines(ctx: Ctx, value: string, max: number, maxLines: number): string[] {
  const words = value.split(/(?<=[\s,])/);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const next = line + word;
    if (line && ctx.measureText(next.trimEnd()).width > max) {
      lines.push(line.trimEnd());
      line = word.trimStart();
    } else line = next;
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = ellipsize(ctx, `${kept[maxLines - 1]} ${lines.slice(maxLines).join(" ")}`, max);
    return kept;
  }
  return lines.map((l) => (ctx.measureText(l).width > max ? ellipsize(ctx, l, max) : l));
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
