import { parentPort } from "node:worker_threads";
import { type ReplayJob, runReplayJob, UnreplayableMatch } from "./replayJobs.ts";

/**
 * The replay worker thread (started by ReplayPool). Node runs this TypeScript file as it is (type
 * stripping): it and everything it imports use erasable syntax only.
 */
parentPort?.on("message", (message: { id: number; job: ReplayJob }) => {
  try {
    parentPort?.postMessage({ id: message.id, ok: true, result: runReplayJob(message.job) });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      ok: false,
      unreplayable: error instanceof UnreplayableMatch,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
