import type { Request, Response } from "express";
import type { z } from "zod";
import type { ApiError } from "../../shared/protocol/http.ts";
import type { Worded } from "../../shared/protocol/phrases.ts";
import { worded } from "../../shared/protocol/phrases.ts";
import type { TokenBucket } from "../classroom/TokenBucket.ts";
import type { ServerConfig } from "../config.ts";

/** Helpers every API router shares: the error shape, bearer tokens, the per-address budget. */

type ErrorExtras = Omit<ApiError["error"], "reason" | keyof Worded>;

/** `{ error: { reason, code, params, message, ... } }`: the phrase for a person, in English for curl. */
export function apiError(reason: string, said: Worded, extra: ErrorExtras = {}): ApiError {
  return { error: { reason, ...said, ...extra } };
}

export function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join(".") || "(body)", message: i.message }));
}

export function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Spends one request of the caller's budget (join attempts, code lookups, failed tokens, imports);
 * when it is exhausted, answers 429 with Retry-After and returns true.
 */
export type RateLimit = (req: Request, res: Response) => boolean;

/** The client's address: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(config: Pick<ServerConfig, "trustProxy">, req: Request): string {
  if (config.trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}

/** A RateLimit spending from `bucket` by client address; 429 with Retry-After when it is empty. */
export function rateLimit(
  config: Pick<ServerConfig, "trustProxy" | "clock">,
  bucket: TokenBucket,
): RateLimit {
  return (req, res) => {
    const ip = clientIp(config, req);
    const now = config.clock.now();
    if (bucket.take(ip, now)) return false;
    const retry = bucket.retryAfter(ip, now);
    res.setHeader("Retry-After", String(retry));
    res
      .status(429)
      .json(apiError("RateLimited", worded("rateLimited", { seconds: retry }), { retryAfterSeconds: retry }));
    return true;
  };
}
