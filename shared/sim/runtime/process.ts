import { userland as findUserland } from "../catalogue/catalogue.ts";
import { UNKNOWN_USERLAND } from "../catalogue/userland.ts";
import type { Container } from "../model/pod.ts";
import type { ImageProcess } from "../model/registry.ts";
import { invoke } from "./command.ts";
import { expandReferences } from "./environment.ts";
import { Halt, type LogLine, type Network, type ProcessFacts, Run, StartFailure } from "./exec.ts";

/**
 * What a container's main process does, from the image (entrypoint, cmd, its programs and tools) and
 * the pod's command, args and env: it is run on the simulated clock (command.ts, shell/, tools/,
 * programs.ts) until it exits, blocks for good (a server, `sleep infinity`), or reaches the horizon.
 * The same run, re-done up to any moment, gives the logs (logs.ts).
 */
export type ProcessEnd =
  /** The runtime could not start it (exit code 128, reason StartError). */
  | { kind: "start-error"; message: string }
  /** It exits by itself `at` ms after starting. */
  | { kind: "exits"; at: number; exitCode: number }
  /** It runs until stopped (a server, an endless loop). */
  | { kind: "runs" }
  /** Still running at the horizon: look again then. */
  | { kind: "running"; until: number };

export interface ProcessRun {
  end: ProcessEnd;
  run: Run;
}

/** The argv Kubernetes runs: command replaces ENTRYPOINT (and drops CMD); args replace CMD. */
export function effectiveArgv(
  container: Pick<Container, "command" | "args">,
  image: ImageProcess,
  env?: Map<string, string>,
): string[] {
  const argv =
    container.command && container.command.length > 0
      ? [...container.command, ...(container.args ?? [])]
      : [...(image.entrypoint ?? []), ...(container.args ?? image.cmd ?? [])];
  // The kubelet expands $(VAR) in command and args from the container's environment.
  return env ? argv.map((a) => expandReferences(a, env)) : argv;
}

export function userlandOf(image: ImageProcess) {
  return findUserland(image.userland) ?? UNKNOWN_USERLAND;
}

/** Runs a process from its start to `horizon` ms (or its end, if sooner). */
export function runProcess(
  facts: ProcessFacts,
  argv: string[],
  net: Network,
  horizon: number,
  maxSteps?: number,
): ProcessRun {
  const run = new Run(facts, net, horizon, maxSteps);
  const finish = (end: ProcessEnd): ProcessRun => {
    run.flush();
    // Background jobs print beside the script: order the log by time.
    run.out.sort((a: LogLine, b: LogLine) => a.at - b.at);
    return { end, run };
  };
  if (argv.length === 0) {
    return finish({
      kind: "start-error",
      message: "failed to generate container spec: no command specified",
    });
  }
  try {
    const code = invoke({ argv, env: new Map(facts.env), out: run.log, run, mode: "main" });
    return finish({ kind: "exits", at: run.now, exitCode: code & 255 });
  } catch (e) {
    if (e instanceof StartFailure) return finish({ kind: "start-error", message: e.message });
    if (!(e instanceof Halt)) throw e;
    if (e.reason === "exit") return finish({ kind: "exits", at: run.now, exitCode: e.code & 255 });
    if (e.reason === "horizon") return finish({ kind: "running", until: run.stoppedAt ?? horizon });
    return finish({ kind: "runs" });
  }
}
