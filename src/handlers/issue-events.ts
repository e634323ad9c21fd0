import type { Context } from "probot";
import { handleCommentCommands } from "../approval/comment-command.js";
import type { TtlCache } from "../config/cache.js";
import { parseCommands } from "../approval/commands.js";
import { handleIssueEdit } from "../approval/issue-edit.js";
import { syncIssueStatus } from "../approval/sync.js";
import { commentFromPayload, issueFromPayload } from "../github/payloads.js";
import { isReportIssue, onReportIssueEdited } from "./report-events.js";
import { repoPlanReply, type PlanContext } from "./plan-reply.js";
import { repoContext, rereadIssue } from "./repo-context.js";

/** Opened, labelled, unlabelled, reopened: bring `needs-approval` and the status comment up to date. */
export async function onIssueChanged(
  context: Context<"issues">,
  botLogin: string,
  configs: TtlCache<unknown>,
): Promise<void> {
  // The bot's own label changes are its sync's result, not news.
  if (context.payload.issue.pull_request || context.payload.sender.login === botLogin) return;
  const repo = await repoContext(context, botLogin, configs);
  if (!repo) return;
  await syncIssueStatus({ ...repo, issue: await rereadIssue(context) });
}

/** Title or body edited: an approval bound to the old text may no longer hold. */
export async function onIssueEdited(
  context: Context<"issues.edited">,
  botLogin: string,
  configs: TtlCache<unknown>,
): Promise<void> {
  const { issue, sender, changes } = context.payload;
  if (issue.pull_request || (!changes.title && !changes.body)) return;
  const repo = await repoContext(context, botLogin, configs);
  if (!repo) return;
  // The report issue is no task: its edits are dashboard ticks, never text to re-approve.
  if (isReportIssue(issue, repo.config)) {
    await onReportIssueEdited(context, repo);
    return;
  }
  await handleIssueEdit({
    ...repo,
    issue: await rereadIssue(context),
    editedText: issueFromPayload(issue),
    editor: {
      login: sender.login,
      type: sender.type === "User" ? "User" : "Bot",
      role: await repo.roleOf(sender.login),
    },
  });
}

/** A new comment: act on the commands in it. Edited comments never reach here. */
export async function onCommentCreated(
  context: Context<"issue_comment.created">,
  botLoginOf: () => Promise<string>,
  planContext: PlanContext | undefined,
  configs: TtlCache<unknown>,
): Promise<void> {
  const { comment, issue } = context.payload;
  // Cheap filters first: most comments are not commands, and bots never command.
  if (issue.pull_request || comment.user?.type !== "User") return;
  if (parseCommands(comment.body).length === 0) return;
  const botLogin = await botLoginOf();
  // Someone asked for something: tell them why nothing will happen rather than stay silent.
  const repo = await repoContext(context, botLogin, configs, async (error, github) => {
    await github.createComment(
      context.repo(),
      issue.number,
      `@${comment.user?.login ?? "ghost"} Nightshift is paused on this repository until its config is fixed, so nothing was changed.\n\n\`\`\`\n${error.message}\n\`\`\``,
    );
  });
  if (!repo) return;
  const target = { ref: repo.repo, github: repo.github, botLogin };
  await handleCommentCommands({
    ...repo,
    issue: await rereadIssue(context),
    textSeen: issueFromPayload(issue),
    comment: commentFromPayload(comment),
    logger: context.log,
    ...(planContext ? { renderPlan: () => repoPlanReply(target, planContext, context.log) } : {}),
  });
}
