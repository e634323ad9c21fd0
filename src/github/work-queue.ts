import type { Logger } from "../types.js";

export interface WorkQueueOptions {
  /** How many keys may be worked on at once. */
  concurrency: number;
  /** Beyond this many waiting jobs, `push` refuses (the webhook answers 503 and can be redelivered). */
  maxPending: number;
  logger: Logger;
}

interface Job {
  key: string;
  work: () => Promise<void>;
}

/**
 * A work queue keyed by subject (e.g. `owner/repo#12`): jobs with the same key run one at a
 * time in arrival order, jobs with different keys run concurrently up to `concurrency`.
 * Webhook handlers push their work here and return at once, as GitHub advises (answer within
 * seconds, work asynchronously). A failing job is logged, never lost silently, and never stops
 * the queue.
 */
export class KeyedWorkQueue {
  private readonly waiting: Job[] = [];
  private readonly busyKeys = new Set<string>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WorkQueueOptions) {}

  /** Jobs waiting or running. */
  get size(): number {
    return this.waiting.length + this.busyKeys.size;
  }

  /** Queues `work` under `key`; false when the queue is full and the job was refused. */
  push(key: string, work: () => Promise<void>): boolean {
    if (this.waiting.length >= this.options.maxPending) {
      this.options.logger.warn({ key, pending: this.waiting.length }, "work queue full; refusing");
      return false;
    }
    this.waiting.push({ key, work });
    this.pump();
    return true;
  }

  /** Resolves once every job queued so far (and any they queue) has finished. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.busyKeys.size < this.options.concurrency) {
      const index = this.waiting.findIndex((job) => !this.busyKeys.has(job.key));
      if (index < 0) break;
      const [job] = this.waiting.splice(index, 1);
      if (job) this.start(job);
    }
    if (this.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private start(job: Job): void {
    this.busyKeys.add(job.key);
    job
      .work()
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, key: job.key }, "queued work failed");
      })
      .finally(() => {
        this.busyKeys.delete(job.key);
        this.pump();
      });
  }
}
