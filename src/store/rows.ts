import { z } from "zod";
import { QuotaUnitSchema } from "../quota/unit.js";
import { SkipReasonSchema } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import { GateResultSchema } from "../run/result.js";
import type { RunOutcome } from "../run/outcome.js";

/**
 * What the journal stores as JSON, as zod schemas: every row is parsed on read, so a value
 * the code does not expect fails loudly at the journal instead of somewhere downstream.
 */
const RepoRefSchema = z.object({ owner: z.string(), repo: z.string() });
const Priority = z.enum(["critical", "high", "medium", "low"]);
const Size = z.enum(["S", "M", "L", "XL"]);
const Author = z.enum(["User", "Bot", "Organization"]);

export const TaskSchema: z.ZodType<Task> = z.object({
  repo: RepoRefSchema,
  issue: z.object({
    number: z.number(),
    title: z.string(),
    body: z.string(),
    labels: z.array(z.string()),
    author: z.string(),
    authorType: Author,
    createdAt: z.string(),
    state: z.enum(["open", "closed"]),
    commentCount: z.number().optional(),
    openBlockers: z.number().optional(),
  }),
  priority: Priority,
  category: z.string().optional(),
  size: Size.optional(),
  cost: z.number(),
  problems: z.array(z.string()),
  estimate: z
    .object({
      basis: z.literal("calibrated"),
      runs: z.number(),
      scope: z.enum(["category+size+agent", "category+agent", "category"]),
      default: z.number(),
    })
    .optional(),
  followUp: z.literal(true).optional(),
});

const PullSchema = z.object({ number: z.number(), url: z.string(), draft: z.boolean() });

export const RunOutcomeSchema: z.ZodType<RunOutcome> = z.object({
  task: TaskSchema,
  status: z.enum(["shipped", "failed", "no-change", "interrupted"]),
  reason: z.string().optional(),
  pr: PullSchema.optional(),
  branch: z.string().optional(),
  gates: z.array(GateResultSchema),
  agentSummary: z.string().optional(),
  cost: z.object({
    estimated: z.number(),
    turns: z.number().optional(),
    usd: z.number().optional(),
  }),
  startedAt: z.string(),
  durationMs: z.number(),
  logFile: z.string().optional(),
  runId: z.string().optional(),
  interrupted: z.string().optional(),
  egressRefused: z.object({ count: z.number(), sample: z.array(z.string()) }).optional(),
  followUp: z.literal(true).optional(),
});

export const QuotaSnapshotSchema = z.object({
  /** Absent in rows written before the unit was kept: those counted prompts, or lost `usd`. */
  unit: QuotaUnitSchema.default("prompts"),
  limit: z.number().nullable(),
  remaining: z.number().nullable(),
  unknown: z.string().optional(),
});

export const HostFindingsSchema = z.object({
  problems: z.array(z.string()),
  blocked: z.boolean(),
  fixed: z.array(z.string()).optional(),
  warnings: z.array(z.string()).optional(),
});
export type HostFindings = z.infer<typeof HostFindingsSchema>;

export { SkipReasonSchema };

/** Parses a JSON column with its schema; null stays null. */
export function parseJson<T>(schema: z.ZodType<T>, text: string | null, what: string): T | null {
  if (text === null) return null;
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`journal: unreadable ${what}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
