/**
 * Durations as Go writes them ("90s", "1h30m", "1.5s", "500ms"): parsed from scenarios, printed in the
 * kubelet's messages. kubectl's own formats (AGE, RFC 3339) are in shared/time/format.ts.
 */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const GO_DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)/;

/** Parses "90s", "1h30m", "500ms" or a plain number of seconds to ms; undefined when malformed. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  let rest = value.trim();
  if (/^\d+(\.\d+)?$/.test(rest)) return Number(rest) * 1000;
  if (rest === "" || rest === "0") return rest === "0" ? 0 : undefined;
  let total = 0;
  while (rest.length > 0) {
    const match = GO_DURATION.exec(rest);
    if (!match) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] ?? "s"] ?? 0);
    rest = rest.slice(match[0].length);
  }
  return Math.round(total);
}

/** Go's time.Duration String() for the short durations kubelet messages print ("1.234s", "512ms"). */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${trimZeros((ms / 1000).toFixed(3))}s`;
  const minutes = Math.floor(ms / 60_000);
  const rest = ms - minutes * 60_000;
  if (minutes < 60) return `${minutes}m${trimZeros((rest / 1000).toFixed(3))}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h${minutes % 60}m${trimZeros((rest / 1000).toFixed(3))}s`;
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
