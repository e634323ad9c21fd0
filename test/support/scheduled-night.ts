import type { Probot } from "probot";
import type { HostConfig } from "../../src/config/host-schema.js";
import type { CrashHook } from "../../src/night/crash.js";
import { scheduledWork } from "../../src/night/scheduled-work.js";
import { quotaProviderFor } from "../../src/quota/ledger.js";
import { Scheduler } from "../../src/schedule/scheduler.js";
import type { Journal } from "../../src/store/journal.js";
import type { Logger } from "../../src/types.js";

/** A clock the night moves by hand: a minute per tick, and whatever a retry waits. */
export class NightClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface NightOptions {
  probot: Probot;
  host: HostConfig;
  journal: Journal;
  logger: Logger;
  clock: NightClock;
  /** The night is played minute by minute up to here. */
  until: Date;
  owner: string;
  crashAt?: CrashHook;
  /** After each tick, with the keys it ran. */
  afterTick?: (ran: string[]) => void;
}

/**
 * The night as `npm start` plays it: the scheduler's ticks, one a minute on a fake clock,
 * each running what is due (preview, cycles, report) through the same work as production.
 * A retry's wait moves the clock instead of sleeping. Returns every key it ran.
 */
export async function playNight(options: NightOptions): Promise<string[]> {
  const { clock, journal } = options;
  const scheduler = new Scheduler({
    windows: options.host.windows,
    ...(options.host.weekend ? { weekend: options.host.weekend } : {}),
    journal,
    clock,
    random: () => 0,
    owner: options.owner,
    logger: options.logger,
    work: scheduledWork({
      probot: options.probot,
      host: options.host,
      quota: quotaProviderFor(options.host.quota, journal),
      logger: options.logger,
      journal,
      clock,
      ownerId: options.owner,
      ...(options.crashAt ? { crashAt: options.crashAt } : {}),
      sleep: (ms) => {
        clock.advance(ms);
        return Promise.resolve();
      },
    }),
  });
  const ran: string[] = [];
  while (clock.now() < options.until) {
    const keys = await scheduler.tick();
    ran.push(...keys);
    options.afterTick?.(keys);
    clock.advance(60_000);
  }
  return ran;
}
