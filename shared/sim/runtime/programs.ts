import type { ProgramSpec } from "../model/registry.ts";
import { parseBytes } from "../quantity.ts";
import { findCommand } from "./binaries.ts";
import { type Invocation, invoke } from "./command.ts";
import { Halt } from "./exec.ts";
import { systemFile } from "./files.ts";
import { fillNow } from "./strftime.ts";
import { parseDuration } from "./tools/coreutils.ts";

/**
 * What an image's own programs do (catalogue.json's "runs"): servers that run until stopped (or exit
 * at once when a required setting is missing), programs that print and exit, entrypoint scripts that
 * hand over to their command, language runtimes, and the tools of kubernetes.io's exercises (stress,
 * agnhost, http-echo) whose flags decide their memory, CPU, ports and output.
 */
type Found = { key: string; spec: ProgramSpec; args: string[] };

const MiB = 1024 * 1024;

function write(inv: Invocation, lines: string[], stream: "out" | "err" = "out"): void {
  const at = inv.run.facts.startedAt + inv.run.now;
  for (const line of lines) inv.out.write(`${fillNow(line, at)}\n`, stream);
}

/** Does the environment hold one of the settings a program requires (NAME or NAME=value)? */
function satisfied(inv: Invocation, anyOf: string[]): boolean {
  const unresolved = inv.run.facts.unresolved;
  return anyOf.some((want) => {
    const eq = want.indexOf("=");
    const name = eq < 0 ? want : want.slice(0, eq);
    if (unresolved.includes(name)) return true;
    const value = inv.env.get(name);
    return eq < 0 ? value !== undefined && value !== "" : value === want.slice(eq + 1);
  });
}

function serve(inv: Invocation, found: Found, listens?: number[]): never {
  const run = inv.run;
  if (found.spec.memory) run.declareMemory(found.spec.memory);
  run.serving = listens ? { program: found.key, listens } : { program: found.key };
  throw new Halt("forever");
}

export function runProgram(found: Found, inv: Invocation): number {
  const { spec, key } = found;
  const run = inv.run;
  const command = [key, ...found.args].join(" ");
  if (spec.requires && !satisfied(inv, spec.requires.anyOf)) {
    run.advance(300);
    write(inv, spec.requires.message, "err");
    return spec.requires.exitCode;
  }
  if (spec.notModelled) {
    run.note(
      command,
      `${spec.about ? `${spec.about} ` : ""}${spec.runs === "exits" ? "Assumed to exit 0." : "Assumed to run until stopped."}`,
    );
  }
  switch (spec.runs) {
    case "server":
      if (spec.output) write(inv, spec.output);
      if (spec.banner) run.banner(spec.banner);
      return serve(inv, found, spec.listens);
    case "exits":
      if (spec.output) write(inv, spec.output);
      run.advance(50);
      return spec.exitCode ?? 0;
    case "pause":
      return serve(inv, found, []);
    case "entrypoint":
      return entrypoint(found, inv);
    case "interpreter":
      return interpreter(found, inv);
    case "stress":
      return stress(found, inv);
    case "vish-stress":
      return vishStress(found, inv);
    case "agnhost":
      return agnhost(found, inv);
    case "http-echo":
      return httpEcho(found, inv);
  }
}

/**
 * docker-entrypoint.sh, tini, dumb-init ...: run the command they are given. Arguments that are flags
 * or not a command go to the image's program ("-c maxmemory=2mb" to redis-server, "server.js" to node).
 */
function entrypoint(found: Found, inv: Invocation): number {
  let args = found.args[0] === "--" ? found.args.slice(1) : found.args;
  const fallback = found.spec.default;
  if (args.length === 0) {
    if (!fallback) return 0;
    args = fallback;
  } else if (fallback && (args[0]?.startsWith("-") || findCommand(inv.run.facts, args).kind === "missing")) {
    args = [...fallback, ...args];
  }
  if (findCommand(inv.run.facts, args).kind === "missing") {
    inv.out.write(`${found.key}: 1: exec: ${args[0]}: not found\n`, "err");
    return 127;
  }
  return invoke({ ...inv, argv: args, mode: inv.mode === "script" ? "script" : "exec" });
}

