import type { Sink, Stream } from "../exec.ts";
import type { Redirect } from "./parse.ts";

/**
 * Redirections of one command, applied left to right as a shell does: `> file`, `>> file`, `2>&1`,
 * `&> file`, `< file`, /dev/null, /dev/stdout and /dev/stderr. Files are the process's own (run.files).
 */
type Target = ((text: string) => void) | null;

export function redirect(
  redirects: Redirect[],
  out: Sink,
  stdin: string | undefined,
  files: Map<string, string>,
): { sink: Sink; input: string | undefined } {
  let fd1: Target = (t) => out.write(t, "out");
  let fd2: Target = (t) => out.write(t, "err");
  let input = stdin;
  const fileTarget = (path: string, append: boolean): Target => {
    if (path === "/dev/null") return null;
    if (path === "/dev/stdout") return fd1;
    if (path === "/dev/stderr") return fd2;
    if (!append) files.set(path, "");
    files.delete(`deleted:${path}`);
    return (t) => files.set(path, (files.get(path) ?? "") + t);
  };
  for (const r of redirects) {
    const target = r.target;
    if (r.op === "<") {
      input = files.get(target) ?? "";
    } else if (r.op === ">&") {
      if (target === "1" || target === "2") {
        const t: Target = target === "1" ? fd1 : fd2;
        if ((r.fd ?? 1) === 2) fd2 = t;
        else fd1 = t;
      } else {
        fd1 = fd2 = fileTarget(target, false);
      }
    } else if (r.op === "&>") {
      fd1 = fd2 = fileTarget(target, false);
    } else {
      const t = fileTarget(target, r.op === ">>");
      if ((r.fd ?? 1) === 2) fd2 = t;
      else fd1 = t;
    }
  }
  const a = fd1;
  const b = fd2;
  const sink: Sink = {
    write: (text: string, stream: Stream) => {
      const target: Target = stream === "out" ? a : b;
      target?.(text);
    },
  };
  return { sink, input };
}
