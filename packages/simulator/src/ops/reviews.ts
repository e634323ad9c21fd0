import type { SimContext } from "../context.js";
import { emit } from "../events.js";
import { HttpError } from "../errors.js";
import type {
  IssueRecord,
  RepoRecord,
  ReviewCommentRecord,
  ReviewRecord,
  ReviewState,
  UserRecord,
} from "../model.js";
import { renderPull } from "../render-issues.js";
import { renderReview, renderReviewComment } from "../render-reviews.js";
import { assertWritable, touch } from "./common.js";

/**
 * Pull request reviews as a person submits them in the web UI: the review (a
 * `pull_request_review` submitted webhook), then each inline comment it carries (one
 * `pull_request_review_comment` created webhook each), in GitHub's order.
 */

export interface NewReview {
  state: ReviewState;
  body: string;
  comments: { path: string; line: number; body: string }[];
}

export function submitReview(
  ctx: SimContext,
  repo: RepoRecord,
  issue: IssueRecord,
  actor: UserRecord,
  input: NewReview,
): ReviewRecord {
  assertWritable(repo);
  const pull = issue.pull;
  if (!pull) throw new HttpError(404, "Not Found");
  if (issue.state !== "open") throw new HttpError(422, "Can not review a closed pull request");
  if (input.state !== "COMMENTED" && actor === issue.user) {
    throw new HttpError(422, "Can not request changes on or approve your own pull request");
  }
  const now = ctx.world.timestamp();
  const review: ReviewRecord = {
    id: ctx.world.nextId("review"),
    user: actor,
    state: input.state,
    body: input.body,
    commitId: pull.headSha,
    submittedAt: now,
  };
  pull.reviews.push(review);
  const comments = input.comments.map((c): ReviewCommentRecord => ({
    id: ctx.world.nextId("reviewComment"),
    reviewId: review.id,
    user: actor,
    path: c.path,
    line: c.line,
    body: c.body,
    commitId: pull.headSha,
    createdAt: now,
  }));
  pull.reviewComments.push(...comments);
  touch(ctx, issue);
  const pullRequest = renderPull(ctx.world, repo, issue, ctx.urls);
  emit(ctx, "pull_request_review", repo, actor, {
    action: "submitted",
    review: renderReview(ctx.world, repo, issue, review, ctx.urls),
    pull_request: pullRequest,
  });
  for (const comment of comments) {
    emit(ctx, "pull_request_review_comment", repo, actor, {
      action: "created",
      comment: renderReviewComment(ctx.world, repo, issue, comment, ctx.urls),
      pull_request: pullRequest,
    });
  }
  return review;
}
