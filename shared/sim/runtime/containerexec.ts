import type { RuntimeContainer } from "../model/machine.ts";
import type { Pod } from "../model/pod.ts";
import type { ClusterState } from "../model/state.ts";
import { findManifest } from "../registry/images.ts";
import { findCommand } from "./binaries.ts";
import { invoke } from "./command.ts";
import { Halt, Run, type Sink, StartFailure } from "./exec.ts";
import { ObservedNetwork } from "./network.ts";
import { evaluateProcess, podView, processFacts } from "./processes.ts";

/**
 * A command run inside a running container (CRI ExecSync: exec probes, `kubectl exec`): it sees the
 * container's environment and the files its main process has written by now (re-derived by running
 * that process to this moment), and is given `timeoutMs` to finish.
 */
export interface ExecResult {
  exitCode: number;
  /** stdout and stderr together, as ExecSync's CombinedOutput. */
  output: string;
  timedOut: boolean;
  /** Commands the simulation does not model, assumed to succeed. */
  notes: string[];
}

export function execInContainer(
  state: ClusterState,
  pod: Pod,
  instance: RuntimeContainer,
  argv: string[],
  timeoutMs: number,
): ExecResult {
  const manifest = findManifest(state, instance.ref);
  const started = instance.startedAt ?? state.now;
  const present = Math.max(0, state.now - started);
  const copy: RuntimeContainer = { ...instance, observed: structuredClone(instance.observed ?? {}) };
  const main = evaluateProcess(state, pod, copy, manifest, present, false, present).run;
  const facts = {
    ...processFacts(pod, instance, manifest),
    startedAt: state.now,
    seed: `${instance.id}/exec`,
  };
  const net = new ObservedNetwork(state, podView(state, pod), {}, false, 0);
  const run = new Run(facts, net, timeoutMs);
  for (const [path, text] of main.files) run.files.set(path, text);
  let output = "";
  const sink: Sink = { write: (text) => (output += text) };
  const result = (exitCode: number, timedOut = false): ExecResult => ({
    exitCode,
    output,
    timedOut,
    notes: run.notes,
  });
  const found = findCommand(facts, argv);
  if (found.kind === "missing") {
    output = `OCI runtime exec failed: exec failed: unable to start container process: ${found.error}: unknown`;
    return result(126);
  }
  try {
    return result(invoke({ argv, env: new Map(facts.env), out: sink, run, mode: "script" }) & 255);
  } catch (e) {
    if (e instanceof StartFailure) {
      output = e.message;
      return result(126);
    }
    if (!(e instanceof Halt)) throw e;
    if (e.reason === "exit") return result(e.code & 255);
    // A command still running when the timeout comes (sleep, a server started by hand).
    return result(-1, true);
  }
}
