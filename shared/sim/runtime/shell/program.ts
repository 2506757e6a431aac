import type { ShellKind } from "../../catalogue/userland.ts";
import { type Invocation, invoke, notModelled } from "../command.ts";
import { Halt } from "../exec.ts";
import { Shell } from "./run.ts";

export const SHELL_NAMES = new Set(["sh", "bash", "ash", "dash", "zsh", "hush", "busybox", "rbash"]);

/**
 * sh, bash, ash ... as a program: `-c SCRIPT [NAME [ARGS]]` runs the script; with no script and no
 * terminal on stdin it reads nothing and exits 0 (why a bare busybox or alpine container completes at
 * once); a script file comes from a volume, which the simulation does not model.
 */
export function runShellProgram(name: string, args: string[], inv: Invocation): number {
  if (name === "busybox") {
    const [applet, ...rest] = args;
    if (!applet || applet.startsWith("-")) {
      inv.out.write(`BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n`, "out");
      return 0;
    }
    return invoke({ ...inv, argv: [applet, ...rest] });
  }
  const userland = inv.run.facts.userland;
  const kind: ShellKind =
    name === "bash" || name === "rbash" || name === "zsh"
      ? "bash"
      : name === "dash"
        ? "dash"
        : name === "ash" || name === "hush"
          ? "ash"
          : (userland.sh ?? "ash");
  let script: string | undefined;
  let errexit = false;
  let xtrace = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "--") {
      i++;
      break;
    }
    if (!/^[-+][a-zA-Z]+$/.test(a)) break;
    if (a === "-o" || a === "+o") {
      i++;
      continue;
    }
    if (a.includes("e")) errexit = true;
    if (a.includes("x")) xtrace = true;
    if (a.includes("c")) script = "";
  }
  if (script === "") {
    script = args[i] ?? "";
    i++;
  }
  const [arg0 = name, ...rest] = args.slice(i);
  const shell = new Shell(
    inv.run,
    kind,
    script !== undefined ? arg0 : name,
    script !== undefined ? rest : [],
    inv.env,
  );
  shell.errexit = errexit;
  shell.xtrace = xtrace;
  if (script === undefined) {
    const file = args[i];
    if (file === undefined) return 0;
    const text = inv.run.files.get(file);
    if (text === undefined) return notModelled(inv, [name, ...args].join(" "));
    return shell.runSubshell(text, inv.out);
  }
  try {
    const status = shell.runSource(script, inv.out);
    // PID 1 exiting ends the container and its background jobs with it.
    return status;
  } catch (e) {
    if (e instanceof Halt && e.reason === "exit") return e.code;
    throw e;
  }
}
