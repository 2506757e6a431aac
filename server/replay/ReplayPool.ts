import { JobFailed, WorkerPool } from "../workers/WorkerPool.ts";
import { type ReplayJob, type ReplayJobResult, UnreplayableMatch } from "./replayJobs.ts";

const WORKER_URL = new URL("./replayWorker.ts", import.meta.url);

/**
 * Runs replay jobs (verifying an imported match, building a debrief) on one worker thread, one job at a
 * time in order: a re-simulation takes seconds for a long class, and the live sessions' clocks share the
 * main thread. The worker starts on the first job and stays (unref'd) for the next ones; if it dies,
 * the job it held fails and the next job starts a new one.
 */
export class ReplayPool {
  private readonly pool = new WorkerPool<ReplayJob, unknown>(WORKER_URL, {
    name: "replay",
    size: 1,
    maxQueue: 16,
    // an hour of class re-simulates in about 1.4 s (BENCHMARKS.md): a minute is a broken record
    timeoutMs: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });

  async run<J extends ReplayJob>(job: J): Promise<ReplayJobResult<J>> {
    try {
      return (await this.pool.run(job)) as ReplayJobResult<J>;
    } catch (error) {
      if (error instanceof JobFailed && error.errorName === UnreplayableMatch.name) {
        throw new UnreplayableMatch(error.message);
      }
      throw error;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
