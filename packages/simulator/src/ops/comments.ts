import type { SimContext } from "../context.js";
import { emit } from "../events.js";
import type {
  CommentRecord,
  IssueRecord,
  ReactionContent,
  ReactionRecord,
  RepoRecord,
  UserRecord,
} from "../model.js";
import type { Json } from "../render.js";
import { renderComment, renderIssue } from "../render-issues.js";
import { assertWritable, byApp, touch } from "./common.js";

/** Issue comments and their reactions, with `issue_comment` webhooks. */

function emitComment(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  comment: CommentRecord,
  actor: UserRecord,
  action: string,
  extra: Json = {},
): void {
  // On a pull request the payload still carries the issue form (with its `pull_request` links).
  emit(ctx, "issue_comment", repo, actor, {
    action,
    ...extra,
    issue: renderIssue(ctx.world, repo, issue, ctx.urls),
    comment: renderComment(ctx.world, repo, comment, ctx.urls),
  });
}

export function createComment(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: UserRecord,
  body: string,
): CommentRecord {
  assertWritable(repo);
  const now = ctx.world.timestamp();
  const comment: CommentRecord = {
    id: ctx.world.nextId("comment"),
    issueNumber: issue.number,
    user: actor,
    body,
    createdAt: now,
    updatedAt: now,
    viaApp: byApp(ctx, actor),
    reactions: [],
  };
  ctx.world.addComment(repo, issue, comment);
  touch(ctx, issue);
  emitComment(ctx, repo, issue, comment, actor, "created");
  return comment;
}

export function editComment(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  comment: CommentRecord,
  actor: UserRecord,
  body: string,
): void {
  assertWritable(repo);
  if (body === comment.body) return;
  const from = comment.body;
  comment.body = body;
  comment.updatedAt = ctx.world.timestamp();
  emitComment(ctx, repo, issue, comment, actor, "edited", { changes: { body: { from } } });
}

export function deleteComment(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  comment: CommentRecord,
  actor: UserRecord,
): void {
  assertWritable(repo);
  ctx.world.removeComment(issue, comment);
  emitComment(ctx, repo, issue, comment, actor, "deleted");
}

/** Adds a reaction; an identical reaction by the same user is returned as it was (GitHub's 200). */
export function react(
  ctx: SimContext,
  repo: RepoRecord,
  comment: CommentRecord,
  actor: UserRecord,
  content: ReactionContent,
): { reaction: ReactionRecord; created: boolean } {
  assertWritable(repo);
  const existing = comment.reactions.find((r) => r.user === actor && r.content === content);
  if (existing) return { reaction: existing, created: false };
  const reaction: ReactionRecord = {
    id: ctx.world.nextId("reaction"),
    user: actor,
    content,
    createdAt: ctx.world.timestamp(),
  };
  comment.reactions.push(reaction);
  return { reaction, created: true };
}
