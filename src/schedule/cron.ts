import cron from "node-cron";
import type { Logger } from "../types.js";

export interface ScheduledJob {
  stop(): Promise<void>;
}

/**
 * Drives a `Scheduler` with a node-cron tick every minute. node-cron only wakes the process;
 * what runs is decided by the scheduler's journal claims, so extra ticks or a second process
 * are harmless.
 */
export function driveScheduler(
  scheduler: { tick(): Promise<unknown> },
  logger: Logger,
): ScheduledJob {
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule("* * * * *", () => {
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
