import { z } from "zod";
import { WEEKDAYS } from "../schedule/window.js";
import { cronProblem } from "./cron-rule.js";
import { slugOf } from "./slug.js";

const SCHEDULE_HELP =
  'a schedule: "daily", "weekdays", { weekly: mon }, { monthly: 1 } or a 5-field cron expression such as "0 6 * * 1"';

const namedOrCron = z.string().superRefine((text, ctx) => {
  if (text === "daily" || text === "weekdays") return;
  const problem = cronProblem(text);
  if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * When a recurring task comes back, in the host's timezone: `daily`, `weekdays` (Monday to
 * Friday), `{ weekly: mon }`, `{ monthly: 1 }` (all at local midnight) or a 5-field cron
 * expression with one minute and one hour (at most one issue a day).
 */
export const RecurringScheduleSchema = z.union(
  [
    namedOrCron,
    z.object({ weekly: z.enum(WEEKDAYS) }).strict(),
    z
      .object({
        /** Day of the month; 29–31 fall on the last day of shorter months. */
        monthly: z.number().int().min(1).max(31),
      })
      .strict(),
  ],
  { error: SCHEDULE_HELP },
);

/** One `recurring:` entry of `.github/nightshift.yml`. */
export const RecurringEntrySchema = z
  .object({
    /** The issue's title; each occurrence's issue adds its date: `Update dependencies (2026-01-05)`. */
    title: z.string().trim().min(1).max(200),
    /** The issue's body: what the agent is asked to do. */
    body: z.string().default(""),
    /** Labels of each occurrence's issue; a priority label is what queues it. */
    labels: z.array(z.string().min(1)).default([]),
    schedule: RecurringScheduleSchema,
    /** Names the series in the issues' hidden marker; default the title's slug. Keeps a series across a title change. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes")
      .max(40)
      .optional(),
  })
  .strict();

export type RecurringSchedule = z.infer<typeof RecurringScheduleSchema>;
export type RecurringEntry = z.infer<typeof RecurringEntrySchema>;

/** The series name in an entry's keys and markers. */
export const seriesOf = (entry: Pick<RecurringEntry, "id" | "title">): string =>
  entry.id ?? slugOf(entry.title);

/** The `recurring:` list: every entry names a series of its own. */
export const RecurringListSchema = z
  .array(RecurringEntrySchema)
  .default([])
  .superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      const series = seriesOf(entry);
      if (series === "") {
        ctx.addIssue({
          code: "custom",
          path: [index, "id"],
          message: "the title has no letters or digits to name the series: give an id",
        });
        return;
      }
      const first = seen.get(series);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [index, "id"],
          message: `entries ${first} and ${index} are both the series "${series}": give one an id`,
        });
      }
      seen.set(series, index);
    });
  });
