import type { Context } from "probot";
import { pullCommands } from "../approval/commands.js";
import { actorType } from "../github/payloads.js";
import type { FollowUpTrigger } from "../review/request.js";
import { requestFollowUp } from "../review/request.js";
import type { IssueEventContext } from "./issue-event.js";
import { repoContext, type HandlerCaches } from "./repo-context.js";

/** What a follow-up request keeps of its delivery: the pull request, who asked, and how. */
export interface FollowUpPayload {
  /** The pull request's number, as `issue` so the issue handlers' context fits. */
  issue: { number: number };
  requester: { login: string; type?: string };
  trigger: FollowUpTrigger;
}

/** A follow-up asked for on a pull request: checked and recorded by `review/request.ts`. */
export async function onFollowUpRequested(
  context: IssueEventContext<FollowUpPayload>,
  botLogin: string,
  caches: HandlerCaches,
): Promise<void> {
  const repo = await repoContext(context, botLogin, caches);
  if (!repo) return;
  const { issue, requester, trigger } = context.payload;
  await requestFollowUp({
    ...repo,
    pull: issue.number,
    requester: { login: requester.login, type: actorType(requester) },
    trigger,
    logger: context.log,
  });
}

type ReviewPayload = Context<"pull_request_review.submitted">["payload"];
type ReviewCommentPayload = Context<"pull_request_review_comment.created">["payload"];

/** A submitted review that requests changes asks for a follow-up; other reviews ask nothing. */
export function reviewFollowUp(payload: ReviewPayload): FollowUpPayload | null {
  const { review, pull_request } = payload;
  if (review.state.toLowerCase() !== "changes_requested" || !review.user) return null;
  return {
    issue: { number: pull_request.number },
    requester: { login: review.user.login, type: review.user.type },
    trigger: { kind: "changes-requested" },
  };
}

/** An inline review comment that is `/nightshift fix` (a line of its own) asks for a follow-up. */
export function reviewCommentFollowUp(payload: ReviewCommentPayload): FollowUpPayload | null {
  const { comment, pull_request } = payload;
  const user = comment.user;
  if (user?.type !== "User" || pullCommands(comment.body).length === 0) return null;
  return {
    issue: { number: pull_request.number },
    requester: { login: user.login, type: user.type },
    trigger: { kind: "review-comment-command" },
  };
}

/** `/nightshift fix` in a pull request's conversation (an `issue_comment` on a pull request). */
export function pullCommentFollowUp(payload: {
  issue: { number: number; pull_request?: unknown };
  comment: { id: number; body: string; user?: { login: string; type?: string } | null };
}): FollowUpPayload | null {
  const { issue, comment } = payload;
  if (!issue.pull_request || comment.user?.type !== "User") return null;
  if (pullCommands(comment.body).length === 0) return null;
  return {
    issue: { number: issue.number },
    requester: { login: comment.user.login, type: comment.user.type },
    trigger: { kind: "command", commentId: comment.id },
  };
}
