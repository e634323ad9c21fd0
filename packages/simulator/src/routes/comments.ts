import { z } from "zod";
import { notFound } from "../errors.js";
import { REACTION_CONTENTS, type CommentRecord, type IssueRecord } from "../model.js";
import { createComment, deleteComment, editComment, react } from "../ops/comments.js";
import { renderComment, renderReaction } from "../render-issues.js";
import {
  actor,
  issueOf,
  noContent,
  numberParam,
  ok,
  paginate,
  parseBody,
  repoOf,
  route,
  sortBy,
  type Route,
  type RouteRequest,
} from "./kit.js";

/** Issue comments and comment reactions. */

const commentBody = z.object({ body: z.string() });
const reactionBody = z.object({ content: z.enum(REACTION_CONTENTS) });

function commentOf(req: RouteRequest): { issue: IssueRecord; comment: CommentRecord } {
  const found = req.ctx.world.comment(repoOf(req), numberParam(req, "comment_id"));
  if (!found) throw notFound();
  return found;
}

const since = (req: RouteRequest, comment: CommentRecord): boolean => {
  const value = req.query.get("since");
  return !value || Date.parse(comment.updatedAt) >= Date.parse(value);
};

export const commentRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "installation", (req) => {
    const repo = repoOf(req);
    const comments = issueOf(req, repo).comments.filter((c) => since(req, c));
    const { page, headers } = paginate(req, comments);
    return ok(
      page.map((c) => renderComment(req.ctx.world, repo, c, req.ctx.urls)),
      200,
      headers,
    );
  }),

  route("GET", "/repos/{owner}/{repo}/issues/comments", "installation", (req) => {
    const repo = repoOf(req);
    const all = repo.issues.flatMap((i) => i.comments).filter((c) => since(req, c));
    const key =
      req.query.get("sort") === "updated"
        ? (c: CommentRecord) => c.updatedAt
        : (c: CommentRecord) => c.createdAt;
    const sorted = sortBy(all, key, req.query.get("direction") ?? "asc");
    const { page, headers } = paginate(req, sorted);
    return ok(
      page.map((c) => renderComment(req.ctx.world, repo, c, req.ctx.urls)),
      200,
      headers,
    );
  }),

  route("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", "installation", (req) => {
    const repo = repoOf(req);
    const { body } = parseBody(commentBody, req.body);
    const comment = createComment(req.ctx, repo, issueOf(req, repo), actor(req), body);
    const rendered = renderComment(req.ctx.world, repo, comment, req.ctx.urls);
    return ok(rendered, 201, { location: String(rendered.url) });
  }),

  route("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", "installation", (req) => {
    const { comment } = commentOf(req);
    return ok(renderComment(req.ctx.world, repoOf(req), comment, req.ctx.urls));
  }),

  route("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", "installation", (req) => {
    const repo = repoOf(req);
    const { issue, comment } = commentOf(req);
    const { body } = parseBody(commentBody, req.body);
    editComment(req.ctx, repo, issue, comment, actor(req), body);
    return ok(renderComment(req.ctx.world, repo, comment, req.ctx.urls));
  }),

  route("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}", "installation", (req) => {
    const { issue, comment } = commentOf(req);
    deleteComment(req.ctx, repoOf(req), issue, comment, actor(req));
    return noContent();
  }),

  route(
    "GET",
    "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    "installation",
    (req) => {
      const { comment } = commentOf(req);
      const content = req.query.get("content");
      const reactions = comment.reactions.filter((r) => !content || r.content === content);
      const { page, headers } = paginate(req, reactions);
      return ok(
        page.map((r) => renderReaction(r, req.ctx.urls)),
        200,
        headers,
      );
    },
  ),

  route(
    "POST",
    "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions",
    "installation",
    (req) => {
      const { comment } = commentOf(req);
      const { content } = parseBody(reactionBody, req.body);
      const { reaction, created } = react(req.ctx, repoOf(req), comment, actor(req), content);
      return ok(renderReaction(reaction, req.ctx.urls), created ? 201 : 200);
    },
  ),

  route(
    "DELETE",
    "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions/{reaction_id}",
    "installation",
    (req) => {
      const { comment } = commentOf(req);
      const id = numberParam(req, "reaction_id");
      const before = comment.reactions.length;
      comment.reactions = comment.reactions.filter((r) => r.id !== id);
      if (comment.reactions.length === before) throw notFound();
      return noContent();
    },
  ),
];
