import { approvalFromHistory } from "../approval/history.js";
import { approvalRequirement } from "../approval/policy.js";
import type { RepoConfig } from "../config/repo-schema.js";
import type { GitHubPort, RepoRole } from "../github/port.js";
import type { Task } from "../queue/task.js";

export interface TriageContext {
  github: GitHubPort;
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
}

/**
 * Why a queued task may not run tonight, or null when it may (quota aside).
 * Comments are fetched only for tasks that need approval, to keep planning cheap.
 */
export async function triageTask(task: Task, ctx: TriageContext): Promise<string | null> {
  const { labels } = ctx.config;
  const has = (label: string) => task.issue.labels.includes(label);
  if (task.problems.length > 0) return `label problems: ${task.problems.join("; ")}`;
  if (has(labels.running)) return "already running";
  if (has(labels.prOpen)) return "a Nightshift pull request is already open";
  if (has(labels.failed)) return `failed earlier; remove "${labels.failed}" to re-queue`;

  const requirement = approvalRequirement(
    task.category,
    await ctx.roleOf(task.issue.author),
    ctx.config,
  );
  if (requirement === null) return null;
  const comments = await ctx.github.listComments(task.repo, task.issue.number);
  const approval = await approvalFromHistory(comments, ctx.roleOf);
  if (approval.held) return "on hold";
  return approval.approved ? null : `needs approval (${requirement})`;
}