/** A one-liner the interpreter is given (-c, -e): prints and sleeps are followed, the rest is not. */
function oneLiner(found: Found, inv: Invocation, code: string): number {
  const run = inv.run;
  const print = /^(?:print|console\.log|puts|echo)\s*\(?\s*(['"])(.*)\1\s*\)?;?$/;
  for (const raw of code.split(/[;\n]/)) {
    const stmt = raw.trim();
    if (stmt === "" || /^(import|from|require|use)\b/.test(stmt)) continue;
    const p = print.exec(stmt);
    const sleep = /^time\.sleep\((\d+(?:\.\d+)?)\)$/.exec(stmt);
    if (p) inv.out.write(`${p[2]}\n`, "out");
    else if (sleep) run.advance(Number(sleep[1]) * 1000);
    else {
      run.note(`${found.key} ${found.args.join(" ")}`, "assumed to run until stopped");
      return serve(inv, found);
    }
  }
  return 0;
}

function interpreter(found: Found, inv: Invocation): number {
  const name = (found.key.split(" ")[0] ?? "").split("/").pop() ?? "";
  const run = inv.run;
  if (found.spec.memory) run.declareMemory(found.spec.memory);
  const version = run.facts.image.version ?? "";
  const args = found.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "-c" || a === "-e" || a === "--eval" || a === "-r")
      return oneLiner(found, inv, args[i + 1] ?? "");
    if (a === "--version" || a === "-V" || a === "-v" || a === "-version") {
      if (name.startsWith("python")) inv.out.write(`Python ${version}\n`, "out");
      else if (name === "node") inv.out.write(`v${version}\n`, "out");
      else if (name === "java") inv.out.write(`openjdk version "${version}"\n`, "err");
      else inv.out.write(`${name} ${version}\n`, "out");
      return 0;
    }
    if (a === "-W" || a === "-X") {
      i++;
      continue;
    }
    if (a === "-a" || a === "-de0" || a === "-i") continue;
    if (a.startsWith("-") && a !== "-m" && a !== "-jar") continue;
    // A script, a module or a jar: the program of an image the catalogue does not describe.
    run.note([found.key, ...args].join(" "), "assumed to run until stopped");
    return serve(inv, found);
  }
  if (name === "java") {
    inv.out.write(
      "Usage: java [options] <mainclass> [args...]\n           (to execute a class)\n   or  java [options] -jar <jarfile> [args...]\n           (to execute a jar file)\n",
      "err",
    );
    return 1;
  }
  // A REPL (python3, node, irb, jshell, php -a, perl -de0) reads a terminal; without one, it exits.
  run.advance(50);
  return 0;
}

/** polinux/stress: --vm N --vm-bytes SIZE (binary suffixes) --cpu N --timeout T. */
function stress(found: Found, inv: Invocation): number {
  const args = found.args;
  const value = (flag: string, short: string) => {
    const i = args.findIndex((a) => a === flag || a === short);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (args.length === 0 || args.includes("--help") || args.includes("-?")) {
    inv.out.write(
      "`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n",
      "out",
    );
    return 0;
  }
  const vm = Number(value("--vm", "-m") ?? 0);
  const cpu = Number(value("--cpu", "-c") ?? 0);
  const io = Number(value("--io", "-i") ?? 0);
  const hdd = Number(value("--hdd", "-d") ?? 0);
  const sizeText = value("--vm-bytes", "--vm-bytes") ?? "256M";
  const m = /^(\d+)([bBkKmMgG]?)$/.exec(sizeText);
  const unit = { "": 1, b: 1, k: 1024, m: MiB, g: 1024 * MiB }[(m?.[2] ?? "").toLowerCase()] ?? 1;
  const bytes = m ? Number(m[1]) * unit : 256 * MiB;
  const run = inv.run;
  inv.out.write(`stress: info: [1] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, ${hdd} hdd\n`, "out");
  run.declareMemory(vm * bytes + MiB);
  run.cpu = Math.max(run.cpu, (cpu + (args.includes("--vm-hang") ? 0 : vm)) * 1000);
  const timeout = value("--timeout", "-t");
  const ms = timeout ? parseDuration(timeout) : undefined;
  if (ms === undefined) return serve(inv, found, []);
  run.advance(ms);
  inv.out.write(`stress: info: [1] successful run completed in ${Math.round(ms / 1000)}s\n`, "out");
  return 0;
}

/** vish/stress: -mem-total grows in -mem-alloc-size steps every -mem-alloc-sleep; -cpus burns CPUs. */
function vishStress(found: Found, inv: Invocation): number {
  const args = found.args;
  const value = (flag: string) => {
    const i = args.findIndex((a) => a === flag || a === `-${flag}`);
    if (i >= 0) return args[i + 1];
    return args.find((a) => a.startsWith(`${flag}=`) || a.startsWith(`-${flag}=`))?.split("=")[1];
  };
  const total = parseBytes(value("-mem-total") ?? "0") ?? 0;
  const step = parseBytes(value("-mem-alloc-size") ?? "4Ki") || 4096;
  const every = parseDuration(value("-mem-alloc-sleep") ?? "1ms") ?? 1;
  const cpus = Number(value("-cpus") ?? 0);
  inv.run.declareMemory(total, Math.ceil(total / step) * every);
  inv.run.cpu = Math.max(inv.run.cpu, cpus * 1000);
  return serve(inv, found, []);
}

/** agnhost SUBCOMMAND: the Kubernetes e2e test server's modes. */
function agnhost(found: Found, inv: Invocation): number {
  const [sub, ...args] = found.args;
  const flag = (name: string, fallback: number) => {
    const a = args.find((x) => x.startsWith(`--${name}=`));
    const i = args.indexOf(`--${name}`);
    return Number(a ? a.split("=")[1] : i >= 0 ? args[i + 1] : fallback) || fallback;
  };
  const facts = inv.run.facts;
  inv.run.declareMemory(8 * MiB);
  switch (sub) {
    case undefined:
    case "help":
      inv.out.write(
        "Usage:\n  agnhost [command]\n\nAvailable Commands:\n  liveness, netexec, pause, serve-hostname, test-webserver ...\n",
        "out",
      );
      return 0;
    case "pause":
      inv.out.write("Paused\n", "out");
      return serve(inv, found, []);
    case "netexec": {
      const port = flag("http-port", 8080);
      inv.out.write(
        `Started HTTP server on port ${port}\nStarted UDP server on port  ${flag("udp-port", 8081)}\n`,
        "out",
      );
      return serve(inv, found, [port]);
    }
    case "serve-hostname":
      return serve(inv, found, [flag("port", 9376)]);
    case "liveness":
      return serve(inv, found, [8080]);
    case "test-webserver":
      return serve(inv, found, [flag("port", 80)]);
    case "nettest":
      return serve(inv, found, [flag("port", 8080)]);
    case "fake-gitserver":
      return serve(inv, found, [flag("port", 8000)]);
    case "dns-suffix":
      inv.out.write("cluster.local\n", "out");
      return 0;
    case "dns-server-list":
      inv.out.write("10.96.0.10\n", "out");
      return 0;
    case "etc-hosts":
      inv.out.write(systemFile(facts, "/etc/hosts") ?? "", "out");
      return 0;
    case "entrypoint-tester":
      inv.out.write(`${JSON.stringify([found.key, ...found.args])}\n`, "out");
      return 0;
    default:
      inv.run.note(["agnhost", ...found.args].join(" "), "assumed to run until stopped");
      return serve(inv, found);
  }
}

/** hashicorp/http-echo -text=TEXT [-listen=:PORT]. */
function httpEcho(found: Found, inv: Invocation): number {
  const args = found.args;
  const value = (flag: string) => {
    const i = args.indexOf(`-${flag}`);
    if (i >= 0) return args[i + 1];
    return args.find((a) => a.startsWith(`-${flag}=`))?.slice(flag.length + 2);
  };
  if (value("text") === undefined) {
    inv.out.write("Missing -text option!\n", "err");
    return 127;
  }
  const listen = value("listen") ?? ":5678";
  const port = Number(listen.slice(listen.lastIndexOf(":") + 1)) || 5678;
  write(inv, [`{now:%Y/%m/%d %H:%M:%S} [INFO] server is listening on ${listen}`], "err");
  return serve(inv, found, [port]);
}
