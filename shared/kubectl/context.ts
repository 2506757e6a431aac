import type { CommandResult } from "../sim/commands.ts";
import type { ClusterState } from "../sim/model/state.ts";
import type { KubeClient } from "./client.ts";
import type { ParsedManifestFile } from "./manifests.ts";

/**
 * What a command runs against: the cluster's client (mutations go through `client.apply(seat, ...)`),
 * its state (reads), the namespace in effect, the virtual files for `-f`, and the stdout/stderr being
 * written.
 */
export interface Context {
  client: KubeClient;
  state: ClusterState;
  seat: string;
  namespace: string;
  /** `-n` was given: a manifest naming another namespace is refused, as kubectl does. */
  enforceNamespace: boolean;
  files: Record<string, string>;
  stdin?: string;
  /** `-f` files already parsed (by name, "-" for stdin), e.g. on a worker thread. */
  parsed?: Record<string, ParsedManifestFile>;
  out: string[];
  err: string[];
  /** The command line's words after `kubectl` (what a "next page" hint repeats). */
  words?: string[];
  /** Objects listed during this command line, by resource (cleared by every change it sends). */
  cache?: ListCache;
}

/** What one command line has listed so far: each resource's objects in key order, and by key. */
export interface ListCache {
  lists: Map<object, unknown[]>;
  index: Map<object, Map<string, unknown>>;
}

export function newListCache(): ListCache {
  return { lists: new Map(), index: new Map() };
}

export function print(ctx: Context, text: string): void {
  ctx.out.push(text.endsWith("\n") ? text : `${text}\n`);
}

export function printErr(ctx: Context, text: string): void {
  ctx.err.push(text.endsWith("\n") ? text : `${text}\n`);
}

/**
 * An engine refusal as kubectl reports the API server's answer: `Error from server (NotFound): ...`,
 * the validation message as is for Invalid, and messages the engine already words completely (etcd
 * without quorum, a refused connection, kubectl-side `error: ...`) unchanged.
 */
export function refusalText(result: Extract<CommandResult, { ok: false }>): string {
  const message = result.message;
  if (
    message.startsWith("error: ") ||
    message.startsWith("Error from server") ||
    message.startsWith("The connection to the server")
  ) {
    return message;
  }
  if (message.startsWith("malformed command: ")) return `error: ${message}`;
  switch (result.code) {
    case "Invalid":
    case "Unavailable":
      return message;
    default:
      return `Error from server (${result.code}): ${message}`;
  }
}
