import { findCommand } from "../binaries.ts";
import type { Invocation } from "../command.ts";
import { Halt } from "../exec.ts";
import { fileExists, readFile } from "../files.ts";
import { echo, printf, test } from "../tools/text.ts";
import { ReturnSignal, type Shell } from "./run.ts";

/**
 * The shell's own commands: they change the shell (variables, options, the working directory), end
 * it (exit, exec), or are builtins for speed in every shell (echo, printf, test). Returns undefined
 * for a command that is not a builtin.
 */
export function builtin(sh: Shell, inv: Invocation): number | undefined {
  const [name = "", ...args] = inv.argv;
  const call = { ...inv, name, args };
  switch (name) {
    case ":":
    case "true":
      return 0;
    case "false":
      return 1;
    case "echo":
      // dash's echo always reads backslash escapes (POSIX/XSI); bash's and BusyBox's need -e.
      return echo(call, sh.kind === "dash");
    case "printf":
      return printf(call);
    case "test":
    case "[":
    case "[[":
      return test(call, (p) => fileExists(inv.run, p));
    case "exit": {
      const code = args[0] === undefined ? sh.status : Number.parseInt(args[0], 10);
      throw new Halt("exit", Number.isNaN(code) ? 2 : code & 255);
    }
    case "return":
      throw new ReturnSignal(args[0] === undefined ? sh.status : Number.parseInt(args[0], 10) & 255);
    case "export":
    case "local":
    case "readonly":
    case "declare":
    case "typeset":
      for (const a of args.filter((x) => !x.startsWith("-"))) {
        const eq = a.indexOf("=");
        const key = eq < 0 ? a : a.slice(0, eq);
        if (eq >= 0) sh.vars.set(key, a.slice(eq + 1));
        if (name === "export") sh.exported.add(key);
      }
      return 0;
    case "unset":
      for (const a of args.filter((x) => !x.startsWith("-"))) {
        sh.vars.delete(a);
        sh.exported.delete(a);
      }
      return 0;
    case "set":
      for (const a of args) {
        if (/^[-+][a-zA-Z]+$/.test(a)) {
          const on = a.startsWith("-");
          if (a.includes("e")) sh.errexit = on;
          if (a.includes("x")) sh.xtrace = on;
        } else if (a === "--") {
          sh.args = args.slice(args.indexOf("--") + 1);
          break;
        }
      }
      return 0;
    case "shift": {
      const n = Number(args[0] ?? 1);
      sh.args = sh.args.slice(n);
      return 0;
    }
    case "cd":
      sh.vars.set("PWD", args[0] ?? sh.vars.get("HOME") ?? "/");
      return 0;
    case "pwd":
      inv.out.write(`${sh.vars.get("PWD") ?? inv.run.facts.image.workingDir ?? "/"}\n`, "out");
      return 0;
    case "read": {
      // Containers have no stdin: read meets end of file at once, unless a pipe feeds it.
      const lines = (inv.stdin ?? "").split("\n");
      if (inv.stdin === undefined || (lines.length === 1 && lines[0] === "")) return 1;
      const names = args.filter((a) => !a.startsWith("-"));
      const words = (lines[0] ?? "").split(/\s+/);
      names.forEach((n, i) => {
        sh.vars.set(n, i === names.length - 1 ? words.slice(i).join(" ") : (words[i] ?? ""));
      });
      return 0;
    }
    case "wait":
      sh.waitJobs();
      return 0;
    case "trap":
    case "ulimit":
    case "umask":
    case "alias":
    case "hash":
    case "shopt":
      return 0;
    case "exec":
      if (args.length === 0) return 0;
      return sh.exec(args, inv.out);
    case "eval":
      return sh.runSource(args.join(" "), inv.out);
    case "source":
    case ".": {
      const file = args[0] ?? "";
      const read = readFile(inv.run, file);
      if ("text" in read) return sh.runSource(read.text, inv.out);
      inv.run.note(
        `${name} ${file}`,
        "the file comes from the image or a volume, which is not modelled; assumed to do nothing",
      );
      return 0;
    }
    case "command":
    case "type": {
      const v = args[0] === "-v" || args[0] === "-V";
      const names = v || name === "type" ? args.filter((a) => !a.startsWith("-")) : [];
      if (name === "command" && !v) return args.length > 0 ? sh.runSubcommand(args, inv) : 0;
      let status = 0;
      for (const n of names) {
        const found = findCommand(inv.run.facts, [n]);
        if (found.kind === "missing") status = 1;
        else
          inv.out.write(
            `${found.kind === "program" && found.key.startsWith("/") ? found.key : `/usr/bin/${n}`}\n`,
            "out",
          );
      }
      return status;
    }
    case "let":
      return 0;
    default:
      return undefined;
  }
}
