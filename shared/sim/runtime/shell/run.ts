import type { ShellKind } from "../../catalogue/userland.ts";
import { stateHash } from "../../hash.ts";
import { type Invocation, invoke, type Mode } from "../command.ts";
import { Halt, type Run, type Sink } from "../exec.ts";
import { builtin } from "./builtins.ts";
import { type Expander, expandString, expandWord } from "./expand.ts";
import { ShellSyntaxError } from "./lex.ts";
import { type AndOr, type Command, type Pipeline, parseScript, type Redirect, type Script } from "./parse.ts";
import { redirect } from "./redirect.ts";

/**
 * A POSIX shell (dash, BusyBox ash or bash, as the image has) running a script on the simulated
 * clock: lists, pipelines, loops, conditionals, functions, background jobs and `wait`, redirections
 * to files and /dev/null, `set -e`. Commands it finds in the image run through command.ts.
 */
export class ReturnSignal {
  readonly status: number;
  constructor(status: number) {
    this.status = status;
  }
}

export class Shell implements Expander {
  readonly vars = new Map<string, string>();
  readonly exported = new Set<string>();
  readonly functions = new Map<string, Command>();
  status = 0;
  errexit = false;
  xtrace = false;
  /** End times (ms since start) of background jobs; Infinity for one that never ends. */
  jobs: number[] = [];
  private inCondition = 0;
  private randoms = 0;

  readonly run: Run;
  readonly kind: ShellKind;
  /** $0, and the name it signs its errors with. */
  readonly name: string;
  args: string[];

  constructor(run: Run, kind: ShellKind, name: string, args: string[], env: Map<string, string>) {
    this.run = run;
    this.kind = kind;
    this.name = name;
    this.args = args;
    for (const [k, v] of env) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
  }

  fork(): Shell {
    const child = new Shell(this.run, this.kind, this.name, [...this.args], new Map());
    for (const [k, v] of this.vars) child.vars.set(k, v);
    for (const k of this.exported) child.exported.add(k);
    for (const [k, f] of this.functions) child.functions.set(k, f);
    child.status = this.status;
    child.errexit = this.errexit;
    child.xtrace = this.xtrace;
    return child;
  }

  get(name: string): string | undefined {
    switch (name) {
      case "?":
        return String(this.status);
      case "#":
        return String(this.args.length);
      case "$":
        return "1";
      case "!":
        return String(this.jobs.length + 1);
      case "0":
        return this.name;
      case "-":
        return this.errexit ? "e" : "";
      case "RANDOM":
        return String(
          Number.parseInt(stateHash(`${this.run.facts.seed}:${this.randoms++}`).slice(0, 4), 16) % 32768,
        );
    }
    if (/^[1-9]\d*$/.test(name)) return this.args[Number(name) - 1];
    return this.vars.get(name);
  }

  set(name: string, value: string): void {
    this.vars.set(name, value);
  }

  positional(): string[] {
    return this.args;
  }

