import { availableParallelism } from "node:os";
import { WorkerPool } from "../workers/WorkerPool.ts";
import type { ScenarioJob, ScenarioJobResult } from "./scenarioJobs.ts";

const WORKER_URL = new URL("./scenarioWorker.ts", import.meta.url);

/** Scenario jobs waiting for a thread at most; beyond, the API answers 503 with Retry-After. */
export const SCENARIO_QUEUE = 8;
/** A scenario that takes longer to parse is refused (the thread is terminated). */
export const SCENARIO_TIMEOUT_MS = 10_000;

/**
 * Parses and validates scenario files (uploads, the editor's checks, new sessions) on a small pool of
 * worker threads: one per core beyond the event loop's, at most two.
 */
export class ScenarioPool {
  private readonly pool = new WorkerPool<ScenarioJob, unknown>(WORKER_URL, {
    name: "scenario",
    size: Math.max(1, Math.min(2, availableParallelism() - 1)),
    maxQueue: SCENARIO_QUEUE,
    timeoutMs: SCENARIO_TIMEOUT_MS,
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });

  async run<J extends ScenarioJob>(job: J): Promise<ScenarioJobResult<J>> {
    return (await this.pool.run(job)) as ScenarioJobResult<J>;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
