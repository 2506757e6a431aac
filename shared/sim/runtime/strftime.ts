/**
 * Dates as `date` prints them, from the simulated clock (UTC, as containers run unless TZ is set):
 * the default "Wed Jan  1 00:00:05 UTC 2025" and the common +FORMAT conversions.
 */
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const FULL_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FULL_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const p = (n: number, width = 2, fill = "0") => String(n).padStart(width, fill);

export const DATE_DEFAULT = "%a %b %e %H:%M:%S %Z %Y";

export function strftime(format: string, ms: number): string {
  const d = new Date(ms);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  const conv: Record<string, () => string> = {
    a: () => DAYS[d.getUTCDay()] as string,
    A: () => FULL_DAYS[d.getUTCDay()] as string,
    b: () => MONTHS[d.getUTCMonth()] as string,
    h: () => MONTHS[d.getUTCMonth()] as string,
    B: () => FULL_MONTHS[d.getUTCMonth()] as string,
    c: () => strftime("%a %b %e %H:%M:%S %Y", ms),
    d: () => p(d.getUTCDate()),
    e: () => p(d.getUTCDate(), 2, " "),
    F: () => strftime("%Y-%m-%d", ms),
    H: () => p(d.getUTCHours()),
    I: () => p(((d.getUTCHours() + 11) % 12) + 1),
    j: () => p(Math.floor((ms - start) / 86_400_000) + 1, 3),
    m: () => p(d.getUTCMonth() + 1),
    M: () => p(d.getUTCMinutes()),
    N: () => p(d.getUTCMilliseconds() * 1_000_000, 9),
    p: () => (d.getUTCHours() < 12 ? "AM" : "PM"),
    s: () => String(Math.floor(ms / 1000)),
    S: () => p(d.getUTCSeconds()),
    T: () => strftime("%H:%M:%S", ms),
    D: () => strftime("%m/%d/%y", ms),
    R: () => strftime("%H:%M", ms),
    u: () => String(d.getUTCDay() || 7),
    w: () => String(d.getUTCDay()),
    y: () => p(d.getUTCFullYear() % 100),
    Y: () => String(d.getUTCFullYear()),
    z: () => "+0000",
    Z: () => "UTC",
    n: () => "\n",
    t: () => "\t",
    "%": () => "%",
  };
  return format.replace(/%(-?)([a-zA-Z%])/g, (all, strip: string, c: string) => {
    const f = conv[c];
    if (!f) return all;
    const v = f();
    return strip ? v.replace(/^[0 ]+(?=\d)/, "") : v;
  });
}

/** Replaces "{now:FORMAT}" in a catalogue text with the time it is printed. */
export function fillNow(text: string, ms: number): string {
  return text.replace(/\{now:([^}]*)\}/g, (_, format: string) => strftime(format, ms));
}
