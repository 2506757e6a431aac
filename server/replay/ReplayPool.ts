import { Worker } from "node:worker_threads";
import { type ReplayJob, type ReplayJobResult, UnreplayableMatch } from "./replayJobs.ts";

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string; unreplayable: boolean };

const WORKER_URL = new URL("./replayWorker.ts", import.meta.url);

/**
 * Runs replay jobs (verifying an imported match, building a debrief) on one worker thread, one job at a
 * time in order: a re-simulation takes seconds for a long class, and the live sessions' clocks share the
 * main thread. The worker starts on the first job and stays (unref'd) for the next ones; if it dies,
 * the jobs it held fail and the next job starts a new one.
 */
export class ReplayPool {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  run<J extends ReplayJob>(job: J): Promise<ReplayJobResult<J>> {
    if (this.closed) return Promise.reject(new Error("the server is stopping"));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.ref();
      worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.fail(new Error("the server is stopping"));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_URL);
    worker.unref();
    worker.on("message", (reply: WorkerReply) => {
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!pending) return;
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(reply.unreplayable ? new UnreplayableMatch(reply.error) : new Error(reply.error));
    });
    worker.on("error", (error) => {
      if (this.worker === worker) this.worker = undefined;
      this.fail(error);
    });
    worker.on("exit", (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.fail(new Error(`the replay worker exited (${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private fail(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}
