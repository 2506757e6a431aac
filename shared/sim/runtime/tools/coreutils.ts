import { invoke, notModelled } from "../command.ts";
import { Halt } from "../exec.ts";
import { fileExists, readFile } from "../files.ts";
import { DATE_DEFAULT, strftime } from "../strftime.ts";
import { awk } from "./awk.ts";
import { STREAM_TOOLS } from "./streams.ts";
import { echo, printf, test } from "./text.ts";
import { busybox, complain, say, type Tool } from "./types.ts";

/**
 * The coreutils and BusyBox applets containers use in their commands: what they print (environment,
 * date on the simulated clock, files), how long they take (sleep), and the files they touch.
 */
export function parseDuration(arg: string): number | undefined {
  if (arg === "infinity" || arg === "inf") return Number.POSITIVE_INFINITY;
  const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? ""] ?? 1;
  return Number(m[1]) * unit * 1000;
}

const sleep: Tool = (call) => {
  if (call.args.length === 0) {
    complain(
      call,
      busybox(call)
        ? "BusyBox v1.36.1 multi-call binary.\n\nUsage: sleep [N]..."
        : "sleep: missing operand\nTry 'sleep --help' for more information.",
    );
    return 1;
  }
  let total = 0;
  for (const arg of call.args) {
    const ms = parseDuration(arg);
    if (ms === undefined) {
      complain(
        call,
        busybox(call) ? `sleep: invalid number '${arg}'` : `sleep: invalid time interval '${arg}'`,
      );
      return 1;
    }
    total += ms;
  }
  if (total === Number.POSITIVE_INFINITY) throw new Halt("forever");
  call.run.advance(total);
  return 0;
};

const printenv: Tool = (call) => {
  const vars = call.args.filter((a) => !a.startsWith("-"));
  if (vars.length === 0) {
    for (const [k, v] of call.env) say(call, `${k}=${v}`);
    return 0;
  }
  let status = 0;
  for (const name of vars) {
    const v = call.env.get(name);
    if (v === undefined) status = 1;
    else say(call, v);
  }
  return status;
};

const env: Tool = (call) => {
  const vars = new Map(call.env);
  let i = 0;
  for (; i < call.args.length; i++) {
    const a = call.args[i] as string;
    if (a === "-i" || a === "-") vars.clear();
    else if (a === "-u") vars.delete(call.args[++i] ?? "");
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(a))
      vars.set(a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1));
    else break;
  }
  const argv = call.args.slice(i);
  if (argv.length === 0) {
    for (const [k, v] of vars) say(call, `${k}=${v}`);
    return 0;
  }
  return invoke({ ...call, argv, env: vars });
};

const date: Tool = (call) => {
  let format = DATE_DEFAULT;
  for (let i = 0; i < call.args.length; i++) {
    const a = call.args[i] as string;
    if (a.startsWith("+")) format = a.slice(1);
    else if (a === "-R" || a === "--rfc-email") format = "%a, %d %b %Y %H:%M:%S %z";
    else if (a.startsWith("-I") || a.startsWith("--iso-8601"))
      format = a.includes("s") ? "%Y-%m-%dT%H:%M:%S+00:00" : "%Y-%m-%d";
  }
  say(call, strftime(format, call.run.facts.startedAt + call.run.now));
  return 0;
};

const hostname: Tool = (call) => {
  const facts = call.run.facts;
  say(call, call.args.includes("-i") || call.args.includes("-I") ? facts.podIP : facts.hostname);
  return 0;
};

const cat: Tool = (call) => {
  const paths = call.args.filter((a) => a !== "-" && !/^-[A-Za-z]+$/.test(a));
  if (paths.length === 0) {
    call.out.write(call.stdin ?? "", "out");
    return 0;
  }
  let status = 0;
  for (const path of paths) {
    const read = readFile(call.run, path);
    if ("text" in read) call.out.write(read.text, "out");
    else if ("missing" in read) {
      complain(
        call,
        busybox(call)
          ? `cat: can't open '${path}': No such file or directory`
          : `cat: ${path}: No such file or directory`,
      );
      status = 1;
    } else call.run.note(`cat ${path}`, "the image's files are not modelled; assumed to print nothing");
  }
  return status;
};

const touch: Tool = (call) => {
  for (const p of call.args.filter((a) => !a.startsWith("-"))) {
    call.run.files.delete(`deleted:${p}`);
    if (!call.run.files.has(p)) call.run.files.set(p, "");
  }
  return 0;
};

