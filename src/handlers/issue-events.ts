import { handleCommentCommands } from "../approval/comment-command.js";
import { issueCommands } from "../approval/commands.js";
import { handleIssueEdit } from "../approval/issue-edit.js";
import { syncIssueStatus } from "../approval/sync.js";
import { commentFromPayload, issueFromPayload } from "../github/payloads.js";
import type { IssueSnapshot } from "../types.js";
import type {
  CommentPayload,
  EditPayload,
  IssueEventContext,
  IssuePayload,
} from "./issue-event.js";
import type { ActionsEvents, IssueRunsCancelled } from "../night/actions-events.js";
import { isReportIssue, onReportIssueEdited, type RepeatAdoptions } from "./report-events.js";
import { repoPlanReply, type PlanContext } from "./plan-reply.js";
import { repoContext, rereadIssue, type HandlerCaches } from "./repo-context.js";

/** Opened, labelled, unlabelled, reopened: bring `needs-approval` and the status comment up to date. */
export async function onIssueChanged(
  context: IssueEventContext<IssuePayload>,
  botLogin: string,
  caches: HandlerCaches,
): Promise<void> {
  // The bot's own label changes are its sync's result, not news.
  if (context.payload.issue.pull_request || context.payload.sender.login === botLogin) return;
  const repo = await repoContext(context, botLogin, caches);
  if (!repo) return;
  await syncIssueStatus({ ...repo, issue: await rereadIssue(context, repo.github) });
}

/** Does this edit change what an approval covers (the title or body)? Pull requests never do. */
export const editsIssueText = ({
  issue,
  changes,
}: {
  issue: { pull_request?: unknown };
  changes: { title?: unknown; body?: unknown };
}): boolean => !issue.pull_request && (changes.title !== undefined || changes.body !== undefined);

/** Could this comment command anything? Only people's comments on issues, with a command in them. */
export const mayCommand = ({
  issue,
  comment,
}: {
  issue: { pull_request?: unknown };
  comment: { user?: { type?: string } | null; body: string };
}): boolean =>
  !issue.pull_request && comment.user?.type === "User" && issueCommands(comment.body).length > 0;

/** Title or body edited: an approval bound to the old text may no longer hold. */
export async function onIssueEdited(
  context: IssueEventContext<EditPayload>,
  botLogin: string,
  caches: HandlerCaches,
  repeats?: RepeatAdoptions,
): Promise<void> {
  const { issue, sender } = context.payload;
  if (!editsIssueText(context.payload)) return;
  const repo = await repoContext(context, botLogin, caches);
  if (!repo) return;
  // The report issue is no task: its edits are dashboard ticks, never text to re-approve.
  if (isReportIssue(issue, repo.config)) {
    await onReportIssueEdited(context, repo, repeats);
    return;
  }
  // Independent reads, asked together.
  const [current, role] = await Promise.all([
    rereadIssue(context, repo.github),
    repo.roleOf(sender.login),
  ]);
  await handleIssueEdit({
    ...repo,
    issue: current,
    editedText: issueFromPayload(issue),
    editor: { login: sender.login, type: sender.type === "User" ? "User" : "Bot", role },
  });
}

/** The issue the comment is on counts it: a count of 0 is stale and must not skip the listing. */
const withComment = (issue: IssueSnapshot): IssueSnapshot =>
  issue.commentCount === 0 ? { ...issue, commentCount: 1 } : issue;

/** A new comment: act on the commands in it. Edited comments never reach here. */
export async function onCommentCreated(
  context: IssueEventContext<CommentPayload>,
  botLoginOf: () => Promise<string>,
  planContext: PlanContext | undefined,
  caches: HandlerCaches,
  actions?: Pick<ActionsEvents, "cancelIssueRuns">,
): Promise<void> {
  const { comment, issue } = context.payload;
  // Cheap filters first: most comments are not commands, and bots never command.
  if (!mayCommand(context.payload) || !comment.user) return;
  const botLogin = await botLoginOf();
  // Someone asked for something: tell them why nothing will happen rather than stay silent.
  const repo = await repoContext(context, botLogin, caches, async (error, github) => {
    await github.createComment(
      context.repo(),
      issue.number,
      `@${comment.user?.login ?? "ghost"} Nightshift is paused on this repository until its config is fixed, so nothing was changed.\n\n\`\`\`\n${error.message}\n\`\`\``,
    );
  });
  if (!repo) return;
  const target = { ref: repo.repo, github: repo.github, botLogin };
  // The commander's role is asked while the issue is re-read; `roleOf` remembers it for the
  // permission check in `handleCommentCommands`.
  const [current] = await Promise.all([
    rereadIssue(context, repo.github),
    repo.roleOf(comment.user.login),
  ]);
  await handleCommentCommands({
    ...repo,
    issue: withComment(current),
    textSeen: issueFromPayload(issue),
    comment: commentFromPayload(comment),
    logger: context.log,
    ...(planContext ? { renderPlan: () => repoPlanReply(target, planContext, context.log) } : {}),
    ...(actions
      ? {
          cancelDispatched: async () =>
            cancelNotice(await actions.cancelIssueRuns(repo.repo, issue.number, repo.github)),
        }
      : {}),
  });
}

/** What the issue is told when `/skip` or `/hold` cancelled its runs on GitHub Actions. */
export function cancelNotice({ cancelled, pending }: IssueRunsCancelled): string | null {
  if (cancelled.length > 0) {
    const runs = cancelled.map((id) => `#${String(id)}`).join(", ");
    return `Cancelled this issue's run on GitHub Actions (workflow run ${runs}); it will be reported as failed, and nothing from it will be shipped.`;
  }
  if (pending > 0) {
    return "This issue's run on GitHub Actions is being dispatched: it will be cancelled as soon as GitHub names it, reported as failed, and nothing from it will be shipped.";
  }
  return null;
}
