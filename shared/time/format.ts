import { TICK_MS } from "../sim/engine/Engine.ts";

/**
 * Every way the game writes a time or a duration, in one place (as apimachinery has one `duration`
 * package). Two families:
 *
 * - Kubernetes' own: kubectl's AGE column and event intervals (`4m38s`, `(x6 over 6m38s)`), RFC 3339 in
 *   JSON and YAML, RFC 1123Z in `describe`, and the UTC calendar parts that container images print in
 *   their logs. These are written exactly as Kubernetes writes them, in every language.
 * - The game's: the match clock (`1:05`), from simulated ms or from an engine tick.
 *
 * Pure: times are epoch ms given by the caller (the cluster's clock is UTC), never read from the host.
 * The engine writes its own Go durations (`goDuration` in shared/sim/duration.ts) because the engine
 * imports nothing outside shared/sim.
 */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const two = (n: number) => String(n).padStart(2, "0");
const three = (n: number) => String(n).padStart(3, "0");

/** apimachinery's duration.HumanDuration, used by kubectl for AGE and event columns. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    const years = Math.floor(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/**
 * How long ago, as kubectl's AGE column says it, for screens that extrapolate the clock between
 * patches: a moment slightly in the future (the extrapolation ran ahead) reads "0s", not "<invalid>".
 */
export function ageText(ms: number): string {
  return humanDuration(Math.max(0, ms));
}

/** RFC 3339 with seconds, as metadata timestamps are written. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** RFC 3339 with milliseconds (event times; also the ISO 8601 of match files). */
export function rfc3339Milli(ms: number): string {
  return new Date(ms).toISOString();
}

/** metav1.MicroTime in JSON: RFC 3339 with six fractional digits. */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** RFC 3339 with nine fractional digits, as `kubectl logs --timestamps` prints them. */
export function rfc3339Nano(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}

/** time.RFC1123Z, as describe prints timestamps; the cluster's clock is UTC. */
export function rfc1123z(ms: number): string {
  const t = utcParts(ms);
  return `${t.weekday}, ${t.dd} ${t.month} ${t.year} ${t.hh}:${t.mi}:${t.ss} +0000`;
}

/** A UTC moment cut into the zero-padded pieces log layouts are built from. */
export interface UtcParts {
  year: number;
  /** "01" to "12". */
  mm: string;
  /** "Jan" to "Dec". */
  month: string;
  dd: string;
  /** "Sun" to "Sat". */
  weekday: string;
  hh: string;
  mi: string;
  ss: string;
  /** Milliseconds, three digits. */
  ms: string;
}

export function utcParts(at: number): UtcParts {
  const d = new Date(at);
  return {
    year: d.getUTCFullYear(),
    mm: two(d.getUTCMonth() + 1),
    month: MONTHS[d.getUTCMonth()] ?? "",
    dd: two(d.getUTCDate()),
    weekday: DAYS[d.getUTCDay()] ?? "",
    hh: two(d.getUTCHours()),
    mi: two(d.getUTCMinutes()),
    ss: two(d.getUTCSeconds()),
    ms: three(d.getUTCMilliseconds()),
  };
}

/** The match clock: "1:05", "1:02:03" for a duration in ms of simulated time. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? two(m) : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${two(s)}`;
}

/** The match clock at an engine tick (ticks count from the start of the scenario). */
export function tickClockText(tick: number): string {
  return clockText(tick * TICK_MS);
}
