import { parentPort } from "node:worker_threads";

/**
 * The body of a WorkerPool thread: runs each `{ id, job }` it is posted through `run` and answers with
 * the result, or the error's class name and message. Worker scripts are TypeScript run by Node as they
 * are (type stripping): they and everything they import use erasable syntax only.
 */
export function serveJobs<Job>(run: (job: Job) => unknown): void {
  parentPort?.on("message", (message: { id: number; job: Job }) => {
    try {
      parentPort?.postMessage({ id: message.id, ok: true, result: run(message.job) });
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      parentPort?.postMessage({
        id: message.id,
        ok: false,
        error: { name: err.constructor.name, message: err.message },
      });
    }
  });
}
