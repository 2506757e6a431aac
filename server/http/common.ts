import type { Request, Response } from "express";
import type { z } from "zod";
import type { ApiError } from "../../shared/protocol/http.ts";
import type { Worded } from "../../shared/protocol/phrases.ts";

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
