import { issueStatus } from "../approval/issue-status.js";
import type { RepoConfig } from "../config/repo-schema.js";
import type { RepoRole } from "../github/port.js";
import type { SkipReason } from "../queue/skip-reason.js";
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
): Promise<SkipReason | null> {
  const { labels } = ctx.config;
  const has = (label: string) => task.issue.labels.includes(label);
  if (task.problems.length > 0) return { kind: "label-problems", problems: task.problems };
  if (has(labels.running)) return { kind: "already-running" };
  // A follow-up request makes an issue with an open pull request eligible for one more run.
  const followUp = task.followUp === true;
  if (has(labels.prOpen) && !followUp) return { kind: "pr-open" };
  if (has(labels.failed) && !followUp) return { kind: "failed-earlier", label: labels.failed };
  if (ctx.maxSize && task.size && SIZE_RANK[task.size] > SIZE_RANK[ctx.maxSize]) {
    return { kind: "too-big", size: task.size, maxSize: ctx.maxSize };
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
): Promise<SkipReason | null> {
  const status = await issueStatus(
    task.issue,
    comments,
    { repo: task.repo, config: ctx.config, roleOf: ctx.roleOf, botLogin: ctx.botLogin },
    task,
  );
  if (status.commands.held) return { kind: "on-hold" };
  if (status.commands.skips.length > 0) {
    const cutoff = await ctx.skipCutoff();
    if (status.commands.skips.some((at) => cutoff === null || at > cutoff)) {
      return { kind: "skipped-once" };
    }
  }
  return status.approval ? { kind: "needs-approval", ...status.approval } : null;
}
