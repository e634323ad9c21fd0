import { fileURLToPath } from "node:url";
import { scheduledWork } from "../night/scheduled-work.js";
import { startScheduledNights } from "../night/scheduled-nights.js";
import type { ScheduledWork } from "../schedule/due.js";
import { processOwnerId } from "../store/owner.js";
import { startDemoWorld, type DemoWorld, type DemoWorldOptions } from "./demo-world.js";
import { DrivenClock } from "./driven-clock.js";
import { dayOutcome, pullHeads, type WeekDayOutcome } from "./week-outcome.js";
import { WEEK, type WeekDay } from "./week-days.js";
import { playAction } from "./week-steps.js";

/** The bundled week's scenario: its repositories, issues and host windows match `WEEK`. */
export const WEEK_SCENARIO = fileURLToPath(
  new URL("../../fixtures/scenarios/week.yml", import.meta.url),
);

export type WeekOptions = Omit<
  DemoWorldOptions,
  "clock" | "scenarioPath" | "backend" | "runner"
> & {
  /** The week's table (default: the bundled `WEEK`, played on its scenario). */
  days?: readonly WeekDay[];
  scenarioPath?: string;
};

export interface WeekResult {
  days: WeekDayOutcome[];
  violations: readonly { method: string; path: string; message: string }[];
  durationMs: number;
}

const MINUTE = 60_000;
/**
 * The demo's cron wakes the scheduler every 5 minutes of the driven clock, not every minute as
 * node-cron does: what runs is decided by the scheduler alone, every time the week names is on a
 * 5-minute mark, and a week of minute ticks would cost seconds of planning nothing.
 */
const TICK_MS = 5 * MINUTE;
/** A day runs from 06:00 to 06:00 (UTC), so it holds its night and that night's report. */
const DAY_STARTS_AT = "06:00";

const instant = (date: string, time: string): Date => new Date(`${date}T${time}:00Z`);

const sessionOf = (item: ScheduledWork): string | null =>
  item.kind === "cycle" || item.kind === "report" ? item.occurrence.key : null;

/**
 * A compressed week against the simulator: the scheduler `npm start` runs (its journal claims,
 * its previews, cycles, reports, recurring issues, weekend list and summary) ticked once a
 * minute on a driven clock, while the week's table plays the maintainers between the nights.
 */
export async function runWeek(options: WeekOptions = {}): Promise<WeekResult> {
  const started = Date.now();
  const days = options.days ?? WEEK;
  const first = days[0];
  if (!first) throw new Error("the week has no day");
  const clock = new DrivenClock(instant(first.date, DAY_STARTS_AT));
  const world = await startDemoWorld({
    ...options,
    scenarioPath: options.scenarioPath ?? WEEK_SCENARIO,
    clock,
  });
  try {
    return {
      days: await playDays(world, clock, days),
      violations: [...world.sim.violations],
      durationMs: Date.now() - started,
    };
  } finally {
    await world.close();
  }
}

async function playDays(
  world: DemoWorld,
  clock: DrivenClock,
  days: readonly WeekDay[],
): Promise<WeekDayOutcome[]> {
  const { sim, probot, host, journal, quota, log, settle } = world;
  const ownerId = processOwnerId();
  const ranToday: ScheduledWork[] = [];
  const work = scheduledWork({
    probot,
    host,
    quota,
    logger: log,
    journal,
    clock,
    ownerId,
    // A retry's wait moves the clock instead of sleeping.
    sleep: (ms) => {
      clock.advance(ms);
      return Promise.resolve();
    },
  });
  // The cron that wakes the scheduler is the demo's: a minute passes when the demo says so.
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
      await work(item);
      ranToday.push(item);
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
  const playUntil = async (until: Date) => {
    await nights.idle();
    await settle();
    while (clock.now() < until) {
      clock.advance(Math.min(TICK_MS, until.getTime() - clock.now().getTime()));
      const before = ranToday.length;
      wake?.();
      await nights.idle();
      if (ranToday.length > before) await settle();
    }
  };
  const outcomes: WeekDayOutcome[] = [];
  try {
    for (const day of days) {
      const from = clock.now();
      const headsBefore = pullHeads(sim);
      ranToday.length = 0;
      for (const step of day.steps) {
        await playUntil(instant(day.date, step.at));
        await playAction(sim, step.action);
        await settle();
      }
      const to = new Date(instant(day.date, DAY_STARTS_AT).getTime() + 24 * 60 * MINUTE);
      await playUntil(to);
      const sessions = [...new Set(ranToday.map(sessionOf).filter((key) => key !== null))];
      outcomes.push(
        dayOutcome(sim, journal, {
          date: day.date,
          maintainers: day.steps.map((step) => `${step.at} ${step.says}`),
          scheduled: ranToday.map((item) => item.key),
          sessions,
          from,
          to,
          headsBefore,
        }),
      );
    }
  } finally {
    nights.stop();
  }
  return outcomes;
}
