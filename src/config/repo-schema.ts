import { z } from "zod";
import { RepoLearningSchema } from "../learn/config-schema.js";
import { repoBackend } from "./backends-schema.js";

/** Categories that run without a maintainer's `/approve` (PRODUCT.md §2, seed policy). */
export const DEFAULT_AUTO_APPROVED = ["bug", "perf", "docs", "infra", "tests", "refactor"];

/** Estimated agent prompts per category when an issue has no `cost: N` label. */
export const DEFAULT_CATEGORY_COSTS: Record<string, number> = {
  bug: 10,
  perf: 10,
  docs: 5,
  infra: 10,
  tests: 5,
  refactor: 10,
  feature: 20,
  research: 15,
  config: 5,
  external: 10,
};

const labelNames = z
  .object({
    /** Prefix of the priority family, e.g. `priority: high`. */
    priority: z.string().min(1).default("priority: "),
    /** Prefix of the category family, e.g. `category: bug`. */
    category: z.string().min(1).default("category: "),
    /** Prefix of the size family, e.g. `size: M`. */
    size: z.string().min(1).default("size: "),
    /** Prefix of the cost family, e.g. `cost: 12`. */
    cost: z.string().min(1).default("cost: "),
    /** Set and cleared by the bot only. */
    needsApproval: z.string().min(1).default("needs-approval"),
    running: z.string().min(1).default("nightshift: running"),
    prOpen: z.string().min(1).default("nightshift: pr-open"),
    failed: z.string().min(1).default("nightshift: failed"),
    /**
     * A reviewer with write access asked for changes on the issue's Nightshift pull request: the
     * issue runs once more, on the same branch, in the next window. Set and cleared by the bot.
     */
    followUp: z.string().min(1).default("nightshift: follow-up"),
    report: z.string().min(1).default("nightshift: report"),
  })
  .strict();

const gate = z
  .object({
    /** Shown in the PR body and the report. */
    name: z.string().min(1),
    /** The command as argv, or a string split on whitespace (quotes respected); never run by a shell. */
    run: z.union([z.string().min(1), z.array(z.string().min(1)).nonempty()]),
    /** Each gate has its own timeout. */
    timeoutMinutes: z.number().positive().max(120).default(10),
    /**
     * Gates run in the run's sandbox with no network. `true` gives this gate the agent's egress
     * (the host's allow-list, never more), e.g. for a dependency audit.
     */
    network: z.boolean().default(false),
  })
  .strict();

const MB = 1024 * 1024;

/** What one run's change may be; a change that breaks a rule is refused before its gates run. */
const changes = z
  .object({
    /** The most paths one run may add, change or delete. */
    maxFiles: z.number().int().positive().max(100_000).default(500),
    /** The most bytes of new content (files and symlink targets) one run may bring. */
    maxTotalBytes: z
      .number()
      .int()
      .positive()
      .max(1024 * MB)
      .default(10 * MB),
    /** The largest file one run may write; at most 100 MB, the most GitHub accepts. */
    maxFileBytes: z
      .number()
      .int()
      .positive()
      .max(100 * MB)
      .default(5 * MB),
    /**
     * Globs (picomatch: dotfiles included, case ignored) no run may add, change or delete. The
     * list replaces the default. Workflows are protected by default: the app has no `workflows`
     * permission, so GitHub would refuse the push anyway; refusing here says why.
     */
    protectedPaths: z.array(z.string().min(1)).default([".github/workflows/**"]),
  })
  .strict();

/** `.github/nightshift.yml`: the repository's own settings. Host matters (agents, quota) live elsewhere. */
export const RepoConfigSchema = z
  .object({
    /** Set false to switch Nightshift off for this repository. */
    enabled: z.boolean().default(true),
    labels: labelNames.prefault({}),
    categories: z
      .object({
        /** Categories that run without approval; every other category waits for `/approve`. */
        autoApprove: z.array(z.string().min(1)).default(DEFAULT_AUTO_APPROVED),
        /** Estimated cost (agent prompts) per category; merged over the defaults. */
        costs: z.record(z.string(), z.number().int().positive()).default({}),
      })
      .strict()
      .prefault({}),
    approvals: z
      .object({
        /**
         * Logins who may `/approve`, `/hold`, `/unhold`, `/skip` and `/retry` in addition to
         * everyone with write, maintain or admin permission.
         */
        approvers: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    agent: z
      .object({
        /** Name of a host-defined agent; the host's default when absent. */
        default: z.string().min(1).optional(),
        /** Per-category choice, e.g. `{ refactor: claude, tests: aider }`. */
        byCategory: z.record(z.string(), z.string().min(1)).default({}),
      })
      .strict()
      .prefault({}),
    /** Where tasks run (only backends the host enabled): by size, then category, then default. */
    ...repoBackend,
    /** Checks run in the workspace after the agent; all must pass for a ready PR. */
    gates: z.array(gate).default([]),
    pullRequests: z
      .object({
        /** What a run whose gates fail ships: a draft PR with the failure, or nothing. */
        onGateFailure: z.enum(["draft", "none"]).default("draft"),
      })
      .strict()
      .prefault({}),
    changes: changes.prefault({}),
    report: z
      .object({
        /** Title of the report issue, created on first need. */
        issueTitle: z.string().min(1).default("Nightshift reports"),
      })
      .strict()
      .prefault({}),
    // Learning keys (docs/learning.md): recurring tasks, the weekend list, until-done targets.
    ...RepoLearningSchema.shape,
  })
  .strict();

export type RepoConfig = z.infer<typeof RepoConfigSchema>;
export type RepoConfigInput = z.input<typeof RepoConfigSchema>;
export type LabelNames = RepoConfig["labels"];
export type GateConfig = RepoConfig["gates"][number];
