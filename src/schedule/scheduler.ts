import type { Clock, Logger } from "../types.js";
import { dueWork, type ScheduledWork } from "./due.js";
import { fireTime } from "./slots.js";
import type { WeekendTimes } from "./weekend-due.js";
import type { WindowSpec } from "./window.js";

/** Where slots are claimed and finished (the journal): exactly one claim per slot wins. */
export interface SlotClaims {
  claimSlot(slot: string, owner: string, at: Date, sessionId: string | null): boolean;
  finishSlot(slot: string, at: Date): void;
}

export interface SchedulerDeps {
  windows: readonly WindowSpec[];
  journal: SlotClaims;
  clock: Clock;
  random: () => number;
  /** Who claims slots (host name and pid): shown in the journal when two processes compete. */
  owner: string;
  logger: Logger;
  work(item: ScheduledWork): Promise<void>;
  reportGraceHours?: number;
  /** When Nightshift first started on this data directory (`firstStartOf`): older windows owe nothing. */
  firstStart?: Date;
  /** The host's weekend: its list of candidates and summary are scheduled work too. */
  weekend?: WeekendTimes;
}

/**
 * Turns ticks into work. Each item is claimed in the journal before it runs, so a restart, a
 * second process or a clock that jumps back never runs the same preview, cycle or report twice.
 * Single-flight: a tick while work is running does nothing.
 */
export class Scheduler {
  private busy = false;
  private readonly fireTimes = new Map<string, Date>();

  constructor(private readonly deps: SchedulerDeps) {}

  /** Runs whatever is due now; returns the keys it ran. */
  async tick(): Promise<string[]> {
    if (this.busy) return [];
    this.busy = true;
    try {
      const ran: string[] = [];
      const { journal, clock, logger } = this.deps;
      const due = dueWork(this.deps.windows, clock.now(), {
        fireTimeOf: (occurrence, slot) =>
          this.memoFireTime(slot.key, () => fireTime(occurrence, slot, this.deps.random)),
        reportGraceMs: (this.deps.reportGraceHours ?? 12) * 3_600_000,
        firstStart: this.deps.firstStart,
        weekend: this.deps.weekend,
      });
      for (const item of due) {
        const session = item.kind === "weekend" ? null : item.occurrence.key;
        if (!journal.claimSlot(item.key, this.deps.owner, clock.now(), session)) {
          continue;
        }
        logger.info({ slot: item.key, kind: item.kind }, "scheduled work starting");
        try {
          await this.deps.work(item);
        } catch (error) {
          logger.error({ err: error, slot: item.key }, "scheduled work failed");
        }
        journal.finishSlot(item.key, clock.now());
        logger.info({ slot: item.key, kind: item.kind }, "scheduled work done");
        ran.push(item.key);
      }
      return ran;
    } finally {
      this.busy = false;
    }
  }

  private memoFireTime(key: string, compute: () => Date): Date {
    let found = this.fireTimes.get(key);
    if (!found) {
      found = compute();
      this.fireTimes.set(key, found);
      if (this.fireTimes.size > 500) {
        const oldest = this.fireTimes.keys().next();
        if (!oldest.done) this.fireTimes.delete(oldest.value);
      }
    }
    return found;
  }
}
