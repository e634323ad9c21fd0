import { DeliveryDedupe, type Dedupe } from "../github/dedupe.js";
import type { Clock, Logger } from "../types.js";
import type { Journal } from "./journal.js";

export interface JournalDedupeOptions {
  /** Ids recorded since then are loaded at start: GitHub redelivers for days, not weeks. */
  since: Date;
  /** New ids are written to the journal together, at most this long after the first of them. */
  flushMs?: number;
  /** ...or as soon as this many wait. */
  maxPending?: number;
  /** Ids remembered in memory; the oldest are forgotten first. */
  capacity?: number;
  logger: Pick<Logger, "warn">;
}

/**
 * Webhook delivery dedupe backed by the journal, with the same shape as the in-memory
 * `DeliveryDedupe`, so a delivery redelivered after a restart still acts once.
 *
 * Answering a delivery must not wait for the disk: a synchronous journal write per delivery
 * cost ~0.8 ms of blocked event loop. Known ids live in memory (loaded at start), and new ones
 * are written in batches (group commit). A crash can lose the last `flushMs` of ids; the queued
 * work of those deliveries is in memory and lost with them, so a redelivery then does the work
 * rather than being refused for work that never happened. One webhook receiver per journal.
 */
export class JournalDedupe implements Dedupe {
  private readonly known: DeliveryDedupe;
  private pending: { id: string; at: Date }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly flushMs: number;
  private readonly maxPending: number;

  constructor(
    private readonly journal: Pick<Journal, "recordDeliveries" | "deliveriesSince">,
    private readonly clock: Clock,
    private readonly options: JournalDedupeOptions,
  ) {
    this.flushMs = options.flushMs ?? 50;
    this.maxPending = options.maxPending ?? 200;
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
    this.pending.push({ id, at: this.clock.now() });
    if (this.pending.length >= this.maxPending) this.write();
    else this.writeIn(this.flushMs);
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
      this.writeIn(this.flushMs * 10);
    }
  }

  private writeIn(ms: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.write();
    }, ms).unref();
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
