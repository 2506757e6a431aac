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