  environment(): Map<string, string> {
    const env = new Map<string, string>();
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) env.set(k, v);
    }
    return env;
  }

  substitute(script: string): string {
    let text = "";
    const capture: Sink = {
      write: (t, stream) => {
        if (stream === "out") text += t;
        else this.run.log.write(t, stream);
      },
    };
    this.fork().runSubshell(script, capture);
    return text;
  }

  /** Runs source text; a syntax error is reported as the shell reports it (exit status 2). */
  runSource(src: string, out: Sink): number {
    let script: Script;
    try {
      script = parseScript(src);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      out.write(`${this.name}: 1: ${e.message}\n`, "err");
      this.status = 2;
      return 2;
    }
    return this.runScript(script, out);
  }

  /** A ( subshell ) or $( substitution ): `exit` ends only it. */
  runSubshell(src: string | Script, out: Sink): number {
    try {
      return typeof src === "string" ? this.runSource(src, out) : this.runScript(src, out);
    } catch (e) {
      if (e instanceof Halt && e.reason === "exit") return e.code;
      throw e;
    }
  }

  runScript(script: Script, out: Sink): number {
    for (const andOr of script) {
      if (andOr.background) {
        this.background(andOr, out);
        continue;
      }
      const [status, final] = this.runAndOr(andOr, out);
      this.status = status;
      if (this.errexit && status !== 0 && final && this.inCondition === 0) throw new Halt("exit", status);
    }
    return this.status;
  }

  /** `cmd &`: runs beside the script; its clock does not hold the script's back. */
  private background(andOr: AndOr, out: Sink): void {
    const started = this.run.now;
    let end: number;
    try {
      this.fork().runAndOr({ ...andOr, background: false }, out);
      end = this.run.now;
    } catch (e) {
      if (!(e instanceof Halt)) throw e;
      end = e.reason === "exit" ? this.run.now : Number.POSITIVE_INFINITY;
    }
    this.run.flush();
    this.run.now = started;
    this.jobs.push(end);
    this.status = 0;
  }

  /** `wait`: until every background job has ended. */
  waitJobs(): void {
    const last = Math.max(this.run.now, ...this.jobs);
    this.jobs = [];
    if (last === Number.POSITIVE_INFINITY) throw new Halt("forever");
    this.run.advance(last - this.run.now);
  }

  /** Status of the list, and whether that status came from its last pipeline (for set -e). */
  private runAndOr(andOr: AndOr, out: Sink): [number, boolean] {
    const pipelines = [andOr.first, ...andOr.rest.map((r) => r.pipeline)];
    let status = 0;
    let final = false;
    for (let i = 0; i < pipelines.length; i++) {
      const op = andOr.rest[i - 1]?.op;
      if (op !== undefined && (op === "&&") !== (status === 0)) continue;
      const last = i === pipelines.length - 1;
      // Every pipeline but the last of an && / || list is a condition: set -e spares it.
      if (!last) this.inCondition++;
      try {
        status = this.runPipeline(pipelines[i] as Pipeline, out);
      } finally {
        if (!last) this.inCondition--;
      }
      final = last;
    }
    return [status, final];
  }

  private runPipeline(pipeline: Pipeline, out: Sink): number {
    let stdin: string | undefined;
    let status = 0;
    pipeline.commands.forEach((command, i) => {
      const last = i === pipeline.commands.length - 1;
      let captured = "";
      const sink: Sink = last
        ? out
        : {
            write: (t, stream) => {
              if (stream === "out") captured += t;
              else out.write(t, stream);
            },
          };
      status = this.runCommand(command, sink, stdin);
      stdin = captured;
    });
    this.status = pipeline.negate ? (status === 0 ? 1 : 0) : status;
    return this.status;
  }

  condition(script: Script, out: Sink): number {
    this.inCondition++;
    try {
      return this.runScript(script, out);
    } finally {
      this.inCondition--;
    }
  }

  runCommand(command: Command, out: Sink, stdin?: string): number {
    if (command.type === "function") {
      this.functions.set(command.name, command.body);
      return 0;
    }
    return this.withRedirects(command.redirects, out, stdin, (sink, input) =>
      this.runBody(command, sink, input),
    );
  }

  private runBody(command: Exclude<Command, { type: "function" }>, out: Sink, stdin?: string): number {
    switch (command.type) {
      case "simple":
        return this.runSimple(command.assigns, command.words, out, stdin);
      case "group":
        if (command.subshell) return this.fork().runSubshell(command.body, out);
        return this.runScript(command.body, out);
      case "if": {
        for (const clause of command.clauses) {
          if (this.condition(clause.cond, out) === 0) return this.runScript(clause.body, out);
        }
        return command.otherwise ? this.runScript(command.otherwise, out) : 0;
      }
      case "loop": {
        let status = 0;
        for (;;) {
          this.run.step();
          const cond = this.condition(command.cond, out);
          if ((cond === 0) === command.until) break;
          status = this.runScript(command.body, out);
        }
        return status;
      }
      case "for": {
        const items = command.items ? command.items.flatMap((w) => expandWord(w, this)) : [...this.args];
        let status = 0;
        for (const item of items) {
          this.run.step();
          this.vars.set(command.name, item);
          status = this.runScript(command.body, out);
        }
        return status;
      }
      case "case": {
        const word = expandString(command.word, this);
        for (const arm of command.arms) {
          if (arm.patterns.some((p) => globMatch(expandString(p, this), word)))
            return this.runScript(arm.body, out);
        }
        return 0;
      }
    }
  }

  private runSimple(assigns: string[], words: string[], out: Sink, stdin?: string): number {
    this.run.step();
    const argv = words.flatMap((w) => expandWord(w, this));
    const values = assigns.map((a) => {
      const eq = a.indexOf("=");
      return [a.slice(0, eq), expandString(a.slice(eq + 1), this)] as const;
    });
    if (argv.length === 0) {
      for (const [k, v] of values) this.vars.set(k, v);
      return 0;
    }
    if (this.xtrace) out.write(`+ ${argv.join(" ")}\n`, "err");
    const [name = "", ...args] = argv;
    const fn = this.functions.get(name);
    if (fn) return this.callFunction(fn, args, out);
    const env = this.environment();
    for (const [k, v] of values) env.set(k, v);
    const inv: Invocation = {
      argv,
      env,
      out,
      run: this.run,
      mode: "script",
      shell: { kind: this.kind, name: this.name },
      ...(stdin !== undefined ? { stdin } : {}),
    };
    const status = builtin(this, inv);
    if (status !== undefined) return status;
    return invoke(inv);
  }

  private callFunction(body: Command, args: string[], out: Sink): number {
    const saved = this.args;
    this.args = args;
    try {
      return this.runCommand(body, out);
    } catch (e) {
      if (e instanceof ReturnSignal) return e.status;
      throw e;
    } finally {
      this.args = saved;
    }
  }

  /** `command NAME ARGS`: the command itself, not a function of that name. */
  runSubcommand(argv: string[], inv: Invocation): number {
    return invoke({ ...inv, argv });
  }

  /** exec: the shell becomes the command; when it ends, the process ends. */
  exec(argv: string[], out: Sink, mode: Mode = "exec"): never {
    const status = invoke({
      argv,
      env: this.environment(),
      out,
      run: this.run,
      mode,
      shell: { kind: this.kind, name: this.name },
    });
    throw new Halt("exit", status);
  }

  private withRedirects(
    redirects: Redirect[],
    out: Sink,
    stdin: string | undefined,
    body: (out: Sink, stdin: string | undefined) => number,
  ): number {
    if (redirects.length === 0) return body(out, stdin);
    const { sink, input } = redirect(
      redirects.map((r) => ({ ...r, target: expandString(r.target, this) })),
      out,
      stdin,
      this.run.files,
    );
    return body(sink, input);
  }
}

export function globMatch(pattern: string, text: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${re}$`, "s").test(text);
}
