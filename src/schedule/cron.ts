import cron from "node-cron";
import type { Logger } from "../types.js";

export interface ScheduledJob {
  stop(): Promise<void>;
}

/** What the driver needs of a cron library: call `onTick` on `expression`, until stopped. */
export type CronSchedule = (
  expression: string,
  onTick: () => void,
) => { stop(): void | Promise<void> };

const nodeCron: CronSchedule = (expression, onTick) => cron.schedule(expression, onTick);

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
): ScheduledJob {
  let running: Promise<unknown> = Promise.resolve();
  const task = schedule("* * * * *", () => {
    running = scheduler.tick().catch((error: unknown) => {
      logger.error({ err: error }, "scheduler tick failed");
    });
  });
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
