import { notFound } from "../errors.js";
import type { IssueRecord, PullRecord, RepoRecord } from "../model.js";
import { renderReview, renderReviewComment } from "../render-reviews.js";
import {
  numberParam,
  ok,
  paginate,
  repoOf,
  route,
  sortBy,
  type Route,
  type RouteRequest,
} from "./kit.js";

/** Pull request reviews and inline review comments (read-only; people write them via `act`). */

function pullOf(req: RouteRequest, repo: RepoRecord): { issue: IssueRecord; pull: PullRecord } {
  const issue = req.ctx.world.issue(repo, numberParam(req, "pull_number"));
  if (!issue?.pull) throw notFound();
  return { issue, pull: issue.pull };
}

export const reviewRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", "installation", (req) => {
    const repo = repoOf(req);
    const { issue, pull } = pullOf(req, repo);
    const { page, headers } = paginate(req, pull.reviews);
    return ok(
      page.map((review) => renderReview(req.ctx.world, repo, issue, review, req.ctx.urls)),
      200,
      headers,
    );
  }),

  route("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/comments", "installation", (req) => {
    const repo = repoOf(req);
    const { issue, pull } = pullOf(req, repo);
    // Review comments are never edited here, so `updated` orders as `created` does.
    const sorted = sortBy(pull.reviewComments, (c) => c.createdAt, req.query.get("direction"));
    const { page, headers } = paginate(req, sorted);
    return ok(
      page.map((c) => renderReviewComment(req.ctx.world, repo, issue, c, req.ctx.urls)),
      200,
      headers,
    );
  }),
];
