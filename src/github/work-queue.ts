import type { Logger } from "../types.js";

/**
 * Answer first: while jobs keep arriving, starting new ones waits, so the work does not compete
 * with accepting and answering the deliveries that bring it (one event loop serves both).
 */
export interface AnswerFirst {
  /** Jobs start once no job has been pushed for this long... */
  quietMs: number;
  /** ...or once the oldest startable job has waited this long, so a steady stream never starves. */
  maxDelayMs: number;
}

export interface WorkQueueOptions {
  /** How many keys may be worked on at once. */
  concurrency: number;
  /** Beyond this many waiting jobs, `push` refuses (the webhook answers 503 and can be redelivered). */
  maxPending: number;
  logger: Logger;
  /** Absent: jobs start as soon as a slot is free. */
  answerFirst?: AnswerFirst;
  /** Milliseconds on a monotonic clock (a wall clock set back would hold work for as long). */
  now?: () => number;
}

interface Job {
  key: string;
  work: () => Promise<void>;
  queuedAt: number;
  /** Arrival order, across keys. */
  seq: number;
}

/**
 * A work queue keyed by subject (e.g. `owner/repo#12`): jobs with the same key run one at a
 * time in arrival order, jobs with different keys run concurrently up to `concurrency`, the
 * earliest arrival first. Webhook handlers push their work here and return at once, as GitHub
 * advises (answer within seconds, work asynchronously). A failing job is logged, never lost
 * silently, and never stops the queue.
 */
export class KeyedWorkQueue {
  /** Waiting jobs per key, oldest first. */
  private readonly byKey = new Map<string, Job[]>();
  /** Keys not running whose next job waits, ordered by that job's arrival. */
  private readonly ready: Job[] = [];
  private readonly running = new Set<string>();
  private waitingCount = 0;
  private seq = 0;
  private lastPushAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idleWaiters: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly options: WorkQueueOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Jobs waiting or running. */
  get size(): number {
    return this.waitingCount + this.running.size;
  }

  /** Queues `work` under `key`; false when the queue is full and the job was refused. */
  push(key: string, work: () => Promise<void>): boolean {
    if (this.waitingCount >= this.options.maxPending) {
      this.options.logger.warn({ key, pending: this.waitingCount }, "work queue full; refusing");
      return false;
    }
    const now = this.now();
    const job = { key, work, queuedAt: now, seq: this.seq++ };
    const jobs = this.byKey.get(key);
    if (jobs) jobs.push(job);
    else {
      this.byKey.set(key, [job]);
      if (!this.running.has(key)) this.markReady(job);
    }
    this.waitingCount++;
    this.lastPushAt = now;
    this.pump();
    return true;
  }

  /** Resolves once every job queued so far (and any they queue) has finished. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Inserts a key's next job into `ready`, keeping arrival order (binary search). */
  private markReady(job: Job): void {
    let low = 0;
    let high = this.ready.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.ready[mid]?.seq ?? 0) < job.seq) low = mid + 1;
      else high = mid;
    }
    this.ready.splice(low, 0, job);
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.ready.length > 0) {
      const wait = this.holdFor();
      if (wait > 0) {
        this.wakeIn(wait);
        break;
      }
      const job = this.ready.shift();
      if (job) this.start(job);
    }
    if (this.size === 0) this.notifyIdle();
  }

  /** How long the oldest ready job should still wait for deliveries to quiet down; 0: start it. */
  private holdFor(): number {
    const policy = this.options.answerFirst;
    const oldest = this.ready[0];
    if (!policy || !oldest) return 0;
    const now = this.now();
    const quietIn = this.lastPushAt + policy.quietMs - now;
    const overdueIn = oldest.queuedAt + policy.maxDelayMs - now;
    return Math.max(0, Math.min(quietIn, overdueIn));
  }

  /** One timer at a time: when it fires, `pump` decides again and re-arms it if still busy. */
  private wakeIn(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, ms);
  }

  private start(job: Job): void {
    const jobs = this.byKey.get(job.key);
    jobs?.shift();
    if (jobs?.length === 0) this.byKey.delete(job.key);
    this.waitingCount--;
    this.running.add(job.key);
    job
      .work()
      .catch((error: unknown) => {
        this.options.logger.error({ err: error, key: job.key }, "queued work failed");
      })
      .finally(() => {
        this.running.delete(job.key);
        const next = this.byKey.get(job.key)?.[0];
        if (next) this.markReady(next);
        this.pump();
      });
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
