import { scheduledWork } from "../night/scheduled-work.js";
import { startScheduledNights } from "../night/scheduled-nights.js";
import type { ScheduledWork } from "../schedule/due.js";
import { processOwnerId } from "../store/owner.js";
import type { DemoWorld } from "./demo-world.js";
import type { DrivenClock } from "./driven-clock.js";

/**
 * The demo's cron wakes the scheduler every 5 minutes of the driven clock, not every minute as
 * node-cron does: what runs is decided by the scheduler alone, every time the week names is on a
 * 5-minute mark, and a week of minute ticks would cost seconds of planning nothing.
 */
const TICK_MS = 5 * 60_000;

export interface DrivenNights {
  /** Moves the clock to `until`, a tick at a time, each running what is due; waits for webhooks. */
  playUntil(until: Date): Promise<void>;
  /** The scheduled work that ran since the last call, in order (failed work included). */
  takeRan(): ScheduledWork[];
  stop(): void;
}

/**
 * `npm start`'s scheduled nights (`startScheduledNights` over `scheduledWork`, its journal
 * claims included) on a driven clock: its cron ticks when the demo moves the clock, and a
 * retry's wait moves the clock instead of sleeping.
 */
export function startDrivenNights(world: DemoWorld, clock: DrivenClock): DrivenNights {
  const { probot, host, journal, quota, log, settle } = world;
  const ownerId = processOwnerId();
  let ran: ScheduledWork[] = [];
  const work = scheduledWork({
    probot,
    host,
    quota,
    logger: log,
    journal,
    clock,
    ownerId,
    sleep: (ms) => {
      clock.advance(ms);
      return Promise.resolve();
    },
  });
  let wake: (() => void) | undefined;
  const nights = startScheduledNights({
    windows: host.windows,
    journal,
    clock,
    random: () => 0,
    ownerId,
    firstStart: clock.now(),
    ...(host.weekend ? { weekend: host.weekend } : {}),
    logger: log,
    work: async (item) => {
      try {
        await work(item);
      } finally {
        ran.push(item);
      }
    },
    cron: (_expression, onTick) => {
      wake = onTick;
      return {
        stop: () => {
          wake = undefined;
        },
      };
    },
  });
  return {
    async playUntil(until) {
      await nights.idle();
      await settle();
      while (clock.now() < until) {
        clock.advance(Math.min(TICK_MS, until.getTime() - clock.now().getTime()));
        const before = ran.length;
        wake?.();
        await nights.idle();
        // The bot's work makes webhooks of its own: the next tick sees them handled.
        if (ran.length > before) await settle();
      }
    },
    takeRan() {
      const taken = ran;
      ran = [];
      return taken;
    },
    stop() {
      nights.stop();
    },
  };
}
