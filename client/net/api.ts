import type { ApiError } from "../../shared/protocol/http.ts";

/**
 * The HTTP API under /api as the page calls it: every answer is either the body or the server's
 * `{ error: { reason, message } }` (a network failure becomes reason "Network").
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
  } catch (error) {
    return { ok: false, status: 0, error: { reason: "Network", message: String((error as Error).message) } };
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
  const error = (body as ApiError | undefined)?.error ?? {
    reason: `HTTP${res.status}`,
    message: typeof body === "string" && body ? body.slice(0, 200) : res.statusText,
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
