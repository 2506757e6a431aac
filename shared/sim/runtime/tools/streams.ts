import { Halt } from "../exec.ts";
import { readFile } from "../files.ts";
import { say, type Tool, type ToolCall } from "./types.ts";

/**
 * The tools pipelines and scripts feed text to: head, tail (tail -f keeps a container up), wc, grep,
 * sort, uniq, tee, seq and expr.
 */
function input(call: ToolCall, paths: string[]): string {
  if (paths.length === 0) return call.stdin ?? "";
  return paths
    .map((p) => {
      const r = readFile(call.run, p);
      return "text" in r ? r.text : "";
    })
    .join("");
}

function lines(text: string): string[] {
  const all = text.split("\n");
  if (all[all.length - 1] === "") all.pop();
  return all;
}

function count(call: ToolCall): { n: number; paths: string[] } {
  let n = 10;
  const paths: string[] = [];
  for (let i = 0; i < call.args.length; i++) {
    const a = call.args[i] as string;
    if (a === "-n" || a === "-c") n = Number.parseInt(call.args[++i] ?? "10", 10);
    else if (/^-n?\d+$/.test(a)) n = Number.parseInt(a.replace(/^-n?/, ""), 10);
    else if (a === "-f" || a === "-F") {
      // tail -f waits for more lines for ever (tail -f /dev/null keeps a container up).
    } else if (!a.startsWith("-")) paths.push(a);
  }
  return { n, paths };
}

const head: Tool = (call) => {
  const { n, paths } = count(call);
  for (const line of lines(input(call, paths)).slice(0, n)) say(call, line);
  return 0;
};

const tail: Tool = (call) => {
  const { n, paths } = count(call);
  for (const line of lines(input(call, paths)).slice(-n)) if (n > 0) say(call, line);
  if (call.args.some((a) => a === "-f" || a === "-F" || /^-\w*f/.test(a))) throw new Halt("forever");
  return 0;
};

const wc: Tool = (call) => {
  const paths = call.args.filter((a) => !a.startsWith("-"));
  const text = input(call, paths);
  const l = lines(text).length;
  const w = text.split(/\s+/).filter(Boolean).length;
  const flags = call.args.filter((a) => a.startsWith("-")).join("");
  if (flags.includes("l") && !flags.includes("w") && !flags.includes("c")) say(call, String(l));
  else if (flags.includes("w") && !flags.includes("l")) say(call, String(w));
  else if (flags.includes("c") && !flags.includes("l")) say(call, String(text.length));
  else say(call, `${String(l).padStart(7)} ${String(w).padStart(7)} ${String(text.length).padStart(7)}`);
  return 0;
};

const grep: Tool = (call) => {
  const flags = call.args.filter((a) => /^-[a-zA-Z]+$/.test(a)).join("");
  const rest = call.args.filter((a) => !/^-[a-zA-Z]+$/.test(a));
  const [pattern = "", ...paths] = rest;
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags.includes("i") ? "i" : "");
  } catch {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  }
  const matched = lines(input(call, paths)).filter((l) => re.test(l) !== flags.includes("v"));
  if (flags.includes("c")) say(call, String(matched.length));
  else if (!flags.includes("q")) for (const l of matched) say(call, l);
  return matched.length > 0 ? 0 : 1;
};

const sort: Tool = (call) => {
  const sorted = lines(
    input(
      call,
      call.args.filter((a) => !a.startsWith("-")),
    ),
  ).sort();
  if (call.args.includes("-r")) sorted.reverse();
  for (const l of sorted) say(call, l);
  return 0;
};

const uniq: Tool = (call) => {
  let previous: string | undefined;
  for (const l of lines(input(call, []))) {
    if (l !== previous) say(call, l);
    previous = l;
  }
  return 0;
};

const tee: Tool = (call) => {
  const text = call.stdin ?? "";
  const append = call.args.includes("-a");
  for (const path of call.args.filter((a) => !a.startsWith("-"))) {
    call.run.files.set(path, (append ? (call.run.files.get(path) ?? "") : "") + text);
  }
  call.out.write(text, "out");
  return 0;
};

const seq: Tool = (call) => {
  const nums = call.args.filter((a) => /^-?\d+$/.test(a)).map(Number);
  const [first, step, last] =
    nums.length === 1
      ? [1, 1, nums[0] ?? 1]
      : nums.length === 2
        ? [nums[0] ?? 1, 1, nums[1] ?? 1]
        : [nums[0] ?? 1, nums[1] ?? 1, nums[2] ?? 1];
  for (let i = first, n = 0; step > 0 ? i <= last : i >= last; i += step, n++) {
    if (n > 100_000) break;
    say(call, String(i));
  }
  return 0;
};

const expr: Tool = (call) => {
  const [a = "", op, b = ""] = call.args;
  const x = Number(a);
  const y = Number(b);
  const results: Record<string, number | string> = {
    "+": x + y,
    "-": x - y,
    "*": x * y,
    "/": y ? Math.trunc(x / y) : 0,
    "%": y ? x % y : 0,
  };
  const v = op ? (results[op] ?? (op === "=" ? Number(a === b) : 0)) : a;
  say(call, String(v));
  return v === 0 || v === "" ? 1 : 0;
};

export const STREAM_TOOLS: Record<string, Tool> = {
  head,
  tail,
  wc,
  grep,
  egrep: grep,
  sort,
  uniq,
  tee,
  seq,
  expr,
};
