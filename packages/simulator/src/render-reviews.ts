import {
  fullName,
  type IssueRecord,
  type RepoRecord,
  type ReviewCommentRecord,
  type ReviewRecord,
} from "./model.js";
import { nodeId, renderUser, type Json, type Urls } from "./render.js";
import { authorAssociation } from "./render-issues.js";
import type { World } from "./world.js";

/** JSON shapes of pull request reviews and their inline comments, as GitHub presents them. */

export function renderReview(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  review: ReviewRecord,
  urls: Urls,
): Json {
  const name = fullName(repo);
  const html = `${urls.web}/${name}/pull/${issue.number}#pullrequestreview-${review.id}`;
  const pullApi = `${urls.api}/repos/${name}/pulls/${issue.number}`;
  return {
    id: review.id,
    node_id: nodeId("PullRequestReview", review.id),
    user: renderUser(review.user, urls),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullApi,
    author_association: authorAssociation(world, repo, review.user),
    _links: { html: { href: html }, pull_request: { href: pullApi } },
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
  };
}

export function renderReviewComment(
  world: World,
  repo: RepoRecord,
  issue: IssueRecord,
  comment: ReviewCommentRecord,
  urls: Urls,
): Json {
  const name = fullName(repo);
  const api = `${urls.api}/repos/${name}/pulls/comments/${comment.id}`;
  const html = `${urls.web}/${name}/pull/${issue.number}#discussion_r${comment.id}`;
  const pullApi = `${urls.api}/repos/${name}/pulls/${issue.number}`;
  return {
    url: api,
    pull_request_review_id: comment.reviewId,
    id: comment.id,
    node_id: nodeId("PullRequestReviewComment", comment.id),
    diff_hunk: `@@ -${comment.line} +${comment.line} @@`,
    path: comment.path,
    commit_id: comment.commitId,
    original_commit_id: comment.commitId,
    user: renderUser(comment.user, urls),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    html_url: html,
    pull_request_url: pullApi,
    author_association: authorAssociation(world, repo, comment.user),
    _links: { self: { href: api }, html: { href: html }, pull_request: { href: pullApi } },
    start_line: null,
    original_start_line: null,
    start_side: null,
    line: comment.line,
    original_line: comment.line,
    side: "RIGHT",
    subject_type: "line",
  };
}
