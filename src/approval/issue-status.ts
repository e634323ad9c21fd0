import type { RepoConfig } from "../config/repo-schema.js";
import type { RepoRole } from "../github/port.js";
import { taskFromIssue, type Task } from "../queue/task.js";
import type { CommentSnapshot, IssueSnapshot, RepoRef } from "../types.js";
import { commandState, type CommandState } from "./history.js";
import { authorRole } from "./author-role.js";
import { approvalRequirement } from "./policy.js";
import { findStatusComment, type StatusComment, type StatusRecord } from "./status-comment.js";
import { issueTextHash } from "./text-hash.js";
import { withDashboardApproval } from "./dashboard-approval.js";
import { approvalProblem, type ApprovalProblem } from "./verdict.js";

/** Everything an issue's labels and comment history say about whether it may run. */
export interface IssueStatus {
  task: Task | null;
  requirement: string | null;
  commands: CommandState;
  status: StatusComment | null;
  /** Why approval holds the task back, or null. */
  approval: ApprovalProblem | null;
}

export interface StatusContext {
  repo: RepoRef;
  config: RepoConfig;
  roleOf: (login: string) => Promise<RepoRole>;
  /** The bot's own login: only its status comment is trusted. */
  botLogin: string | undefined;
  /** Evaluate as if the status comment recorded this (a handler about to write it). */
  record?: StatusRecord;
}

/** Reads an issue's state from its labels and full comment history; the one rule for webhooks and planning. */
export async function issueStatus(
  issue: IssueSnapshot,
  comments: readonly CommentSnapshot[],
  ctx: StatusContext,
  task: Task | null = taskFromIssue(ctx.repo, issue, ctx.config),
): Promise<IssueStatus> {
  const history = await commandState(comments, {
    roleOf: ctx.roleOf,
    approvers: ctx.config.approvals.approvers,
  });
  const status = findStatusComment(comments, ctx.botLogin);
  const commands = await withDashboardApproval(history, ctx.record ?? status?.record, ctx);
  const requirement = task
    ? approvalRequirement(
        task.category,
        await authorRole(issue, ctx.botLogin, ctx.roleOf),
        ctx.config,
      )
    : null;
  return {
    task,
    requirement,
    commands,
    status,
    approval: approvalProblem({
      requirement,
      commands,
      record: ctx.record ?? status?.record ?? null,
      textHash: issueTextHash(issue),
    }),
  };
}
