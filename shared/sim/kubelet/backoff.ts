import type { BackoffEntry } from "../model/kubelet.ts";

/**
 * The kubelet's back-off (flowcontrol.Backoff) for image pulls and container restarts: 10 s doubling to
 * 300 s; an entry untouched for twice the cap (10 min) starts over.
 */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
const RESET_AFTER_MS = 2 * BACKOFF_MAX_MS;

/** Records another failure or restart at `now` (Backoff.Next) and returns the new entry. */
export function nextBackoff(entry: BackoffEntry | undefined, now: number): BackoffEntry {
  if (!entry || now - entry.since > RESET_AFTER_MS) return { delayMs: BACKOFF_INITIAL_MS, since: now };
  return { delayMs: Math.min(entry.delayMs * 2, BACKOFF_MAX_MS), since: now };
}

/** Backoff.IsInBackOffSince: is `eventTime` (the failure) still within the current delay? */
export function inBackoffSince(entry: BackoffEntry | undefined, eventTime: number, now: number): boolean {
  if (!entry || now - entry.since > RESET_AFTER_MS) return false;
  return now - eventTime < entry.delayMs;
}

export function formatSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}
