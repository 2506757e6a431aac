import type { ShellKind } from "../catalogue/userland.ts";
import { findCommand, startErrorMessage } from "./binaries.ts";
import { Halt, type Run, type Sink, StartFailure } from "./exec.ts";
import { runProgram } from "./programs.ts";
import { runShellProgram, SHELL_NAMES } from "./shell/program.ts";
import { TOOLS } from "./tools/index.ts";

/**
 * Running one command in the container: the container's own process ("main"), a shell's `exec`, or a
 * command inside a script. What is not in the image fails as it would (StartError for the container's
 * process, "not found" and 127 in a script); what is there but not modelled is said so, with the
 * assumption made: the container's process runs until stopped, a command in a script succeeds.
 */
export type Mode = "main" | "exec" | "script";

export interface Invocation {
  argv: string[];
  env: Map<string, string>;
  stdin?: string;
  out: Sink;
  run: Run;
  mode: Mode;
  /** The shell running the command, for its wording of "not found". */
  shell?: { kind: ShellKind; name: string };
}

export function notFoundMessage(shell: Invocation["shell"], command: string, exec = false): string {
  const kind = shell?.kind ?? "dash";
  const name = shell?.name ?? "sh";
  const what = exec ? `exec: ${command}` : command;
  if (kind === "bash") return `${name}: line 1: ${what}: ${exec ? "not found" : "command not found"}`;
  if (kind === "ash") return `${name}: ${what}: not found`;
  return `${name}: 1: ${what}: not found`;
}

export function invoke(inv: Invocation): number {
  const { argv, run } = inv;
  const found = findCommand(run.facts, argv);
  const command = argv.join(" ");
  switch (found.kind) {
    case "missing":
      if (inv.mode === "main") throw new StartFailure(startErrorMessage(found.error));
      inv.out.write(`${notFoundMessage(inv.shell, argv[0] ?? "", inv.mode === "exec")}\n`, "err");
      return 127;
    case "program":
      return runProgram(found, inv);
    case "tool": {
      if (SHELL_NAMES.has(found.name)) return runShellProgram(found.name, found.args, inv);
      const tool = TOOLS[found.name];
      if (tool) return tool({ ...inv, name: found.name, args: found.args });
      return notModelled(inv, command);
    }
  }
}

/** A program the simulation does not model: say so, and assume what is least surprising. */
export function notModelled(inv: Invocation, command: string): number {
  if (inv.mode === "script") {
    inv.run.note(command, "assumed to succeed at once (exit code 0, no output)");
    return 0;
  }
  inv.run.note(command, "assumed to run until stopped");
  inv.run.serving ??= { program: inv.argv[0] ?? "" };
  throw new Halt("forever");
}
