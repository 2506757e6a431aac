/**
 * Cron schedules as the CronJob controller reads them (robfig/cron/v3's ParseStandard): five fields
 * (minute hour day-of-month month day-of-week) with `*`, lists, ranges, steps and month and weekday
 * names, or a descriptor (@yearly, @monthly, @weekly, @daily, @hourly, @every 5m). Times are UTC: the
 * simulated cluster's controller manager runs in UTC.
 */
export interface Schedule {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  /** Day-of-month or day-of-week was `*` (then the other alone decides). */
  domStar: boolean;
  dowStar: boolean;
  /** @every: a fixed period in ms instead of fields. */
  everyMs?: number;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseInt10(text: string, bounds: Bounds): Parsed<number> {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return { ok: true, value: named };
  if (!/^\d+$/.test(text)) {
    return {
      ok: false,
      message: `failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`,
    };
  }
  return { ok: true, value: Number(text) };
}

/** One comma-separated part: `*`, `a`, `a-b`, each optionally `/step`. */
function parseRange(expr: string, bounds: Bounds, into: Set<number>): string | undefined {
  const [rangePart = "", stepPart, extra] = expr.split("/");
  if (extra !== undefined) return `too many slashes: ${expr}`;
  let start: number;
  let end: number;
  if (rangePart === "*" || rangePart === "?") {
    start = bounds.min;
    end = bounds.max;
  } else {
    const [lowText = "", highText, more] = rangePart.split("-");
    if (more !== undefined) return `too many hyphens: ${expr}`;
    const low = parseInt10(lowText, bounds);
    if (!low.ok) return low.message;
    start = low.value;
    end = start;
    if (highText !== undefined) {
      const high = parseInt10(highText, bounds);
      if (!high.ok) return high.message;
      end = high.value;
    }
  }
  let step = 1;
  if (stepPart !== undefined) {
    const parsed = parseInt10(stepPart, { min: 0, max: 0 });
    if (!parsed.ok) return parsed.message;
    step = parsed.value;
    if (step === 0) return `step of range should be a positive number: ${expr}`;
    // "a/step" means a through the maximum.
    if (rangePart !== "*" && !rangePart.includes("-")) end = bounds.max;
  }
  if (start < bounds.min) return `beginning of range (${start}) below minimum (${bounds.min}): ${expr}`;
  if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  for (let v = start; v <= end; v += step) into.add(v);
  return undefined;
}

const EVERY = /^@every (\d+)(s|m|h)$/;

export function parseSchedule(text: string): Parsed<Schedule> {
  const spec = text.trim();
  if (spec.startsWith("@")) {
    const every = EVERY.exec(spec);
    if (every) {
      const unit = every[2] === "s" ? 1000 : every[2] === "m" ? 60_000 : 3_600_000;
      const base = parseSchedule("* * * * *");
      if (!base.ok) return base;
      return { ok: true, value: { ...base.value, everyMs: Math.max(1000, Number(every[1]) * unit) } };
    }
    const expanded = DESCRIPTORS[spec.toLowerCase()];
    if (!expanded) return { ok: false, message: `unrecognized descriptor: ${spec}` };
    return parseSchedule(expanded);
  }
  const fields = spec.split(/\s+/).filter((f) => f.length > 0);
  if (fields.length !== 5) {
    return { ok: false, message: `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]` };
  }
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const set = new Set<number>();
    for (const part of (fields[i] as string).split(",")) {
      const error = parseRange(part, FIELDS[i] as Bounds, set);
      if (error) return { ok: false, message: error };
    }
    sets.push(set);
  }
  // Sunday may be written 7 by habit; robfig's range stops at 6, so 7 is refused above, as upstream does.
  return {
    ok: true,
    value: {
      minutes: sets[0] as Set<number>,
      hours: sets[1] as Set<number>,
      daysOfMonth: sets[2] as Set<number>,
      months: sets[3] as Set<number>,
      daysOfWeek: sets[4] as Set<number>,
      domStar: (fields[2] as string).startsWith("*") || fields[2] === "?",
      dowStar: (fields[4] as string).startsWith("*") || fields[4] === "?",
    },
  };
}

function dayMatches(s: Schedule, date: Date): boolean {
  const dom = s.daysOfMonth.has(date.getUTCDate());
  const dow = s.daysOfWeek.has(date.getUTCDay());
  // Both restricted: either may match (cron's traditional OR); otherwise both must.
  if (!s.domStar && !s.dowStar) return dom || dow;
  return dom && dow;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The first scheduled time strictly after `after` (epoch ms), or undefined within five years. */
export function nextScheduleTime(s: Schedule, after: number): number | undefined {
  if (s.everyMs !== undefined) return Math.floor(after / 1000) * 1000 + s.everyMs;
  let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  const limit = after + 5 * 366 * DAY;
  while (t <= limit) {
    const date = new Date(t);
    if (!s.months.has(date.getUTCMonth() + 1) || !dayMatches(s, date)) {
      t = Math.floor(t / DAY) * DAY + DAY;
      continue;
    }
    if (!s.hours.has(date.getUTCHours())) {
      t = Math.floor(t / 3_600_000) * 3_600_000 + 3_600_000;
      continue;
    }
    if (!s.minutes.has(date.getUTCMinutes())) {
      t += MINUTE;
      continue;
    }
    return t;
  }
  return undefined;
}
