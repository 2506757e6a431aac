import type { KubeClient } from "./client.ts";
import { COMMANDS, commandPath, GLOBAL_FLAGS } from "./commandtable.ts";
import { type Context, type ListCache, newListCache } from "./context.ts";
import { parseFlags, str } from "./flags.ts";
import { commandHelp, rootHelp } from "./help.ts";
import type { ParsedManifestFile } from "./manifests.ts";
import { tokenize } from "./shell.ts";

/**
 * The kubectl of the game: a command line in, kubectl's stdout, stderr and exit code out. Reads come
 * from the client's state; every change goes through `client.apply(seat, command)` as the API request
 * kubectl would send. Shared by the browser console (run on the server) and `npm run kubectl`.
 */
export interface KubectlOptions {
  /** The engine seat issuing mutations; default "user". */
  seat?: string;
  /** The context's namespace; default "default". */
  namespace?: string;
  /** Virtual files for `-f NAME` (the browser has no file system). */
  files?: Record<string, string>;
  /** What `-f -` reads. */
  stdin?: string;
  /** `-f` files already parsed (parseManifestFile), by name ("-" for stdin): not parsed again. */
  parsed?: Record<string, ParsedManifestFile>;
  /**
   * Lists to reuse: a caller running many commands on one unchanged state (the game server, between
   * ticks and moves) passes the same cache to each; a change a command sends clears it.
   */
  cache?: ListCache;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function kubectl(
  client: KubeClient,
  commandLine: string | string[],
  options: KubectlOptions = {},
): KubectlResult {
  const cache = options.cache ?? newListCache();
  // every change clears what the line has listed: a later step sees the objects as they are now
  const cached: KubeClient = {
    get state() {
      return client.state;
    },
    apply: (seat, command) => {
      cache.lists.clear();
      cache.index.clear();
      return client.apply(seat, command);
    },
  };
  const ctx: Context = {
    client: cached,
    cache,
    state: client.state,
    seat: options.seat ?? "user",
    namespace: options.namespace ?? "default",
    enforceNamespace: false,
    files: options.files ?? {},
    out: [],
    err: [],
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    ...(options.parsed === undefined ? {} : { parsed: options.parsed }),
  };
  let exitCode: number;
  try {
    exitCode = run(ctx, commandLine);
  } catch (error) {
    ctx.err.push(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    exitCode = 1;
  }
  return { stdout: ctx.out.join(""), stderr: ctx.err.join(""), exitCode };
}

export function wordsOf(
  commandLine: string | string[],
): { ok: true; words: string[] } | { ok: false; message: string } {
  let words: string[];
  if (typeof commandLine === "string") {
    const tokens = tokenize(commandLine);
    if (!tokens.ok) return tokens;
    words = tokens.words;
  } else words = [...commandLine];
  if (words[0] === "kubectl") words = words.slice(1);
  return { ok: true, words };
}

/** Levenshtein distance, case-insensitive, as cobra's suggestions use. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const row = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (s[i - 1] === t[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[t.length] as number;
}

export function suggestions(typed: string): string[] {
  return [...Object.keys(COMMANDS), "help", "options"]
    .sort()
    .filter((name) => distance(typed, name) <= 2 || name.startsWith(typed.toLowerCase()));
}

function run(ctx: Context, commandLine: string | string[]): number {
  const parsedWords = wordsOf(commandLine);
  if (!parsedWords.ok) {
    ctx.err.push(`error: ${parsedWords.message}\n`);
    return 1;
  }
  const words = parsedWords.words;
  ctx.words = words;
  const path = commandPath(words);
  const first = path[0];
  if (!first) {
    ctx.out.push(rootHelp());
    return 0;
  }
  if (first.name === "help") {
    const target = words[first.index + 1];
    const spec = target ? COMMANDS[target] : undefined;
    ctx.out.push(spec ? commandHelp(spec) : rootHelp());
    return 0;
  }
  let spec = COMMANDS[first.name];
  if (!spec) {
    const similar = suggestions(first.name);
    const hint = similar.length ? `\n\nDid you mean this?\n${similar.map((s) => `\t${s}\n`).join("")}` : "";
    ctx.err.push(
      `error: unknown command "${first.name}" for "kubectl"${hint}\nRun 'kubectl --help' for usage.\n`,
    );
    return 1;
  }
  for (const step of path.slice(1)) spec = spec.subcommands?.[step.name] ?? spec;
  const name = path.map((p) => p.name).join(" ");
  if (!spec.run && !spec.subcommands) {
    ctx.err.push(`error: "kubectl ${name}" is not available in this console\n`);
    return 1;
  }
  const rest = words.filter((_, i) => !path.some((p) => p.index === i));
  const flags = parseFlags(rest, [...spec.flags, ...GLOBAL_FLAGS]);
  if (!flags.ok) {
    ctx.err.push(`error: ${flags.message}\nSee 'kubectl ${name} --help' for usage.\n`);
    return 1;
  }
  if (flags.values.help === true) {
    ctx.out.push(commandHelp(spec));
    return 0;
  }
  if (flags.given.has("namespace")) {
    ctx.namespace = str(flags.values, "namespace");
    ctx.enforceNamespace = true;
  }
  if (!spec.run) {
    if (spec.subcommands) {
      const extra = flags.positionals[0];
      if (extra) {
        ctx.err.push(`error: unknown command "${extra}"\nSee 'kubectl ${name} -h' for help and examples\n`);
        return 1;
      }
    }
    ctx.err.push(commandHelp(spec));
    return 1;
  }
  return spec.run(ctx, flags);
}

export { type CompleteOptions, complete } from "./complete.ts";
