import { fileURLToPath } from "node:url";
import type { ScheduledWork } from "../schedule/due.js";
import { startDemoWorld, type DemoWorld, type DemoWorldOptions } from "./demo-world.js";
import { DrivenClock } from "./driven-clock.js";
import { startDrivenNights } from "./driven-nights.js";
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

const DAY_MS = 86_400_000;
/** A day runs from 06:00 to 06:00 (UTC), so it holds its night and that night's report. */
const DAY_STARTS_AT = "06:00";

const instant = (date: string, time: string): Date => new Date(`${date}T${time}:00Z`);

const sessionOf = (item: ScheduledWork): string | null =>
  item.kind === "cycle" || item.kind === "report" ? item.occurrence.key : null;

/**
 * A compressed week against the simulator: the scheduler `npm start` runs (its journal claims,
 * its previews, cycles, reports, recurring issues, weekend list and summary) ticked every 5
 * minutes of a driven clock (driven-nights.ts), while the week's table plays the maintainers.
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
  const { sim, journal, settle } = world;
  const nights = startDrivenNights(world, clock);
  const outcomes: WeekDayOutcome[] = [];
  try {
    for (const day of days) {
      const from = clock.now();
      const headsBefore = pullHeads(sim);
      nights.takeRan();
      for (const step of day.steps) {
        await nights.playUntil(instant(day.date, step.at));
        await playAction(sim, step.action);
        await settle();
      }
      const to = new Date(instant(day.date, DAY_STARTS_AT).getTime() + DAY_MS);
      await nights.playUntil(to);
      const ran = nights.takeRan();
      outcomes.push(
        dayOutcome(sim, journal, {
          date: day.date,
          maintainers: day.steps.map((step) => `${step.at} ${step.says}`),
          scheduled: ran.map((item) => item.key),
          sessions: [...new Set(ran.map(sessionOf).filter((key) => key !== null))],
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
