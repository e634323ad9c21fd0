import { DeliveryDedupe, type Dedupe } from "../github/dedupe.js";
import type { Clock, Logger } from "../types.js";
import type { Journal } from "./journal.js";

export interface JournalDedupeOptions {
  /** Ids recorded since then are loaded at start: GitHub redelivers for days, not weeks. */
  since: Date;
  /** New ids are written together once none has come for this long (a burst is over)... */
  quietMs?: number;
  /** ...or once the oldest has waited this long, so a steady stream is written too... */
  maxDelayMs?: number;
  /** ...or as soon as this many wait. */
  maxPending?: number;
  /** Ids remembered in memory; the oldest are forgotten first. */
  capacity?: number;
  logger: Pick<Logger, "warn">;
  /** Milliseconds on a monotonic clock (a wall clock set back would hold the writes). */
  now?: () => number;
}

/**
 * Webhook delivery dedupe backed by the journal, with the same shape as the in-memory
 * `DeliveryDedupe`, so a delivery redelivered after a restart still acts once.
 *
 * Answering a delivery must not wait for the disk: a journal write costs ~4 ms plus ~30 µs an
 * id of blocked event loop. Known ids live in memory (loaded at start), and new ones are written
 * in batches, answer first, as the work queue starts its work: once deliveries pause, or after
 * `maxDelayMs` of a steady stream. A crash can lose the ids of the last `maxDelayMs`; the queued
 * work of those deliveries is in memory, held back as long, and lost with them, so a redelivery
 * then does the work rather than being refused for work that never happened. One webhook
 * receiver per journal.
 */
export class JournalDedupe implements Dedupe {
  private readonly known: DeliveryDedupe;
  private pending: { id: string; at: Date }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly quietMs: number;
  private readonly maxDelayMs: number;
  private readonly maxPending: number;
  private readonly now: () => number;
  private oldestAt = 0;
  private latestAt = 0;
  /** After a failed write, none is tried before this. */
  private retryAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly journal: Pick<Journal, "recordDeliveries" | "deliveriesSince">,
    private readonly clock: Clock,
    private readonly options: JournalDedupeOptions,
  ) {
    this.quietMs = options.quietMs ?? 50;
    this.maxDelayMs = options.maxDelayMs ?? 2_000;
    this.maxPending = options.maxPending ?? 5_000;
    this.now = options.now ?? (() => performance.now());
    this.known = new DeliveryDedupe(
      options.capacity ?? 200_000,
      journal.deliveriesSince(options.since),
    );
  }

  /** Was this delivery's work queued before, in this process or one before it? */
  seen(id: string): boolean {
    return this.known.seen(id);
  }

  /** Its work is queued: remembered now, written to the journal with the next batch. */
  remember(id: string): void {
    if (!this.known.remember(id)) return;
    const now = this.now();
    if (this.pending.length === 0) this.oldestAt = now;
    this.latestAt = now;
    this.pending.push({ id, at: this.clock.now() });
    if (this.pending.length >= this.maxPending && now >= this.retryAt) this.write();
    else this.wakeIn(this.dueIn());
  }

  /** How long the waiting ids may still wait; 0: write them. */
  private dueIn(): number {
    const due = Math.min(this.latestAt + this.quietMs, this.oldestAt + this.maxDelayMs);
    return Math.max(0, Math.max(due, this.retryAt) - this.now());
  }

  /** One timer at a time: when it fires, the ids are written, or it waits again if still busy. */
  private wakeIn(ms: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.pending.length === 0) return;
      const wait = this.dueIn();
      if (wait > 0) this.wakeIn(wait);
      else this.write();
    }, ms).unref();
  }

  /**
   * Writes the waiting ids and never throws: answering a delivery must not fail on the journal.
   * A failed write is retried later with the next batch; the ids stay known in memory.
   */
  private write(): void {
    const batch = this.pending;
    try {
      this.flush();
    } catch (error) {
      this.pending = [...batch, ...this.pending];
      this.options.logger.warn({ err: error, ids: batch.length }, "recording deliveries failed");
      this.retryAt = this.now() + this.quietMs * 10;
      this.wakeIn(this.dueIn());
    }
  }

  /** Writes the waiting ids now (on shutdown); throws when the journal cannot take them. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.journal.recordDeliveries(batch);
  }
}
