import { z } from "zod";

const envMap = z.record(z.string(), z.string()).default({});
const passEnv = z.array(z.string().min(1)).default([]);

/** An agent the operator allows on this host. Repositories only choose among these by name. */
const AgentSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("command"),
      /** argv; `{prompt}`, `{promptFile}`, `{workspace}`, `{issue}` are substituted inside elements. */
      command: z.array(z.string().min(1)).nonempty(),
      env: envMap,
      passEnv,
    })
    .strict(),
  z
    .object({
      kind: z.literal("claude-code"),
      binary: z.string().min(1).optional(),
      model: z.string().min(1).optional(),
      maxTurns: z.number().int().positive().optional(),
      /** Per-run cost cap in USD (`--max-budget-usd`). */
      maxBudgetUsd: z.number().positive().optional(),
      env: envMap,
      passEnv,
    })
    .strict(),
  z
    .object({
      kind: z.literal("codex"),
      binary: z.string().min(1).optional(),
      model: z.string().min(1).optional(),
      env: envMap,
      passEnv,
    })
    .strict(),
  z
    .object({
      kind: z.literal("aider"),
      binary: z.string().min(1).optional(),
      model: z.string().min(1).optional(),
      env: envMap,
      passEnv,
    })
    .strict(),
]);

const QuotaSchema = z.discriminatedUnion("provider", [
  z
    .object({
      provider: z.literal("budget"),
      /** Agent prompts allowed per rolling window. */
      limit: z.number().int().positive(),
      windowHours: z.number().positive().default(5),
    })
    .strict(),
  z.object({ provider: z.literal("none") }).strict(),
]);

/** Host configuration: the operator's, never a repository's. */
export const HostConfigSchema = z
  .object({
    agents: z.record(z.string(), AgentSchema).default({}),
    /** The agent used when a repository names none. */
    defaultAgent: z.string().min(1).optional(),
    quota: QuotaSchema.default({ provider: "none" }),
    /** A priority runs only while more than this many prompts remain (PRODUCT.md §4). */
    thresholds: z
      .object({
        critical: z.number().nonnegative().default(5),
        high: z.number().nonnegative().default(15),
        medium: z.number().nonnegative().default(25),
        low: z.number().nonnegative().default(40),
      })
      .strict()
      .prefault({}),
    /** A session starts no run once less than this share of the quota is left. */
    safetyBufferPercent: z.number().min(0).max(100).default(20),
    /** When sessions start: a cron expression in an IANA timezone (full windows: see docs). */
    schedule: z
      .object({
        cron: z.string().min(1).default("0 23 * * *"),
        timezone: z.string().min(1).default("UTC"),
      })
      .strict()
      .prefault({}),
    maxConcurrent: z.number().int().positive().max(32).default(3),
    /** Per-run agent timeout; the hard maximum is 8 hours. */
    runTimeoutMinutes: z
      .number()
      .positive()
      .max(8 * 60)
      .default(30),
    /** Where mirrors, worktrees and logs live. */
    dataDir: z.string().min(1).default(".nightshift"),
    /**
     * A failed run's worktree is kept this long for diagnosis, then removed. At least the
     * longest run (8 hours), so a running run's worktree is never taken.
     */
    keepFailedWorkspacesHours: z.number().min(8).default(72),
    /** Cap of each run's log file. */
    maxLogBytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
  })
  .strict();

export type HostConfig = z.infer<typeof HostConfigSchema>;
export type HostConfigInput = z.input<typeof HostConfigSchema>;
export type AgentConfig = HostConfig["agents"][string];
export type QuotaConfig = HostConfig["quota"];