const rm: Tool = (call) => {
  for (const p of call.args.filter((a) => !a.startsWith("-"))) {
    call.run.files.delete(p);
    call.run.files.set(`deleted:${p}`, "");
  }
  return 0;
};

const copy: Tool = (call) => {
  const paths = call.args.filter((a) => !a.startsWith("-"));
  const [from = "", to = ""] = paths;
  const read = readFile(call.run, from);
  if ("text" in read) call.run.files.set(to, read.text);
  if (call.name === "mv") call.run.files.delete(from);
  return 0;
};

const ok: Tool = () => 0;

const uname: Tool = (call) => {
  const a = call.args.join("");
  if (a.includes("a"))
    say(
      call,
      `Linux ${call.run.facts.hostname} 6.1.0-28-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux`,
    );
  else if (a.includes("r")) say(call, "6.1.0-28-cloud-amd64");
  else if (a.includes("m")) say(call, "x86_64");
  else say(call, "Linux");
  return 0;
};

const timeout: Tool = (call) => {
  const args = call.args.filter((a, i) => !(a.startsWith("-") && i === 0));
  const [duration = "", ...argv] = args;
  const limit = parseDuration(duration);
  if (limit === undefined || argv.length === 0) return 125;
  const run = call.run;
  const start = run.now;
  const mark = run.out.length;
  // The command outlives its limit: it is killed with SIGTERM and timeout exits 124.
  const killed = () => {
    run.flush();
    run.out.splice(mark, run.out.length - mark, ...run.out.slice(mark).filter((l) => l.at <= start + limit));
    run.now = start;
    run.advance(limit);
    return 124;
  };
  try {
    const status = invoke({ ...call, argv, mode: "script" });
    return run.now - start > limit ? killed() : status;
  } catch (e) {
    if (!(e instanceof Halt) || e.reason === "exit" || e.reason === "busy") throw e;
    if (start + limit > run.horizon) throw e;
    return killed();
  }
};

const nohup: Tool = (call) =>
  invoke({ ...call, argv: call.args, mode: call.mode === "main" ? "main" : "script" });

const which: Tool = (call) => {
  let status = 0;
  for (const name of call.args.filter((a) => !a.startsWith("-"))) {
    const found = call.run.facts.userland.programs.has(name) || call.run.facts.image.tools?.includes(name);
    if (found) say(call, `/usr/bin/${name}`);
    else status = 1;
  }
  return status;
};

const id: Tool = (call) => {
  if (call.name === "whoami") say(call, "root");
  else if (call.args.includes("-u")) say(call, "0");
  else say(call, "uid=0(root) gid=0(root) groups=0(root)");
  return 0;
};

const pwd: Tool = (call) => {
  say(call, call.env.get("PWD") ?? call.run.facts.image.workingDir ?? "/");
  return 0;
};

const nproc: Tool = (call) => {
  say(call, "4");
  return 0;
};

const yes: Tool = (call) => {
  call.run.cpu = Math.max(call.run.cpu, 1000);
  const text = call.args.join(" ") || "y";
  for (let i = 0; i < 1000; i++) say(call, text);
  throw new Halt("busy");
};

const usleep: Tool = (call) => {
  call.run.advance(Number(call.args[0] ?? 0) / 1000);
  return 0;
};

/** ls: only what the simulated filesystem knows. */
const ls: Tool = (call) => notModelled(call, ["ls", ...call.args].join(" "));

export const COREUTILS: Record<string, Tool> = {
  ...STREAM_TOOLS,
  awk,
  gawk: awk,
  mawk: awk,
  sleep,
  printenv,
  env,
  date,
  hostname,
  cat,
  touch,
  rm,
  cp: copy,
  mv: copy,
  mkdir: ok,
  chmod: ok,
  chown: ok,
  ln: ok,
  sync: ok,
  kill: ok,
  true: ok,
  false: () => 1,
  uname,
  timeout,
  nohup,
  which,
  id,
  whoami: id,
  pwd,
  nproc,
  yes,
  usleep,
  ls,
  echo: (call) => echo(call, false),
  printf,
  test: (call) => test(call, (p) => fileExists(call.run, p)),
  "[": (call) => test(call, (p) => fileExists(call.run, p)),
};
