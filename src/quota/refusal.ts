import { z } from "zod";

import { QuotaUnitSchema } from "./unit.js";

// Reasons recorded before the unit was kept were in prompts (the `usd` provider came later).
const unit = QuotaUnitSchema.default("prompts");

/**
 * Why the quota lets a task not start, as data. The queue's skip reasons include these kinds
 * (queue/skip-reason.ts); they are defined here, where they are decided, so the quota never
 * depends on the queue.
 */
export const QUOTA_REFUSAL_SCHEMAS = [
  z.object({
    kind: z.literal("quota-buffer"),
    remaining: z.number(),
    limit: z.number(),
    bufferPercent: z.number(),
    unit,
  }),
  z.object({
    kind: z.literal("quota-threshold"),
    priority: z.enum(["critical", "high", "medium", "low"]),
    threshold: z.number(),
    remaining: z.number(),
    unit,
  }),
  z.object({
    kind: z.literal("quota-cost"),
    cost: z.number(),
    remaining: z.number(),
    unit,
  }),
  z.object({ kind: z.literal("quota-unknown"), why: z.string() }),
] as const;

export type QuotaRefusal = z.infer<(typeof QUOTA_REFUSAL_SCHEMAS)[number]>;
