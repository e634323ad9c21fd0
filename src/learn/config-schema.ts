import { z } from "zod";
import { RecurringListSchema } from "./recurrence-schema.js";
import { DEFAULT_MIN_RUNS } from "./calibration.js";
import { UNTIL_DONE_DEFAULTS } from "./until-done.js";

/**
 * The learning and long-mode keys, as fragments the wiring step spreads into
 * `RepoConfigSchema` and `HostConfigSchema` (config/ stays the single source of truth then).
 */

const UntilDoneTargetSchema = z
  .object({
    /** Work through this milestone's issues… */
    milestone: z.string().min(1).optional(),
    /** …or the issues with this label (GitHub's listing separates labels with commas). */
    label: z
      .string()
      .min(1)
      .regex(/^[^,]+$/, "a label name without commas")
      .optional(),
    /** A check (argv, or a string split on whitespace) whose success means done, open issues or not. */
    doneWhen: z.union([z.string().min(1), z.array(z.string().min(1)).nonempty()]).optional(),
    /** Failed runs in a row that pause the loop until a maintainer resumes it. */
    pauseAfterFailures: z.number().int().positive().default(UNTIL_DONE_DEFAULTS.pauseAfterFailures),
    /** Most the loop may spend in any 24 hours, in the quota's unit; unset: no cap. */
    dailyCap: z.number().nonnegative().optional(),
    /** Hours between status comments while the loop works. */
    statusEveryHours: z.number().positive().max(168).default(UNTIL_DONE_DEFAULTS.statusEveryHours),
  })
  .strict()
  .refine((t) => (t.milestone === undefined) !== (t.label === undefined), {
    message: "name either a milestone or a label",
  });

/** Repository keys (`.github/nightshift.yml`). */
export const RepoLearningSchema = z.object({
  /** Tasks that come back on a schedule; each occurrence is opened as an issue. */
  recurring: RecurringListSchema,
  weekend: z
    .object({
      /** Post the Friday list of weekend candidates on the report issue. */
      enabled: z.boolean().default(false),
      /** How many L/XL candidates the list offers. */
      candidates: z.number().int().min(1).max(20).default(5),
    })
    .strict()
    .prefault({}),
  /** Milestones or labels worked through in every window until done. */
  untilDone: z.array(UntilDoneTargetSchema).default([]),
});

/** Host keys (the operator's config file). */
export const HostLearningSchema = z.object({
  calibration: z
    .object({
      /** Runs like a task's needed before their median replaces the category default. */
      minRuns: z.number().int().min(1).default(DEFAULT_MIN_RUNS),
    })
    .strict()
    .prefault({}),
});

export type RepoLearning = z.infer<typeof RepoLearningSchema>;
export type HostLearning = z.infer<typeof HostLearningSchema>;
export type UntilDoneTarget = z.infer<typeof UntilDoneTargetSchema>;
