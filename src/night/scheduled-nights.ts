import { killRecordedGroup } from "../runner/process-group.js";
import { driveScheduler, type CronSchedule } from "../schedule/cron.js";
import type { ScheduledWork } from "../schedule/due.js";
import { Scheduler } from "../schedule/scheduler.js";
import type { WeekendTimes } from "../schedule/weekend-due.js";
import type { WindowSpec } from "../schedule/window.js";
import type { Journal } from "../store/journal.js";
import type { ProcessGroup } from "../runner/process-group.js";
import type { Clock, Logger } from "../types.js";

export interface ScheduledNightsDeps {
  windows: readonly WindowSpec[];
  journal: Pick<Journal, "claimSlot" | "finishSlot" | "openRuns">;
  clock: Clock;
  random: () => number;
  /** This process as the data directory's lock holder: its claims and runs carry this id. */
  ownerId: string;
  /** When Nightshift first started on the data directory: windows closed by then owe nothing. */
  firstStart: Date;
  /** The host's weekend, when it has one: its list and summary are scheduled too. */
  weekend?: WeekendTimes;
  logger: Logger;
  /** What a preview, cycle or report does (`scheduledWork` in production). */
  work: (item: ScheduledWork) => Promise<void>;
  /** node-cron when absent; tests pass a cron whose minutes pass when they say so. */
  cron?: CronSchedule;
  /** Ends a recorded agent's process group (`killRecordedGroup` when absent). */
  killGroup?: (group: ProcessGroup) => boolean;
}

export interface ScheduledNights {
  /** Resolves once the tick in flight has ended (the one at start, or a minute's). */
  idle(): Promise<void>;
  /** No tick after this. The work in flight is not waited for: the journal holds its runs. */
  stop(): void;
  /**
   * SIGKILLs the process groups of the runs this process has open, so no agent outlives it
   * (a sandboxed agent dies with the process anyway; one run with `sandbox: none` would not).
   * The runs stay open in the journal: the next start recovers and reports them. Call it with
   * the journal still open, right before closing it, in the same synchronous step, so the
   * session sees its agents end only once the journal is closed. Returns how many it ended.
   */
  endAgents(): number;
}

/**
 * The scheduled nights of `npm start`: a scheduler over the host's windows, ticked at start
 * (what is owed now runs now: a preview due, the current cycle, the report of a window that
 * closed while the process was down, whose pass recovers what a previous process left) and
 * then every minute. Every preview, cycle and report is claimed in the journal first, so a
 * restart runs nothing twice; windows that closed before the data directory's first start owe
 * nothing.
 */
export function startScheduledNights(deps: ScheduledNightsDeps): ScheduledNights {
  const { journal, logger, ownerId } = deps;
  const scheduler = new Scheduler({
    windows: deps.windows,
    journal,
    clock: deps.clock,
    random: deps.random,
    owner: ownerId,
    firstStart: deps.firstStart,
    ...(deps.weekend ? { weekend: deps.weekend } : {}),
    logger,
    work: deps.work,
  });
  const job = driveScheduler(scheduler, logger, deps.cron, { tickAtStart: true });
  let stopped = false;
  return {
    idle: () => job.idle(),
    stop() {
      if (stopped) return;
      stopped = true;
      job.stop().catch((error: unknown) => {
        logger.warn({ err: error }, "stopping the scheduler failed");
      });
    },
    endAgents() {
      const kill = deps.killGroup ?? killRecordedGroup;
      let ended = 0;
      for (const run of journal.openRuns()) {
        if (run.ownerId !== ownerId || !run.processGroup) continue;
        if (kill(run.processGroup)) ended++;
        logger.info({ run: run.id, pgid: run.processGroup.pgid }, "agent ended with the process");
      }
      return ended;
    },
  };
}
