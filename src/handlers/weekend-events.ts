import type { Context } from "probot";
import { handleWeekendTick } from "../report/weekend-tick.js";
import { commentPayload, type CommentPayload, type IssueEventContext } from "./issue-event.js";
import { isReportIssue } from "./report-events.js";
import { repoContext, type HandlerCaches } from "./repo-context.js";

/** An edited comment, with the body it had before. */
export interface CommentEditPayload extends CommentPayload {
  before: string;
}

const LIST_TAG = "<!-- nightshift:weekend #";

/** Only edits of a weekend list (a bot comment with weekend boxes) need any work. */
export const editsWeekendList = (payload: Context<"issue_comment.edited">["payload"]): boolean =>
  payload.changes.body !== undefined &&
  payload.comment.body.includes(LIST_TAG) &&
  payload.comment.user?.type === "Bot";

export function commentEditPayload(
  payload: Context<"issue_comment.edited">["payload"],
): CommentEditPayload {
  return { ...commentPayload(payload), before: payload.changes.body?.from ?? "" };
}

/** The weekend list on the report issue was edited: check the ticks (report/weekend-tick.ts). */
export async function onWeekendListEdited(
  context: IssueEventContext<CommentEditPayload>,
  botLogin: string,
  caches: HandlerCaches,
): Promise<void> {
  const { issue, sender, comment, before } = context.payload;
  if (sender.login === botLogin || comment.user?.login !== botLogin) return;
  const repo = await repoContext(context, botLogin, caches);
  if (!repo || !isReportIssue(issue, repo.config)) return;
  await handleWeekendTick({
    ...repo,
    reportIssue: issue.number,
    commentId: comment.id,
    before,
    after: comment.body,
    editor: { login: sender.login, type: sender.type === "User" ? "User" : "Bot" },
    at: comment.updated_at,
    readIssue: async (number) => {
      const { issue, isPullRequest } = await repo.github.getIssue(repo.repo, number);
      return issue.state === "open" && !isPullRequest ? issue : null;
    },
    logger: context.log,
  });
}
