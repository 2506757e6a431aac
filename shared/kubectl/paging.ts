import type { Context } from "./context.ts";

/**
 * How much one console command may print, so that no command holds the server's event loop (shared by
 * every class) for more than a few milliseconds however big the cluster is. Measured on a 2-core
 * machine over 10,000 pods (BENCHMARKS.md, "kubectl bounds"):
 *
 * - a `get` lists at most PAGE_OBJECTS objects (kubectl's own default --chunk-size, 500): a 500-row
 *   table takes ~2 ms (-o wide ~5 ms); `--chunk-size` asks for fewer, and `--continue` goes on from
 *   the previous page as the API server's `limit`/`continue` do;
 * - `-o json` and `-o yaml` stop at PAGE_BYTES (~3-6 ms of printing), with the List's
 *   `metadata.continue` and `remainingItemCount` set as the API server sets them;
 * - `describe` describes at most DESCRIBE_OBJECTS objects (each scans the cluster's events);
 * - a command names at most MAX_NAMES objects.
 *
 * Whatever is left out is said on stderr in kubectl's warning form, with the command that continues
 * and how to narrow the list instead.
 */
export const PAGE_OBJECTS = 500;
export const PAGE_BYTES = 128 * 1024;
export const DESCRIBE_OBJECTS = 10;
export const MAX_NAMES = 100;

/** Where a page ended: the index of the resource (in the command's order) and the last key printed. */
export interface PageMark {
  resource: number;
  key: string;
}

/** An opaque continue token, as the API server's are (base64url of JSON, ASCII-escaped). */
export function encodeContinue(mark: PageMark): string {
  const json = JSON.stringify({ v: 1, r: mark.resource, k: mark.key }).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return btoa(json).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function decodeContinue(token: string): PageMark | undefined {
  try {
    const value = JSON.parse(atob(token.replaceAll("-", "+").replaceAll("_", "/"))) as {
      v?: unknown;
      r?: unknown;
      k?: unknown;
    };
    if (value.v !== 1 || typeof value.r !== "number" || typeof value.k !== "string") return undefined;
    if (!Number.isInteger(value.r) || value.r < 0) return undefined;
    return { resource: value.r, key: value.k };
  } catch {
    return undefined;
  }
}

/** The API server's answer to a continue token it cannot read (kubectl prints it as is). */
export const BAD_CONTINUE =
  "Error from server (BadRequest): continue key is not valid: illegal base64 data at input byte 0";

/** The command line again with `--continue=TOKEN` (any earlier --continue dropped). */
export function nextPageCommand(ctx: Context, token: string): string {
  const words: string[] = [];
  const given = ctx.words ?? [];
  for (let i = 0; i < given.length; i++) {
    const word = given[i] as string;
    if (word === "--continue") {
      i++;
      continue;
    }
    if (word.startsWith("--continue=")) continue;
    words.push(/^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);
  }
  return `kubectl ${words.join(" ")} --continue=${token}`;
}
