/**
 * Worker threads that take jobs: the validation (parallel.ts) and the build's leak guard
 * (integrations/scan-files.ts) both hand out work this way. A job goes to one worker,
 * which answers with any number of replies and then an end mark; jobs given to the same
 * worker are answered in the order given. The module that defines the work is also the
 * worker's entry: it calls `serveJobs` at the top level, and `JobWorker` starts it with
 * `new URL(import.meta.url)`.
 */
import { isMainThread, parentPort, Worker, workerData, type ResourceLimits } from 'node:worker_threads';

/** What the worker receives as `workerData`: which jobs it serves, and their shared input. */
interface PoolData {
  pool: string;
  shared: unknown;
}

/** Ends a job's replies (a reply itself is never null). */
const END = null;

interface Pending<Reply> {
  onReply: (reply: Reply) => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class JobWorker<Job, Reply extends NonNullable<unknown>> {
  private readonly worker: Worker;
  private readonly pending: Pending<Reply>[] = [];
  private failure?: unknown;
  private closed = false;

  /** `pool` names the jobs (`serveJobs` with the same name answers them); `shared` is given once, to every job. */
  constructor(entry: URL, pool: string, shared?: unknown, resourceLimits?: ResourceLimits) {
    const data: PoolData = { pool, shared };
    this.worker = new Worker(entry, { workerData: data, resourceLimits });
    this.worker.on('message', (reply: Reply | typeof END) => {
      const job = this.pending[0];
      if (!job) return;
      if (reply !== END) return job.onReply(reply);
      this.pending.shift();
      job.resolve();
    });
    const fail = (error: unknown) => {
      this.failure ??= error;
      for (const job of this.pending.splice(0)) job.reject(error);
    };
    this.worker.once('error', fail);
    // Even a clean exit fails what it leaves unanswered (a worker that serves no such pool ends at once).
    this.worker.once('exit', (code) => {
      if (!this.closed) fail(new Error(`${pool} worker exited with code ${code}`));
    });
  }

  /** Resolves once the worker has answered `job` in full; rejects when the worker fails. */
  run(job: Job, onReply: (reply: Reply) => void = () => {}): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('worker closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ onReply, resolve, reject });
      this.worker.postMessage(job);
    });
  }

  /** Stops the worker; jobs not answered yet stay unanswered. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.worker.terminate();
  }
}

/**
 * In a worker started by `JobWorker` with this `pool` name: answers each job with the
 * replies `handle` gives, then the end mark. Does nothing on any other thread.
 */
export function serveJobs<Job, Reply extends NonNullable<unknown>, Shared = unknown>(pool: string, handle: (job: Job, reply: (reply: Reply) => void, shared: Shared) => void): void {
  const data = workerData as PoolData | undefined;
  if (isMainThread || !parentPort || data?.pool !== pool) return;
  const port = parentPort;
  const shared = data.shared as Shared;
  port.on('message', (job: Job) => {
    handle(job, (reply) => port.postMessage(reply), shared);
    port.postMessage(END);
  });
}
