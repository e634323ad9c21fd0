import { findStatusComment } from "../approval/status-comment.js";
import { syncIssueStatus, type SyncInput } from "../approval/sync.js";
import type { RepoConfig } from "../config/repo-schema.js";
import type { SkipReason } from "../queue/skip-reason.js";
import type { Task } from "../queue/task.js";
import { taskFromIssue } from "../queue/task.js";
import { calibrateTask } from "../queue/task-estimate.js";
import type { CommentSnapshot, IssueSnapshot, Logger } from "../types.js";
import { readCommentHistories, type CommentHistories } from "./comment-histories.js";
import { dependencyView } from "./dependency-view.js";
import { lastReportAt } from "./last-report.js";
import type { RepoTarget } from "../github/target.js";
import type { PlanOptions } from "./plan.js";
import { collaboratorRoster, roleLookup } from "./roles.js";
import { triageByComments, triageWithoutComments } from "./triage.js";

export interface Verdict {
  task: Task;
  /** Why the task may not run tonight, or null when it may (quota aside). */
  reason: SkipReason | null;
}

/** The people whose roles the comment pass may ask for: authors of the tasks and comments. */
function peopleIn(tasks: readonly Task[], histories: CommentHistories): Set<string> {
  const people = new Set<string>();
  const add = (who: IssueSnapshot | CommentSnapshot) => {
    if (who.authorType === "User") people.add(who.author.toLowerCase());
  };
  for (const task of tasks) add(task.issue);
  for (const comments of histories.values()) comments.forEach(add);
  return people;
}

/**
 * Every queued issue's verdict, in queue order, in two passes so planning stays cheap: labels,
 * size and dependencies first; then, for the tasks still in the running, their comment
 * histories and the roles of the people in them, each read in bulk where that costs fewer
 * requests (see `readCommentHistories` and `collaboratorRoster`).
 */
export async function triageAll(
  target: RepoTarget,
  config: RepoConfig,
  issues: readonly IssueSnapshot[],
  logger: Logger,
  options: PlanOptions = {},
): Promise<Verdict[]> {
  const { github, ref, botLogin } = target;
  const early = {
    config,
    dependencies: dependencyView(github, ref, issues),
    ...(options.maxSize ? { maxSize: options.maxSize } : {}),
  };
  const verdicts: Verdict[] = [];
  for (const issue of issues) {
    if (issue.labels.includes(config.labels.report)) continue;
    const queued = taskFromIssue(ref, issue, config);
    const task =
      queued && options.calibration ? calibrateTask(queued, config, options.calibration) : queued;
    if (task) verdicts.push({ task, reason: await triageWithoutComments(task, early) });
  }

  const pending = verdicts.filter((verdict) => verdict.reason === null);
  const tasks = pending.map(({ task }) => task);
  const histories = await readCommentHistories(
    github,
    ref,
    tasks.map((task) => task.issue),
    logger,
  );
  const roster = await collaboratorRoster(github, ref, peopleIn(tasks, histories), logger);
  let cutoff: Promise<string | null> | undefined;
  const context = {
    ...early,
    roleOf: roleLookup(github, ref, logger, roster),
    botLogin,
    skipCutoff: () => (cutoff ??= lastReportAt(github, ref, config, botLogin)),
  };
  for (const verdict of pending) {
    const comments = histories.get(verdict.task.issue.number) ?? [];
    verdict.reason = await triageByComments(verdict.task, comments, context);
    if (options.syncStatus && verdict.reason?.kind === "needs-approval") {
      await showApprovalNeeded(verdict.task, comments, { ...context, github, config, logger });
    }
  }
  return verdicts;
}

/**
 * An issue labelled before the app saw any label event (queued before installation, or a
 * missed webhook) has neither `needs-approval` nor the status comment saying why: the plan
 * pass writes them, through the same sync the webhooks use. Nothing is written when both are
 * there; a failure is logged and planning goes on.
 */
async function showApprovalNeeded(
  task: Task,
  comments: readonly CommentSnapshot[],
  ctx: Pick<SyncInput, "github" | "config" | "roleOf" | "botLogin"> & { logger: Logger },
): Promise<void> {
  const labelled = task.issue.labels.includes(ctx.config.labels.needsApproval);
  if (labelled && findStatusComment(comments, ctx.botLogin)) return;
  try {
    await syncIssueStatus({ ...ctx, repo: task.repo, issue: task.issue, comments });
  } catch (error) {
    ctx.logger.warn({ err: error, issue: task.issue.number }, "showing needs-approval failed");
  }
}
