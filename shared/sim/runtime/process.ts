import type { Container } from "../model/pod.ts";
import type { ImageProcess } from "../model/registry.ts";

/**
 * What a container's main process does, read from the standard fields so teachers write plain YAML:
 * `sleep N`, `true`, `false`, `echo ...` and, under a shell (`sh -c "..."`), `exit N` and sequences
 * of those. Anything else is a long-running server that runs until stopped. A shell, python or node
 * started with no script exits at once (no terminal on stdin), which is why a bare busybox Deployment
 * ends in CrashLoopBackOff, as it does for real.
 */
export type ProcessOutcome =
  /** Runs until stopped. */
  | { kind: "runs"; logs: string[] }
  /** Exits by itself after `afterMs` with `exitCode`. */
  | { kind: "exits"; afterMs: number; exitCode: number; logs: string[] }
  /** The runtime cannot start it (exit code 128, reason StartError). */
  | { kind: "start-error"; message: string };

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh"]);
const NO_TTY_EXIT = new Set(["sh", "bash", "ash", "dash", "zsh", "python", "python3", "node"]);
const BUILTINS_ONLY = new Set(["exit", "cd", "export", "set", "source", "."]);
const HELLO = [
  "",
  "Hello from Docker!",
  "This message shows that your installation appears to be working correctly.",
];

/** The argv Kubernetes runs: command replaces ENTRYPOINT (and drops CMD); args replace CMD. */
export function effectiveArgv(container: Pick<Container, "command" | "args">, image: ImageProcess): string[] {
  if (container.command && container.command.length > 0)
    return [...container.command, ...(container.args ?? [])];
  return [...(image.entrypoint ?? []), ...(container.args ?? image.cmd ?? [])];
}

export function interpretProcess(container: Container, image: ImageProcess): ProcessOutcome {
  const argv = effectiveArgv(container, image);
  const env = new Set((container.env ?? []).filter((e) => e.value !== "").map((e) => e.name));
  return interpretArgv(argv, image, env);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function interpretArgv(argv: string[], image: ImageProcess, env: Set<string>): ProcessOutcome {
  const [program, ...rest] = argv;
  if (program === undefined) {
    return { kind: "start-error", message: "no command specified" };
  }
  const name = basename(program);
  const imageDefault = image.entrypoint?.[0] ?? image.cmd?.[0];
  if (program === imageDefault && image.requiredEnv && !image.requiredEnv.anyOf.some((v) => env.has(v))) {
    return { kind: "exits", afterMs: 300, exitCode: 1, logs: image.requiredEnv.message.split("\n") };
  }
  if (name === "docker-entrypoint.sh" && rest.length > 0) return interpretArgv(rest, {}, env);
  if (program === "/hello") return { kind: "exits", afterMs: 50, exitCode: 0, logs: HELLO };
  if (SHELLS.has(name) && rest[0] === "-c") return runScript(rest[1] ?? "");
  if (NO_TTY_EXIT.has(name) && rest.length === 0)
    return { kind: "exits", afterMs: 50, exitCode: 0, logs: [] };
  if (BUILTINS_ONLY.has(program)) {
    return {
      kind: "start-error",
      message: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${program}": executable file not found in $PATH: unknown`,
    };
  }
  return runScript(argv.map(quoteWord).join(" "));
}

function quoteWord(word: string): string {
  return /[\s;&|]/.test(word) ? `'${word.replace(/'/g, "")}'` : word;
}

/** Runs a small shell script: `;`, `&&`, `||` and newlines between simple commands. */
function runScript(script: string): ProcessOutcome {
  const logs: string[] = [];
  let elapsed = 0;
  let status = 0;
  const steps = splitScript(script);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (!step) continue;
    if (step.op === "&&" && status !== 0) continue;
    if (step.op === "||" && status === 0) continue;
    const words = splitWords(step.text);
    const [cmd = "", ...args] = words;
    switch (basename(cmd)) {
      case "":
      case ":":
      case "true":
        status = 0;
        break;
      case "false":
        status = 1;
        break;
      case "echo":
        logs.push(args.join(" "));
        status = 0;
        break;
      case "sleep": {
        const seconds = parseSleep(args);
        if (seconds === undefined) return { kind: "runs", logs };
        if (seconds === Number.POSITIVE_INFINITY) return { kind: "runs", logs };
        elapsed += seconds * 1000;
        status = 0;
        break;
      }
      case "exit": {
        const code = args[0] === undefined ? status : Number(args[0]);
        return { kind: "exits", afterMs: elapsed, exitCode: Number.isInteger(code) ? code & 255 : 2, logs };
      }
      default:
        return { kind: "runs", logs };
    }
  }
  return { kind: "exits", afterMs: elapsed, exitCode: status, logs };
}

function parseSleep(args: string[]): number | undefined {
  if (args.length === 0) return undefined;
  let total = 0;
  for (const arg of args) {
    if (arg === "infinity" || arg === "inf") return Number.POSITIVE_INFINITY;
    const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
    if (!match) return undefined;
    const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] ?? ""] ?? 1;
    total += Number(match[1]) * unit;
  }
  return total;
}

interface Step {
  op: ";" | "&&" | "||";
  text: string;
}

function splitScript(script: string): Step[] {
  const steps: Step[] = [];
  let op: Step["op"] = ";";
  let current = "";
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const c = script[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      current += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      current += c;
      continue;
    }
    const two = script.slice(i, i + 2);
    if (two === "&&" || two === "||") {
      steps.push({ op, text: current.trim() });
      op = two;
      current = "";
      i++;
    } else if (c === ";" || c === "\n") {
      steps.push({ op, text: current.trim() });
      op = ";";
      current = "";
    } else {
      current += c;
    }
  }
  steps.push({ op, text: current.trim() });
  return steps.filter((s) => s.text.length > 0 || s.op !== ";");
}

function splitWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"([^"]*)"|(\S+)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) words.push(m[1] ?? m[2] ?? m[3] ?? "");
  return words;
}
