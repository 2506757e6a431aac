/**
 * Token buckets by key: `rate` tokens per second refill a bucket of `burst`; each allowed action takes
 * one. Used to throttle a client that floods the room with messages (the message is dropped, the client
 * stays connected) and to rate-limit join attempts per IP address.
 */
export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(rate: number, burst: number) {
    this.rate = rate;
    this.burst = burst;
  }

  /** Takes a token for `key` if one is left. */
  take(key: string, now: number): boolean {
    const bucket = this.refill(key, now);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until `key` has a token again (0 if it has one). */
  retryAfter(key: string, now: number): number {
    const bucket = this.refill(key, now);
    return bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / this.rate);
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Drops full buckets (idle keys), so the map does not grow with every address ever seen. */
  prune(now: number): void {
    for (const [key] of this.buckets) {
      if (this.refill(key, now).tokens >= this.burst) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string, now: number): { tokens: number; at: number } {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.rate);
    bucket.at = now;
    return bucket;
  }
}
