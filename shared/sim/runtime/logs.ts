import type { RuntimeContainer } from "../model/machine.ts";
import type { Pod } from "../model/pod.ts";
import type { ClusterState } from "../model/state.ts";
import { findManifest } from "../registry/images.ts";
import type { LogLine } from "./exec.ts";
import { evaluateProcess } from "./processes.ts";

/**
 * A container's log as the kubelet reads it from the runtime: what its process printed from its start
 * to now (or to its end), re-derived by running it again on the same clock, with the same answers from
 * the cluster. Lines carry absolute times for `kubectl logs --timestamps`.
 */
export const LOG_LINES_KEPT = 10_000;

export function containerLogs(state: ClusterState, pod: Pod, instance: RuntimeContainer): LogLine[] {
  const started = instance.startedAt;
  if (started === undefined || !instance.process || instance.reason === "StartError") return [];
  const end = Math.min(instance.finishedAt ?? state.now, state.now);
  const present = Math.max(0, end - started);
  const copy: RuntimeContainer = { ...instance, observed: structuredClone(instance.observed ?? {}) };
  const { run } = evaluateProcess(
    state,
    pod,
    copy,
    findManifest(state, instance.ref),
    present,
    false,
    present,
  );
  return run.out.slice(-LOG_LINES_KEPT).map((line) => ({ ...line, at: started + line.at }));
}
