import cron from "node-cron";
import type { Logger } from "../types.js";

export interface ScheduledJob {
  stop(): Promise<void>;
}

/**
 * Fires `job` on the cron schedule. Single-flight: a tick that arrives while the previous
 * session is still running is skipped and logged, never stacked.
 */
export function scheduleSessions(
  schedule: { cron: string; timezone: string },
  job: () => Promise<unknown>,
  logger: Logger,
): ScheduledJob {
  if (!cron.validate(schedule.cron)) throw new Error(`invalid cron expression "${schedule.cron}"`);
  let running: Promise<unknown> | null = null;
  const task = cron.schedule(
    schedule.cron,
    () => {
      if (running) {
        logger.warn("previous session still running; skipping this tick");
        return;
      }
      running = job()
        .catch((error: unknown) => {
          logger.error({ err: error }, "session failed");
        })
        .finally(() => {
          running = null;
        });
    },
    { timezone: schedule.timezone },
  );
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
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
