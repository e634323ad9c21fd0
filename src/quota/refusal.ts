import { z } from "zod";

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
  }),
  z.object({
    kind: z.literal("quota-threshold"),
    priority: z.enum(["critical", "high", "medium", "low"]),
    threshold: z.number(),
    remaining: z.number(),
  }),
  z.object({ kind: z.literal("quota-cost"), cost: z.number(), remaining: z.number() }),
  z.object({ kind: z.literal("quota-unknown"), why: z.string() }),
] as const;

export type QuotaRefusal = z.infer<(typeof QUOTA_REFUSAL_SCHEMAS)[number]>;
