import type { Context } from "probot";
import type { Logger, RepoRef } from "../types.js";

/**
 * What queued work keeps of an issue or comment delivery: the few payload fields the handlers
 * read. Probot's context holds the whole payload (~13 KB) and an installation Octokit (~12 KB);
 * thousands of those waiting in the queue during a burst made the garbage collector a large
 * share of answering. The Octokit is made when the work starts.
 */
export interface IssueEventContext<P> {
  /** The delivery id (`X-GitHub-Delivery`). */
  id: string;
  payload: P;
  octokit: Context["octokit"];
  log: Logger;
  repo(): RepoRef;
}

export interface EventUser {
  login: string;
  type?: string;
}

export interface EventIssue {
  number: number;
  title: string;
  body: string | null;
  labels: { name: string }[];
  user: EventUser | null;
  created_at: string;
  updated_at: string;
  state: string;
  /** Set when the "issue" is a pull request. */
  pull_request: boolean;
}

export interface EventComment {
  id: number;
  body: string;
  user: EventUser | null;
  created_at: string;
  updated_at: string;
}

export interface IssuePayload {
  issue: EventIssue;
  sender: EventUser;
}

export interface EditPayload extends IssuePayload {
  changes: { title?: { from: string }; body?: { from: string } };
}

export interface CommentPayload extends IssuePayload {
  comment: EventComment;
}

type WebhookIssue = Context<"issues" | "issue_comment">["payload"]["issue"];
type WebhookUser = { login: string; type?: string } | null | undefined;

const slimUser = (user: WebhookUser): EventUser | null =>
  user ? { login: user.login, ...(user.type === undefined ? {} : { type: user.type }) } : null;

function slimIssue(issue: WebhookIssue): EventIssue {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? null,
    labels: (issue.labels ?? []).flatMap((label) => (label ? [{ name: label.name }] : [])),
    user: slimUser(issue.user),
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    state: issue.state ?? "open",
    pull_request: Boolean(issue.pull_request),
  };
}

export function issuePayload({ issue, sender }: Context<"issues">["payload"]): IssuePayload {
  return { issue: slimIssue(issue), sender: slimUser(sender) ?? { login: "ghost" } };
}

export function editPayload(payload: Context<"issues.edited">["payload"]): EditPayload {
  const { title, body } = payload.changes;
  return {
    ...issuePayload(payload),
    changes: {
      ...(title ? { title: { from: title.from } } : {}),
      ...(body ? { body: { from: body.from } } : {}),
    },
  };
}

export function commentPayload(
  payload: Context<"issue_comment.created" | "issue_comment.edited">["payload"],
): CommentPayload {
  const { comment, issue, sender } = payload;
  return {
    issue: slimIssue(issue),
    sender: slimUser(sender) ?? { login: "ghost" },
    comment: {
      id: comment.id,
      body: comment.body,
      user: slimUser(comment.user),
      created_at: comment.created_at,
      updated_at: comment.updated_at,
    },
  };
}
