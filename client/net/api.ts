import type { ApiError } from "../../shared/protocol/http.ts";
import { worded } from "../../shared/protocol/phrases.ts";

/**
 * The HTTP API under /api as the page calls it: every answer is either the body or the server's
 * `{ error: { reason, code, params, message } }` (a network failure becomes reason "Network"). Show an
 * error with `say(error)`.
 */
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: ApiError["error"] };

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; token?: string; raw?: boolean } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    return { ok: false, status: 0, error: { reason: "Network", ...worded("network") } };
  }
  const text = await res.text();
  let body: unknown = text;
  if (!init.raw) {
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
  }
  if (res.ok) return { ok: true, status: res.status, data: body as T };
  // not one of the API's errors (a proxy's page, a crash): say which status came back
  const error = (body as ApiError | undefined)?.error ?? {
    reason: `HTTP${res.status}`,
    ...worded("httpStatus", { status: res.status }),
  };
  return { ok: false, status: res.status, error };
}

/** Triggers a download of `text` as a file. */
export function download(name: string, text: string, type = "text/plain"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
