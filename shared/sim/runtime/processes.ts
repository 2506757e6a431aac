import type { RuntimeContainer } from "../model/machine.ts";
import type { Container, Pod } from "../model/pod.ts";
import type { ImageManifest } from "../model/registry.ts";
import type { ClusterState } from "../model/state.ts";
import { findCommand } from "./binaries.ts";
import { mountedFiles } from "./configrefs.ts";
import { containerEnvironment } from "./environment.ts";
import type { ProcessFacts } from "./exec.ts";
import { ObservedNetwork, observe, type PodView } from "./network.ts";
import { effectiveArgv, type ProcessRun, runProcess, userlandOf } from "./process.ts";

/**
 * A container's process between the runtime and the process model: what it is given at creation
 * (argv and environment, kept on the runtime container), and its run from its start to a moment,
 * which decides when it exits, what it declares (memory, CPU, ports) and what it printed.
 */
export const LOOKAHEAD_MS = 3_600_000;

/** Fixes argv and environment when the container is created (Service links as of now). */
export function prepareProcess(
  state: ClusterState,
  pod: Pod,
  container: Container,
  manifest: ImageManifest,
): RuntimeContainer["process"] {
  const environment = containerEnvironment(state, pod, container, manifest.process);
  const argv = effectiveArgv(container, manifest.process, new Map(environment.env));
  const files = mountedFiles(state, pod, container);
  return {
    argv,
    env: environment.env,
    unresolved: environment.unresolved,
    ...(files.length > 0 ? { files } : {}),
  };
}

export function podView(state: ClusterState, pod: Pod): PodView {
  const machine = pod.spec.nodeName ? state.machines[pod.spec.nodeName] : undefined;
  return {
    namespace: pod.metadata.namespace,
    ip: pod.status.podIP ?? "",
    online: machine?.networkUp ?? false,
  };
}

export function processFacts(
  pod: Pod,
  instance: RuntimeContainer,
  manifest: ImageManifest | undefined,
): ProcessFacts {
  const image = manifest?.process ?? {};
  return {
    image,
    userland: userlandOf(image),
    env: instance.process?.env ?? [],
    unresolved: instance.process?.unresolved ?? [],
    ...(instance.process?.files ? { files: instance.process.files } : {}),
    hostname: pod.metadata.name,
    podIP: pod.status.podIP ?? "",
    namespace: pod.metadata.namespace,
    startedAt: instance.startedAt ?? instance.createdAt,
    seed: instance.id,
  };
}

/**
 * Runs the process from its start: up to `present` (ms since start) it may ask the cluster, beyond it
 * only compute, to at most `present + LOOKAHEAD_MS`. `record` keeps the cluster's answers.
 */
export function evaluateProcess(
  state: ClusterState,
  pod: Pod,
  instance: RuntimeContainer,
  manifest: ImageManifest | undefined,
  present: number,
  record: boolean,
  horizon = present + LOOKAHEAD_MS,
): ProcessRun & { lastAsk: number } {
  instance.observed ??= {};
  const view = podView(state, pod);
  if (record) observe(state, view, instance.observed, present);
  const net = new ObservedNetwork(state, view, instance.observed, record, present);
  const result = runProcess(
    processFacts(pod, instance, manifest),
    instance.process?.argv ?? [],
    net,
    horizon,
  );
  return { ...result, lastAsk: net.lastAsk };
}

/** PID 1 without a handler (a shell, sleep, tail) ignores SIGTERM; a server's handler exits. */
export function ignoresSigterm(
  pod: Pod,
  instance: RuntimeContainer,
  manifest: ImageManifest | undefined,
): boolean {
  const found = findCommand(processFacts(pod, instance, manifest), instance.process?.argv ?? []);
  return found.kind === "tool";
}

/**
 * How SIGTERM ends a server: most exit 0 from their handler (nginx, redis); Go programs without one
 * (agnhost, http-echo) die by the signal, which containerd reports as 128 + 15.
 */
export function sigtermExitCode(manifest: ImageManifest | undefined, serves: string | undefined): number {
  const runs = serves ? manifest?.process.programs?.[serves]?.runs : undefined;
  return runs === "agnhost" || runs === "http-echo" ? 143 : 0;
}
