import { type ResourceLimits, type Transferable, Worker } from "node:worker_threads";

/**
 * A few worker threads running one kind of job off the event loop every live class shares (scenario
 * parsing, replays). Jobs queue in order and go to the first idle worker; a worker starts on demand and
 * stays (unref'd) for the next jobs. A job running past `timeoutMs` has its worker terminated (a new one
 * starts for the next job); a worker that dies fails only the job it held. A full queue refuses at once
 * (PoolBusy): the caller answers "busy, retry" rather than let one client pile up work for everyone.
 *
 * A worker script answers `{ id, job }` with `{ id, ok: true, result }` or
 * `{ id, ok: false, error: { name, message } }` (see workerMain.ts).
 */
export interface WorkerPoolOptions {
  /** Threads at most. */
  size: number;
  /** Jobs waiting for a thread at most (beyond: PoolBusy). */
  maxQueue: number;
  /** A job running longer has its thread terminated and fails with JobTimedOut. */
  timeoutMs: number;
  /** Heap limits of each thread, so one pathological input cannot take the process's memory. */
  resourceLimits?: ResourceLimits;
  /** For error messages and thread names. */
  name: string;
}

/** The queue is full: answer "busy" and let the client retry. */
export class PoolBusy extends Error {}
/** The job ran past the pool's timeout; its thread was terminated. */
export class JobTimedOut extends Error {}
/** The server is stopping. */
export class PoolClosed extends Error {}
/** An error thrown by the job in the worker, with the name of its class there. */
export class JobFailed extends Error {
  readonly errorName: string;

  constructor(name: string, message: string) {
    super(message);
    this.errorName = name;
  }
}

interface Queued {
  id: number;
  job: unknown;
  transfer: Transferable[];
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  running?: Queued;
  timer?: ReturnType<typeof setTimeout>;
}

type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };

export class WorkerPool<Job, Result> {
  private readonly url: URL;
  private readonly options: WorkerPoolOptions;
  private readonly threads: Thread[] = [];
  private readonly queue: Queued[] = [];
  private nextId = 1;
  private closed = false;

  constructor(url: URL, options: WorkerPoolOptions) {
    this.url = url;
    this.options = options;
  }

  /** Jobs waiting plus jobs running. */
  get pending(): number {
    return this.queue.length + this.threads.filter((t) => t.running).length;
  }

  run(job: Job, transfer: Transferable[] = []): Promise<Result> {
    if (this.closed) return Promise.reject(new PoolClosed("the server is stopping"));
    if (this.queue.length >= this.options.maxQueue && !this.idleThread()) {
      return Promise.reject(new PoolBusy(`${this.options.name}: ${this.queue.length} jobs are waiting`));
    }
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        job,
        transfer,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queued of this.queue.splice(0)) queued.reject(new PoolClosed("the server is stopping"));
    const threads = this.threads.splice(0);
    for (const thread of threads) {
      clearTimeout(thread.timer);
      thread.running?.reject(new PoolClosed("the server is stopping"));
      thread.running = undefined;
    }
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private idleThread(): Thread | undefined {
    const idle = this.threads.find((t) => !t.running);
    if (idle) return idle;
    return this.threads.length < this.options.size ? this.startThread() : undefined;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const thread = this.idleThread();
      if (!thread) return;
      const queued = this.queue.shift() as Queued;
      thread.running = queued;
      thread.worker.ref();
      thread.timer = setTimeout(() => this.timedOut(thread), this.options.timeoutMs);
      try {
        thread.worker.postMessage({ id: queued.id, job: queued.job }, queued.transfer);
      } catch (error) {
        this.finish(thread);
        queued.reject(error as Error);
      }
    }
  }

  private startThread(): Thread {
    const worker = new Worker(this.url, {
      name: this.options.name,
      ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
    });
    worker.unref();
    const thread: Thread = { worker };
    worker.on("message", (reply: WorkerReply) => {
      const running = thread.running;
      if (!running || running.id !== reply.id) return;
      this.finish(thread);
      if (reply.ok) running.resolve(reply.result);
      else running.reject(new JobFailed(reply.error.name, reply.error.message));
      this.dispatch();
    });
    const died = (error: Error) => {
      const index = this.threads.indexOf(thread);
      if (index < 0) return;
      this.threads.splice(index, 1);
      const running = thread.running;
      this.finish(thread);
      running?.reject(error);
      this.dispatch();
    };
    worker.on("error", died);
    worker.on("exit", (code) => died(new Error(`${this.options.name}: the worker exited (${code})`)));
    this.threads.push(thread);
    return thread;
  }

  private finish(thread: Thread): void {
    clearTimeout(thread.timer);
    thread.timer = undefined;
    thread.running = undefined;
    thread.worker.unref();
  }

  private timedOut(thread: Thread): void {
    const running = thread.running;
    const index = this.threads.indexOf(thread);
    if (index >= 0) this.threads.splice(index, 1);
    this.finish(thread);
    void thread.worker.terminate();
    running?.reject(
      new JobTimedOut(`${this.options.name}: the job took more than ${this.options.timeoutMs} ms`),
    );
    this.dispatch();
  }
}
