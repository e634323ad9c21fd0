import cron from "node-cron";
import type { Logger } from "../types.js";

export interface ScheduledJob {
  /** No tick after this; resolves once the tick in flight (if any) has ended. */
  stop(): Promise<void>;
  /** Resolves once the tick in flight (if any) has ended; the job keeps ticking. */
  idle(): Promise<void>;
}

/** What the driver needs of a cron library: call `onTick` on `expression`, until stopped. */
export type CronSchedule = (
  expression: string,
  onTick: () => void,
) => { stop(): void | Promise<void> };

const nodeCron: CronSchedule = (expression, onTick) => cron.schedule(expression, onTick);

export interface DriveOptions {
  /** Also tick once right away, not only at the next minute (what a start owes runs now). */
  tickAtStart?: boolean;
}

/**
 * Drives a `Scheduler` with a tick every minute (node-cron by default). The cron library only
 * wakes the process; what runs is decided by the scheduler's journal claims, so extra ticks or a
 * second process are harmless. A failing tick is logged, never thrown; `stop` waits for the
 * tick in flight.
 */
export function driveScheduler(
  scheduler: { tick(): Promise<unknown> },
  logger: Logger,
  schedule: CronSchedule = nodeCron,
  options: DriveOptions = {},
): ScheduledJob {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = scheduler.tick().then(
      () => undefined,
      (error: unknown) => {
        logger.error({ err: error }, "scheduler tick failed");
      },
    );
  };
  const task = schedule("* * * * *", tick);
  if (options.tickAtStart) tick();
  return {
    async stop() {
      await task.stop();
      await running;
    },
    idle: () => running,
  };
}
