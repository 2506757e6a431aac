/**
 * The simulated clock between patches: the state says `now` once per tick; pull progress bars and
 * lease meters move smoothly by extrapolating from when that value arrived (at the session's speed),
 * never past one patch ahead and never backwards.
 */
const MAX_EXTRAPOLATE_MS = 300;

export class SimClock {
  private base = 0;
  private receivedAt = 0;
  private speed = 1;
  private running = false;
  private last = 0;

  observe(session: { now: number; speed: number; status: string }): void {
    if (session.now !== this.base) {
      this.base = session.now;
      this.receivedAt = performance.now();
    }
    this.speed = session.speed;
    this.running = session.status === "running";
  }

  /** Simulated epoch ms now. */
  now(): number {
    let value = this.base;
    if (this.running) {
      value += Math.min(MAX_EXTRAPOLATE_MS, performance.now() - this.receivedAt) * this.speed;
    }
    if (value < this.last && this.last - value < MAX_EXTRAPOLATE_MS * this.speed) value = this.last;
    this.last = value;
    return value;
  }
}

/** "1:05" for a duration in ms (simulated time since the start of the scenario). */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}

/** kubectl's age format: 5s, 3m, 2m10s, 4h ... */
export function ageText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h` : `${Math.floor(h / 24)}d`;
}

export function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** cpu millicores as Kubernetes writes them: 250m, 2 */
export function cpuText(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** memory as Kubernetes writes it: 64Mi, 8Gi */
export function memoryText(bytes: number): string {
  const gi = 1024 ** 3;
  const mi = 1024 ** 2;
  if (bytes >= gi && bytes % (gi / 10) === 0) return `${Number((bytes / gi).toFixed(1))}Gi`;
  if (bytes >= mi) return `${Math.round(bytes / mi)}Mi`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)}Ki`;
  return String(bytes);
}
