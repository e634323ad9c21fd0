import { issueStatus } from "../approval/issue-status.js";
import { describeApprovalProblem } from "../approval/verdict.js";
import type { RepoConfig } from "../config/repo-schema.js";
import type { RepoRole } from "../github/port.js";
import type { Task } from "../queue/task.js";
import type { CommentSnapshot, Size } from "../types.js";
import type { DependencyView } from "./dependency-view.js";

const SIZE_RANK: Record<Size, number> = { S: 0, M: 1, L: 2, XL: 3 };

export interface TriageContext {
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
  /** The bot's login; without it no recorded approval can be trusted. */
  botLogin: string | undefined;
  dependencies: DependencyView;
  /** When the last session ended (its morning report); a `/skip` after it is in force. */
  skipCutoff: () => Promise<string | null>;
  /** The largest size this window takes, when the schedule says. */
  maxSize?: Size;
}

/**
 * Why a queued task may not run tonight, judged without its comments: labels, size and
 * dependencies. Null when it is still in the running; only those tasks' comments are read.
 */
export async function triageWithoutComments(
  task: Task,
  ctx: Pick<TriageContext, "config" | "dependencies" | "maxSize">,
): Promise<string | null> {
  const { labels } = ctx.config;
  const has = (label: string) => task.issue.labels.includes(label);
  if (task.problems.length > 0) return `label problems: ${task.problems.join("; ")}`;
  if (has(labels.running)) return "already running";
  if (has(labels.prOpen)) return "a Nightshift pull request is already open";
  if (has(labels.failed)) return `failed earlier; remove "${labels.failed}" or comment /retry`;
  if (ctx.maxSize && task.size && SIZE_RANK[task.size] > SIZE_RANK[ctx.maxSize]) {
    return `too big for this window (size ${task.size}; it takes up to ${ctx.maxSize})`;
  }
  return ctx.dependencies.refusal(task);
}

/**
 * Why a task that passed `triageWithoutComments` may still not run, from its full comment
 * history: on hold, skipped for this session, or waiting for approval. Null when it may run
 * (quota aside).
 */
export async function triageByComments(
  task: Task,
  comments: readonly CommentSnapshot[],
  ctx: TriageContext,
): Promise<string | null> {
  const status = await issueStatus(
    task.issue,
    comments,
    { repo: task.repo, config: ctx.config, roleOf: ctx.roleOf, botLogin: ctx.botLogin },
    task,
  );
  if (status.commands.held) return "on hold (/hold)";
  if (status.commands.skips.length > 0) {
    const cutoff = await ctx.skipCutoff();
    if (status.commands.skips.some((at) => cutoff === null || at > cutoff)) {
      return "skipped for this session (/skip)";
    }
  }
  return status.approval ? describeApprovalProblem(status.approval) : null;
}
