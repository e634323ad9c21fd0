import { z } from "zod";

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM");
const Weekday = z.enum(["sun", "mon", "tue", "wed", "thu", "fri", "sat"]);

/**
 * The host's weekend (docs/learning.md): which window is the weekend one, and when the list of
 * candidates and the summary go out, read in that window's timezone.
 */
export const HostWeekendSchema = z
  .object({
    /** Name of the window that runs weekend work: the ticked candidates go first in it. */
    window: z.string().min(1),
    /** The day the candidates are posted on each report issue. */
    planDay: Weekday.default("fri"),
    planAt: HhMm.default("18:00"),
    /** The day of the summary of the ticked candidates. */
    summaryDay: Weekday.default("sun"),
    summaryAt: HhMm.default("18:00"),
  })
  .strict();

export type HostWeekend = z.infer<typeof HostWeekendSchema>;
